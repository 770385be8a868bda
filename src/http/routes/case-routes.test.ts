import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord } from '../../../test/builders/records.ts'
import { type ApiServer, postJson, startApiServer } from '../../../test/http/api-server.ts'
import type { SqliteEventStore } from '../../adapters/storage/sqlite/sqlite-event-store.ts'
import type { ReviewerRole } from '../../core/access/reviewer.ts'
import type { Instant } from '../../core/time.ts'

const PASSWORD = 'a long enough password 123'

async function sessionOf(api: ApiServer, name: string, role: ReviewerRole): Promise<string> {
  await api.app.createReviewer({ name, role, password: PASSWORD }, 'test')
  const res = await api.fetch('/v1/session', postJson({ name, password: PASSWORD }), null)
  return ((await res.json()) as { token: string }).token
}

describe('cases and the audit trail over HTTP', () => {
  it('a review decision opens a case; reviewers take and close it; only leads take one from another', async (t) => {
    const api = await startApiServer(t)
    assert.equal((await api.fetch('/v1/records', postJson(anAccountRecord({ account: 's1' })))).status, 200)
    await (api.app.events as SqliteEventStore).policyStore().recordDecisions([
      {
        key: 'k1',
        account: 's1',
        policy: 'second-review',
        policyVersion: 1,
        rule: 'cluster-failed-verifications',
        trigger: 'event',
        action: { type: 'review', reason: 'cluster_failed_verifications', scope: 'account', priority: 'urgent' },
        evidence: { features: { 'cluster.failed_verifications': 2 }, links: [] },
        mode: 'live',
        sweep: null,
        actor: 'policy',
        at: (Date.now() - 5 * 3_600_000) as Instant,
      },
    ])
    const bo = await sessionOf(api, 'bo', 'reviewer')
    const cy = await sessionOf(api, 'cy', 'reviewer')
    const di = await sessionOf(api, 'di', 'lead')
    const queue = (await (await api.fetch('/v1/cases', {}, bo)).json()) as {
      cases: { id: number; overdue: boolean; priority: string }[]
    }
    assert.equal(queue.cases.length, 1)
    assert.deepEqual([queue.cases[0]?.priority, queue.cases[0]?.overdue], ['urgent', true], 'urgent: 4 hours')
    const id = queue.cases[0]!.id
    const one = (await (await api.fetch(`/v1/cases/${id}`, {}, bo)).json()) as { decision: { rule: string } }
    assert.equal(one.decision.rule, 'cluster-failed-verifications')

    const take = (token: string, body?: object) =>
      api.fetch(`/v1/cases/${id}/assign`, body === undefined ? { method: 'POST' } : postJson(body), token)
    assert.equal((await take(bo)).status, 200)
    assert.equal((await take(cy)).status, 409, 'taken by someone else')
    assert.equal((await take(cy, { steal: true })).status, 403, 'only leads take a case from another reviewer')
    const stolen = await take(di, { steal: true })
    assert.equal(((await stolen.json()) as { assignee: string }).assignee, 'reviewer:di')
    const close = await api.fetch(
      `/v1/cases/${id}/close`,
      postJson({ outcome: 'no_action', note: 'Tower tenants.' }),
      di,
    )
    assert.equal(close.status, 200)
    assert.equal(((await (await api.fetch('/v1/cases', {}, bo)).json()) as { cases: unknown[] }).cases.length, 0)

    assert.equal((await api.fetch('/v1/audit', {}, bo)).status, 403, 'the audit trail is for leads')
    const audit = (await (await api.fetch('/v1/audit?subject=s1', {}, di)).json()) as { records: { action: string }[] }
    assert.deepEqual(
      audit.records.map((r) => r.action),
      ['decision.record', 'case.open', 'case.assign', 'case.assign', 'case.close'],
    )
    assert.equal((await api.fetch('/v1/audit?limit=1')).status, 200, 'and for read keys')
  })

  it('a lead lifts a restriction, a reviewer may not, and the seller is told', async (t) => {
    const api = await startApiServer(t)
    assert.equal((await api.fetch('/v1/records', postJson(anAccountRecord({ account: 's1' })))).status, 200)
    await (api.app.events as SqliteEventStore).policyStore().recordDecisions([
      {
        key: 'k1',
        account: 's1',
        policy: 'p',
        policyVersion: 1,
        rule: 'r',
        trigger: 'sweep',
        action: { type: 'hold_payouts', reason: 'chargeback_spike', scope: 'account' },
        evidence: { features: {}, links: [] },
        mode: 'live',
        sweep: null,
        actor: 'policy',
        at: Date.now() as Instant,
      },
    ])
    const [r] = await api.app.restrictionsOf('s1')
    const lift = (token: string) =>
      api.fetch(
        `/v1/restrictions/${r!.id}/lift`,
        postJson({ reason: 'The chargebacks were fraud on the buyer side.' }),
        token,
      )
    assert.equal((await lift(await sessionOf(api, 'bo', 'reviewer'))).status, 403)
    const lead = await sessionOf(api, 'di', 'lead')
    assert.deepEqual(await (await lift(lead)).json(), { lifted: true })
    assert.deepEqual(await (await lift(lead)).json(), { lifted: false })
    await api.app.tick()
    const kinds = (await api.app.noticesOf('s1')).map((n) => n.kind)
    assert.deepEqual(kinds, ['restriction', 'reinstatement'])
    const [, reinstated] = await api.app.noticesOf('s1')
    assert.match(reinstated!.text, /fraud on the buyer side/)
  })
})
