import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, aVerificationRecord } from '../../../test/builders/records.ts'
import { type ApiServer, postJson, startApiServer } from '../../../test/http/api-server.ts'

/** Every active account without a passed video verification must do one: hits every account but the verified one. */
const VIDEO = `policy: video
rules:
  - id: video-missing
    on: sweep
    when: account.status == "active" && !("video" in account.verified)
    action:
      type: require_verification
      reason: video_verification_missing
      methods: [video]
      deadline_days: 14
      on_expiry: hold_payouts
`
const ACCOUNTS = 5

interface JobView {
  id: number
  kind: string
  state: string
  attempts: number
  payload: Record<string, unknown>
  progress: { phase?: string; done: number; total: number | null } | null
  result: {
    policy: { name: string; version: number | null }
    report: { evaluated: number; hit: number }
    alreadyApplied: number
    applied?: { recorded: number; existing: number }
  } | null
  error: string | null
  createdBy: string
}

const yaml = (text: string, query = '') =>
  [`/v1/policies${query}`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: text }] as const

/** A server (its job loop polling fast) over a store of a few sellers, one of which passed a video call. */
async function aServer(t: Parameters<typeof startApiServer>[0]): Promise<ApiServer> {
  const api = await startApiServer(t, { jobPollMs: 10 })
  const records = [
    ...Array.from({ length: ACCOUNTS }, (_, i) => anAccountRecord({ account: `s${i}` })),
    aVerificationRecord('video', { account: 's0', outcome: 'passed' }),
  ]
  const res = await api.fetch('/v1/records', postJson(records))
  assert.equal(res.status, 200, await res.text())
  return api
}

