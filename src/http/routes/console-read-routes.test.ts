import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, aStatusRecord } from '../../../test/builders/records.ts'
import { type ApiServer, linkedMarketplace, postJson, startApiServer } from '../../../test/http/api-server.ts'
import type { SqliteEventStore } from '../../adapters/storage/sqlite/sqlite-event-store.ts'
import type { ReviewerRole } from '../../core/access/reviewer.ts'
import type { Action } from '../../core/policy/policy.ts'
import type { NewDecision } from '../../ports/index.ts'

const PASSWORD = 'a long enough password 123'
const HOUR = 3_600_000
const DAY = 24 * HOUR

async function sessionOf(api: ApiServer, name: string, role: ReviewerRole): Promise<string> {
  await api.app.createReviewer({ name, role, password: PASSWORD }, 'test')
  const res = await api.fetch('/v1/session', postJson({ name, password: PASSWORD }), null)
  assert.equal(res.status, 200)
  return ((await res.json()) as { token: string }).token
}

const requireVideo = (deadlineDays: number): Action => ({
  type: 'require_verification',
  reason: 'video_verification_missing',
  scope: 'account',
  methods: ['video'],
  deadlineDays,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
})

/** A live decision made `ageDays` ago requiring a video within `deadlineDays`. */
const decision = (account: string, deadlineDays: number, ageDays = 0): NewDecision => ({
  key: `k-${account}`,
  account,
  policy: 'video',
  policyVersion: 1,
  rule: 'video-missing',
  trigger: 'sweep',
  action: requireVideo(deadlineDays),
  evidence: { features: {}, links: [] },
  mode: 'live',
  sweep: null,
  actor: 'test',
  at: (Date.now() - ageDays * DAY) as NewDecision['at'],
})

describe('GET /v1/accounts/{id}/cluster/members', () => {
  it("lists the cluster's members with their status, for reviewers; 404 outside the latest run", async (t) => {
    const api = await startApiServer(t)
    const records = [...linkedMarketplace(), aStatusRecord('suspended', { account: 'op2' })]
    assert.equal((await api.fetch('/v1/records', postJson(records))).status, 200)
    await api.app.runLinkage()
    const reviewer = await sessionOf(api, 'ana', 'reviewer')

    const res = await api.fetch('/v1/accounts/op1/cluster/members', {}, reviewer)
    assert.equal(res.status, 200, await res.clone().text())
    const body = (await res.json()) as { members: { id: string; status: string; marketplace: string | null }[] }
    assert.deepEqual(
      body.members.map((m) => [m.id, m.status]),
      [
        ['op1', 'active'],
        ['op2', 'suspended'],
      ],
    )
    assert.ok(body.members.every((m) => m.marketplace !== null))

    const page = (await (await api.fetch('/v1/accounts/op1/cluster/members?limit=1', {}, reviewer)).json()) as {
      members: { id: string }[]
      page: { nextCursor: string | null }
    }
    assert.deepEqual(
      page.members.map((m) => m.id),
      ['op1'],
    )
    assert.notEqual(page.page.nextCursor, null)
    assert.equal((await api.fetch('/v1/accounts/nobody/cluster/members', {}, reviewer)).status, 404)
    assert.equal((await api.fetch('/v1/accounts/op1/cluster/members', {}, null)).status, 401)
  })
})

describe('GET /v1/requirements/due', () => {
  it('lists open requirements due within the hours asked, the overdue first; withdrawn ones never', async (t) => {
    const api = await startApiServer(t)
    const accounts = ['overdue', 'tomorrow', 'next-week', 'withdrawn']
    assert.equal(
      (await api.fetch('/v1/records', postJson(accounts.map((account) => anAccountRecord({ account }))))).status,
      200,
    )
    const policies = (api.app.events as SqliteEventStore).policyStore()
    await policies.recordDecisions([
      decision('overdue', 7, 8),
      decision('tomorrow', 1),
      decision('next-week', 7),
      decision('withdrawn', 1),
    ])
    // A requirement withdrawn (its decision overturned on appeal) is due no more.
    const withdrawn = (await api.app.requirementsOf('withdrawn'))[0]!
    const appeal = await api.app.fileAppeal({
      account: 'withdrawn',
      decision: withdrawn.decision,
      statement: 'I did it.',
      files: [],
      actor: 'seller:withdrawn',
    })
    await api.app.decideAppeal({
      appeal: appeal.id,
      outcome: 'overturned',
      reason: 'ok',
      actor: 'test',
      cluster: false,
    })
    const reviewer = await sessionOf(api, 'ana', 'reviewer')

    const due = async (query: string) =>
      (await (await api.fetch(`/v1/requirements/due${query}`, {}, reviewer)).json()) as {
        until: string
        requirements: { account: string; state: string }[]
        more: boolean
      }
    const soon = await due('')
    assert.deepEqual(
      soon.requirements.map((r) => r.account),
      ['overdue', 'tomorrow'],
    )
    const until = Date.parse(soon.until) - Date.now()
    assert.ok(until > 71 * HOUR && until <= 72 * HOUR, 'three days ahead by default')
    assert.deepEqual(
      (await due('?withinHours=200')).requirements.map((r) => r.account),
      ['overdue', 'tomorrow', 'next-week'],
    )
    const first = await due('?withinHours=200&limit=1')
    assert.deepEqual([first.requirements.length, first.more], [1, true])
    assert.equal((await api.fetch('/v1/requirements/due?withinHours=0', {}, reviewer)).status, 400)
  })
})

