import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import { anAccountRecord } from '../../../test/builders/records.ts'
import { type ApiServer, postJson, startApiServer } from '../../../test/http/api-server.ts'
import type { SqliteEventStore } from '../../adapters/storage/sqlite/sqlite-event-store.ts'
import type { ReviewerRole } from '../../core/access/reviewer.ts'
import type { Action } from '../../core/policy/policy.ts'
import type { NewDecision } from '../../ports/index.ts'

const PASSWORD = 'a long enough password 123'
const SUSPEND: Action = { type: 'suspend', reason: 'linked_to_deactivated', scope: 'cluster', noticeDays: 0 }
const POSTCARD: Action = {
  type: 'require_verification',
  reason: 'address_unconfirmed',
  scope: 'account',
  methods: ['postcard'],
  deadlineDays: 21,
  onExpiry: 'hold_payouts',
  reinstateOnLatePass: true,
}

const decision = (
  key: string,
  account: string,
  action: Action,
  over: { via?: string; rule?: string } = {},
): NewDecision => ({
  key,
  account,
  policy: 'second-review',
  policyVersion: 1,
  rule: over.rule ?? 'r',
  trigger: 'sweep',
  action,
  evidence: { features: { 'cluster.deactivated': 1 }, links: [], ...(over.via === undefined ? {} : { via: over.via }) },
  mode: 'live',
  sweep: 'sw1',
  actor: 'lead:alice',
  at: Date.now() as NewDecision['at'],
})

/** A server with three sellers, a cluster-wide suspension of all three, and a postcard requirement for s1. */
async function setUp(t: TestContext): Promise<ApiServer> {
  const api = await startApiServer(t, {}, { ONESELLER_POSTCARD_SECRET: 'postcard-secret-of-these-tests' })
  const address = { role: 'business', lines: ['10 Downing St'], city: 'London', postalCode: 'SW1A 2AA', country: 'GB' }
  for (const a of ['s1', 's2', 's3']) {
    const res = await api.fetch('/v1/records', postJson(anAccountRecord({ account: a, addresses: [address] })))
    assert.equal(res.status, 200)
  }
  const policies = (api.app.events as SqliteEventStore).policyStore()
  await policies.recordDecisions([
    decision('k1', 's1', SUSPEND),
    decision('k2', 's2', SUSPEND, { via: 's1' }),
    decision('k3', 's3', SUSPEND, { via: 's1' }),
    decision('k4', 's1', POSTCARD, { rule: 'postcard' }),
  ])
  return api
}

async function sessionOf(api: ApiServer, name: string, role: ReviewerRole): Promise<string> {
  await api.app.createReviewer({ name, role, password: PASSWORD }, 'test')
  const res = await api.fetch('/v1/session', postJson({ name, password: PASSWORD }), null)
  return ((await res.json()) as { token: string }).token
}

async function sellerToken(api: ApiServer, account: string): Promise<string> {
  const { secret } = await api.app.createApiKey({ name: 'portal issuer', scopes: 'portal:issue' })
  const res = await api.fetch('/v1/portal-tokens', postJson({ account }), secret)
  return ((await res.json()) as { token: string }).token
}

const json = async (res: Response) => (await res.json()) as Record<string, unknown>