/** Polls the job until it ends. */
async function finished(api: ApiServer, location: string): Promise<JobView> {
  const until = Date.now() + 15_000
  for (;;) {
    const job = (await (await api.fetch(location)).json()) as JobView
    if (job.state === 'done' || job.state === 'failed') return job
    if (Date.now() > until) throw new Error(`job ${location} did not end: ${JSON.stringify(job)}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('policies over HTTP', () => {
  it('loads a policy sent as YAML or JSON, versions it, and lists and shows the versions', async (t) => {
    const api = await aServer(t)
    const first = await api.fetch(...yaml(VIDEO))
    assert.equal(first.status, 201)
    assert.equal(first.headers.get('location'), '/v1/policies/video?version=1')
    const loaded = (await first.json()) as { policy: { name: string; version: number; mode: string }; rules: number }
    assert.deepEqual(
      [loaded.policy.name, loaded.policy.version, loaded.policy.mode, loaded.rules],
      ['video', 1, 'live', 1],
    )

    const same = await api.fetch(...yaml(VIDEO))
    assert.equal(same.status, 200)
    assert.equal(((await same.json()) as { changed: boolean }).changed, false, 'the same text again stores nothing')

    const shadow = await api.fetch('/v1/policies', postJson({ source: VIDEO, mode: 'shadow' }))
    assert.equal(shadow.status, 201)
    assert.equal(((await shadow.json()) as { policy: { version: number } }).policy.version, 2)

    const list = (await (await api.fetch('/v1/policies')).json()) as {
      policies: { version: number; mode: string; loadedBy: string }[]
      page: { nextCursor: string | null }
    }
    assert.deepEqual(
      list.policies.map((p) => [p.version, p.mode]),
      [
        [2, 'shadow'],
        [1, 'live'],
      ],
    )
    assert.match(list.policies[0]?.loadedBy ?? '', /^api-key:/)
    const latest = (await (await api.fetch('/v1/policies/video')).json()) as { version: number; source: string }
    assert.deepEqual([latest.version, latest.source], [2, VIDEO])
    const v1 = (await (await api.fetch('/v1/policies/video?version=1')).json()) as { version: number; mode: string }
    assert.deepEqual([v1.version, v1.mode], [1, 'live'])
    assert.equal((await api.fetch('/v1/policies/video?version=3')).status, 404)
    assert.equal((await api.fetch('/v1/policies/nothing')).status, 404)
  })

  it('answers 422 with one issue per error, each with its file and line, and stores nothing', async (t) => {
    const api = await aServer(t)
    const bad = VIDEO.replace('account.status', 'account.statuss').replace('deadline_days: 14', 'deadline_days: 0')
    const res = await api.fetch('/v1/policies', postJson({ source: bad, file: 'video.yaml' }))
    assert.equal(res.status, 422)
    const body = (await res.json()) as { error: { code: string; message: string; issues: { field: string }[] } }
    assert.equal(body.error.code, 'invalid_input')
    assert.deepEqual(body.error.issues.map((i) => i.field.replace(/:\s.*$/, '')).sort(), [
      'video.yaml:10',
      'video.yaml:5',
    ])
    assert.match(body.error.message, /video\.yaml:5: .*account\.statuss/)
    assert.deepEqual(((await (await api.fetch('/v1/policies')).json()) as { policies: unknown[] }).policies, [])
    // Not YAML at all, and not an object: refused with a message.
    assert.equal((await api.fetch(...yaml('policy: [unclosed'))).status, 422)
    assert.equal((await api.fetch('/v1/policies', postJson({ mode: 'live' }))).status, 400)
    assert.equal((await api.fetch('/v1/policies', { method: 'POST', body: 'x' })).status, 422)
  })

  it('requires the policies:write scope to load a policy or start a sweep, read to look', async (t) => {
    const api = await aServer(t)
    const reader = (await api.app.createApiKey({ name: 'reader', scopes: 'read' })).secret
    assert.equal((await api.fetch(...yaml(VIDEO), null)).status, 401)
    const refused = await api.fetch(...yaml(VIDEO), reader)
    assert.equal(refused.status, 403)
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /policies:write/)
    assert.equal((await api.fetch('/v1/sweeps', postJson({ policy: 'video' }), reader)).status, 403)
    assert.equal((await api.fetch('/v1/policies', {}, reader)).status, 200)
    assert.equal((await api.fetch('/v1/jobs', {}, reader)).status, 200)
  })
})

describe('sweeps as jobs over HTTP', () => {
  it('runs a dry run in the background: 202 with the job, then its progress and report; nothing recorded', async (t) => {
    const api = await aServer(t)
    await api.fetch(...yaml(VIDEO))
    const res = await api.fetch('/v1/sweeps', postJson({ policy: 'video' }))
    assert.equal(res.status, 202)
    const { job } = (await res.json()) as { job: JobView }
    assert.equal(res.headers.get('location'), `/v1/jobs/${job.id}`)
    assert.equal(job.kind, 'sweep')
    assert.deepEqual(job.payload, { policy: 'video', version: 1, apply: false, trigger: 'sweep', sampleSize: 10 })

    const done = await finished(api, `/v1/jobs/${job.id}`)
    assert.equal(done.state, 'done', done.error ?? '')
    assert.equal(done.attempts, 1)
    assert.deepEqual(done.result?.policy, { name: 'video', version: 1 })
    assert.deepEqual([done.result?.report.evaluated, done.result?.report.hit], [ACCOUNTS, ACCOUNTS - 1])
    assert.equal(done.result?.applied, undefined, 'a dry run applies nothing')
    assert.equal(done.progress?.phase, 'evaluating')
    const decisions = (await (await api.fetch('/v1/accounts/s1/decisions')).json()) as { decisions: unknown[] }
    assert.deepEqual(decisions.decisions, [])
  })

  it('applies: the decisions are recorded once; a second apply job records none', async (t) => {
    const api = await aServer(t)
    await api.fetch(...yaml(VIDEO))
    const first = (await (await api.fetch('/v1/sweeps', postJson({ policy: 'video', apply: true }))).json()) as {
      job: JobView
    }
    const done = await finished(api, `/v1/jobs/${first.job.id}`)
    assert.equal(done.state, 'done', done.error ?? '')
    assert.deepEqual(done.result?.applied && [done.result.applied.recorded, done.result.applied.existing], [4, 0])
    assert.equal(done.progress?.phase, 'applying')
    const decisions = (await (await api.fetch('/v1/accounts/s1/decisions')).json()) as {
      decisions: { rule: string; actor: string; policyVersion: number }[]
    }
    assert.deepEqual(
      decisions.decisions.map((d) => [d.rule, d.policyVersion]),
      [['video-missing', 1]],
    )
    assert.equal(decisions.decisions[0]?.actor, done.createdBy)

    const second = (await (await api.fetch('/v1/sweeps', postJson({ policy: 'video', apply: true }))).json()) as {
      job: JobView
    }
    const again = await finished(api, `/v1/jobs/${second.job.id}`)
    assert.deepEqual(again.result?.applied && [again.result.applied.recorded, again.result.alreadyApplied], [0, 4])
  })

  it('refuses a sweep of a policy or version not stored (404), and an apply of a shadow version (400)', async (t) => {
    const api = await aServer(t)
    assert.equal((await api.fetch('/v1/sweeps', postJson({ policy: 'video' }))).status, 404)
    await api.fetch(...yaml(VIDEO, '?mode=shadow'))
    assert.equal((await api.fetch('/v1/sweeps', postJson({ policy: 'video', version: 2 }))).status, 404)
    const shadow = await api.fetch('/v1/sweeps', postJson({ policy: 'video', apply: true }))
    assert.equal(shadow.status, 400)
    assert.match(((await shadow.json()) as { error: { message: string } }).error.message, /shadow version/)
    const dry = await api.fetch('/v1/sweeps', postJson({ policy: 'video' }))
    assert.equal(dry.status, 202, 'a shadow version may run dry')
    assert.equal((await api.fetch('/v1/sweeps', postJson({ policy: 'video', apply: 'yes' }))).status, 400)
  })

  it('enqueues one job per Idempotency-Key: a retry gets the same job; the key on another body is refused', async (t) => {
    const api = await aServer(t)
    await api.fetch(...yaml(VIDEO))
    const send = (body: unknown) => api.fetch('/v1/sweeps', postJson(body, { 'idempotency-key': 'sweep-2026-01-01' }))
    const first = await send({ policy: 'video' })
    const retry = await send({ policy: 'video' })
    assert.equal(retry.status, 202)
    assert.equal(retry.headers.get('idempotent-replayed'), 'true')
    assert.equal(retry.headers.get('location'), first.headers.get('location'))
    const ids = [((await first.json()) as { job: JobView }).job.id, ((await retry.json()) as { job: JobView }).job.id]
    assert.equal(ids[0], ids[1])
    assert.equal((await send({ policy: 'video', apply: true })).status, 422)
    const jobs = (await (await api.fetch('/v1/jobs?kind=sweep')).json()) as { jobs: JobView[] }
    assert.equal(jobs.jobs.length, 1)
  })

  it('lists jobs page by page, by kind and state; a cursor of another list is refused', async (t) => {
    const api = await aServer(t)
    await api.fetch(...yaml(VIDEO))
    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      const { job } = (await (await api.fetch('/v1/sweeps', postJson({ policy: 'video' }))).json()) as { job: JobView }
      ids.push(job.id)
    }
    for (const id of ids) await finished(api, `/v1/jobs/${id}`)
    const page1 = (await (await api.fetch('/v1/jobs?limit=2&state=done')).json()) as {
      jobs: JobView[]
      page: { nextCursor: string | null }
    }
    assert.deepEqual(
      page1.jobs.map((j) => j.id),
      ids.slice(0, 2),
    )
    const cursor = page1.page.nextCursor ?? ''
    const page2 = (await (await api.fetch(`/v1/jobs?limit=2&state=done&cursor=${cursor}`)).json()) as {
      jobs: JobView[]
      page: { nextCursor: string | null }
    }
    assert.deepEqual(
      page2.jobs.map((j) => j.id),
      ids.slice(2),
    )
    assert.equal(page2.page.nextCursor, null)
    assert.equal((await api.fetch(`/v1/jobs?limit=2&cursor=${cursor}`)).status, 400, 'the cursor of another filter')
    assert.deepEqual(((await (await api.fetch('/v1/jobs?state=queued')).json()) as { jobs: unknown[] }).jobs, [])
    assert.equal((await api.fetch('/v1/jobs?state=lost')).status, 400)
    assert.equal((await api.fetch('/v1/jobs/999')).status, 404)
  })

  it('documents the routes with their scopes in the OpenAPI document', async (t) => {
    const api = await startApiServer(t)
    const doc = (await (await api.fetch('/openapi.json', {}, null)).json()) as {
      paths: Record<string, Record<string, { security?: { apiKey: string[] }[]; requestBody?: unknown }>>
    }
    assert.deepEqual(doc.paths['/v1/sweeps']?.post?.security, [
      { apiKey: ['policies:write'] },
      { reviewerSession: ['lead'] },
      { sessionCookie: ['lead'] },
    ])
    assert.deepEqual(doc.paths['/v1/jobs/{id}']?.get?.security, [
      { apiKey: ['read'] },
      { reviewerSession: ['reviewer'] },
      { sessionCookie: ['reviewer'] },
    ])
    assert.ok(doc.paths['/v1/policies']?.post?.requestBody !== undefined)
    assert.ok(doc.paths['/v1/policies/{name}']?.get !== undefined)
  })
})