describe('what the console does with a session', () => {
  it('reviewers read policies, jobs and restrictions; leads start sweeps, reviewers may not', async (t) => {
    const api = await startApiServer(t, { jobPollMs: 10 })
    await api.fetch('/v1/records', postJson([anAccountRecord({ account: 's1' })]))
    const policy =
      'policy: video\nrules:\n  - id: all\n    on: sweep\n    when: account.status == "active"\n    action:\n      type: review\n      reason: look\n      priority: low\n'
    const loaded = await api.fetch('/v1/policies', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: policy,
    })
    assert.equal(loaded.status, 201)
    const reviewer = await sessionOf(api, 'bo', 'reviewer')
    const lead = await sessionOf(api, 'cy', 'lead')

    assert.equal((await api.fetch('/v1/policies', {}, reviewer)).status, 200)
    assert.equal((await api.fetch('/v1/policies/video', {}, reviewer)).status, 200)
    assert.equal((await api.fetch('/v1/jobs', {}, reviewer)).status, 200)
    assert.equal((await api.fetch('/v1/accounts/s1/restrictions', {}, reviewer)).status, 200)

    assert.equal((await api.fetch('/v1/sweeps', postJson({ policy: 'video' }), reviewer)).status, 403)
    const started = await api.fetch('/v1/sweeps', postJson({ policy: 'video' }, { 'idempotency-key': 'k1' }), lead)
    assert.equal(started.status, 202, await started.clone().text())
    const { job } = (await started.json()) as { job: { id: number; createdBy: string } }
    assert.equal(job.createdBy, 'reviewer:cy', 'the job names the lead who started it')
    const again = await api.fetch('/v1/sweeps', postJson({ policy: 'video' }, { 'idempotency-key': 'k1' }), lead)
    assert.equal(((await again.json()) as { job: { id: number } }).job.id, job.id, "a retry gets the lead's job")
    assert.equal((await api.fetch(`/v1/jobs/${job.id}`, {}, lead)).status, 200)
  })
})

describe('GET /v1/accounts/{id}/timeline', () => {
  it("lists the account's records, decisions, requirement changes, appeal and notices, newest first", async (t) => {
    const api = await startApiServer(t)
    const records = [anAccountRecord({ account: 's1' }), aStatusRecord('suspended', { account: 's1' })]
    assert.equal((await api.fetch('/v1/records', postJson(records))).status, 200)
    const policies = (api.app.events as SqliteEventStore).policyStore()
    await policies.recordDecisions([decision('s1', 7, 1)])
    const required = (await api.app.requirementsOf('s1'))[0]!
    const appeal = await api.app.fileAppeal({
      account: 's1',
      decision: required.decision,
      statement: 'Mine alone.',
      files: [],
      actor: 'seller:s1',
    })
    await api.app.decideAppeal({ appeal: appeal.id, outcome: 'overturned', reason: 'ok', actor: 'reviewer:ana' })
    await api.app.tick()
    const reviewer = await sessionOf(api, 'ana', 'reviewer')

    const res = await api.fetch('/v1/accounts/s1/timeline', {}, reviewer)
    assert.equal(res.status, 200, await res.clone().text())
    const body = (await res.json()) as {
      entries: { at: string; source: string; kind: string; actor: string | null; detail: Record<string, unknown> }[]
      more: boolean
    }
    const times = body.entries.map((e) => Date.parse(e.at))
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    )
    const kinds = body.entries.map((e) => `${e.source}:${e.kind}`)
    for (const expected of [
      'record:account',
      'record:status',
      'audit:decision.record',
      'audit:requirement.create',
      'audit:appeal.file',
      'audit:requirement.withdraw',
      'notice:appeal_overturned',
    ]) {
      assert.ok(kinds.includes(expected), `${expected} in ${kinds.join(', ')}`)
    }
    assert.ok(kinds.indexOf('audit:requirement.withdraw') < kinds.indexOf('audit:requirement.create'))
    assert.equal(
      body.entries.find((e) => e.kind === 'record:status' || e.kind === 'status')?.detail.status,
      'suspended',
    )
    assert.equal(body.entries.find((e) => e.kind === 'appeal.file')?.actor, 'seller:s1')
    assert.equal(body.more, false)

    const first = (await (await api.fetch('/v1/accounts/s1/timeline?limit=2', {}, reviewer)).json()) as typeof body
    assert.deepEqual([first.entries.length, first.more], [2, true])
    assert.deepEqual(first.entries, body.entries.slice(0, 2))
    assert.equal((await api.fetch('/v1/accounts/nobody/timeline', {}, reviewer)).status, 404)
    assert.equal((await api.fetch('/v1/accounts/s1/timeline', {}, null)).status, 401)
  })
})