describe('verification workflows over HTTP', () => {
  it('a seller appeals their own decision, a reviewer overturns it, a lead overturns it for the cluster', async (t) => {
    const api = await setUp(t)
    const s2 = await sellerToken(api, 's2')
    const decisions = (await json(await api.fetch('/v1/accounts/s2/decisions', {}, s2))).decisions as { id: number }[]
    const d2 = decisions[0]!.id

    const other = await api.fetch('/v1/accounts/s1/appeals', postJson({ decision: d2, statement: 'x' }), s2)
    assert.equal(other.status, 403, "a seller cannot act on another seller's account")
    const filed = await api.fetch('/v1/accounts/s2/appeals', postJson({ decision: d2, statement: 'Not linked.' }), s2)
    assert.equal(filed.status, 201)
    const appeal = await json(filed)
    assert.equal(appeal.filedBy, 'seller:s2')
    const again = await api.fetch('/v1/accounts/s2/appeals', postJson({ decision: d2, statement: 'Again.' }), s2)
    assert.equal(again.status, 409)

    const reviewer = await sessionOf(api, 'bo', 'reviewer')
    const queue = await json(await api.fetch('/v1/appeals?open=true', {}, reviewer))
    assert.deepEqual(
      (queue.appeals as { id: number }[]).map((a) => a.id),
      [appeal.id],
    )
    const reach = await api.fetch(`/v1/appeals/${appeal.id}/reach`, {}, reviewer)
    assert.equal(reach.status, 200, await reach.clone().text())
    const preview = (await reach.json()) as {
      decision: { id: number }
      own: { restrictions: { account: string; kind: string }[]; decisions: { account: string }[] }
      cluster: { restrictions: { account: string }[]; decisions: { account: string }[] } | null
    }
    assert.equal(preview.decision.id, d2)
    assert.deepEqual(
      preview.own.restrictions.map((r) => [r.account, r.kind]),
      [['s2', 'suspend']],
    )
    assert.deepEqual(preview.cluster?.decisions.map((d) => d.account).sort(), ['s1', 's2', 's3'])
    assert.deepEqual(preview.cluster?.restrictions.map((r) => r.account).sort(), ['s1', 's2', 's3'])
    assert.equal((await api.fetch(`/v1/appeals/${appeal.id}/reach`, {}, s2)).status, 403, 'not for sellers')
    assert.equal((await api.fetch('/v1/appeals/999/reach', {}, reviewer)).status, 404)
    const bySeller = await api.fetch(
      `/v1/appeals/${appeal.id}/decision`,
      postJson({ outcome: 'overturned', reason: 'x' }),
      s2,
    )
    assert.equal(bySeller.status, 403, 'a seller cannot decide appeals')
    const wide = await api.fetch(
      `/v1/appeals/${appeal.id}/decision`,
      postJson({ outcome: 'overturned', reason: 'Registered agent.', cluster: true }),
      reviewer,
    )
    assert.equal(wide.status, 403, 'a reviewer cannot overturn for a whole cluster: a lead can')
    const lead = await sessionOf(api, 'cy', 'lead')
    const decided = await api.fetch(
      `/v1/appeals/${appeal.id}/decision`,
      postJson({ outcome: 'overturned', reason: 'Registered agent.', cluster: true }),
      lead,
    )
    assert.equal(decided.status, 200)
    const outcome = await json(decided)
    assert.equal((outcome.overturned as number[]).length, 3)
    for (const account of ['s1', 's2', 's3']) {
      const r = await json(await api.fetch(`/v1/accounts/${account}/restrictions`))
      assert.deepEqual(
        (r.restrictions as { liftReason: string }[]).map((x) => x.liftReason),
        ['appeal_overturned'],
        account,
      )
    }
  })

  it('a seller enters the postcard code: wrong, malformed, then right; the notices are readable', async (t) => {
    const api = await setUp(t)
    const batch = await api.app.printPostcards()
    assert.equal(batch.cards, 1)
    await api.app.markPostcardsPrinted(batch.batch)
    const s1 = await sellerToken(api, 's1')
    const enter = async (code: string) => json(await api.fetch('/v1/accounts/s1/postcard-code', postJson({ code }), s1))
    assert.equal((await enter('2222-2222')).outcome, 'wrong_code')
    assert.deepEqual(await enter('OOOO-0000'), {
      outcome: 'malformed',
      accepted: false,
      attemptsLeft: 4,
      message: (await enter('OOOO-0000')).message,
    })
    const other = await api.fetch('/v1/accounts/s2/postcard-code', postJson({ code: '2222-2222' }), s1)
    assert.equal(other.status, 403)

    const tick = await api.app.tick()
    assert.ok(tick.noticesComposed >= 2)
    const notices = (await json(await api.fetch('/v1/accounts/s1/notices', {}, s1))).notices as {
      id: number
      kind: string
    }[]
    assert.ok(notices.some((n) => n.kind === 'verification_requested'))
    const one = await json(await api.fetch(`/v1/accounts/s1/notices/${notices[0]!.id}`, {}, s1))
    assert.match(one.html as string, /<html/i)
    const foreign = await api.fetch(`/v1/accounts/s2/notices/${notices[0]!.id}`, {}, await sellerToken(api, 's2'))
    assert.equal(foreign.status, 404, "another account's notice is not found under this one")
  })
})
