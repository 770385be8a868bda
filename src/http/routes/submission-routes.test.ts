import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import sharp from 'sharp'
import { anAccountRecord } from '../../../test/builders/records.ts'
import { type ApiServer, postJson, startApiServer } from '../../../test/http/api-server.ts'
import type { SqliteEventStore } from '../../adapters/storage/sqlite/sqlite-event-store.ts'
import type { ReviewerRole } from '../../core/access/reviewer.ts'
import type { Action } from '../../core/policy/policy.ts'
import type { Instant } from '../../core/time.ts'

const PASSWORD = 'a long enough password 123'
const REQUIRE_ID: Action = {
  type: 'require_verification',
  reason: 'change_of_control',
  scope: 'account',
  methods: ['id_document'],
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
}
const CHECKLIST = { original_document: true, number_matches_document: true, photo_not_altered: true }

/** A document-like picture drawn at test time; each seed is another picture. */
const picture = (seed: number) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#e0e8f0"/>
       <rect x="${20 + seed * 37}" y="40" width="160" height="200" fill="#405870"/>
       <circle cx="${500 - seed * 23}" cy="300" r="${40 + seed * 5}" fill="#a02020"/></svg>`,
    ),
  )
    .jpeg()
    .toBuffer()

/** The setup of these tests: sellers `s1` (a passport declared) and `s2`, and an id_document requirement of `s1`. */
async function setUp(t: TestContext): Promise<{ api: ApiServer; requirement: number }> {
  const api = await startApiServer(t)
  const s1 = anAccountRecord({
    account: 's1',
    representative: {
      givenName: 'Ada',
      familyName: 'Lovelace',
      document: { type: 'passport', country: 'GB', number: 'L898902C3' },
    },
  })
  for (const record of [s1, anAccountRecord({ account: 's2' })]) {
    assert.equal((await api.fetch('/v1/records', postJson(record))).status, 200)
  }
  const policies = (api.app.events as SqliteEventStore).policyStore()
  await policies.recordDecisions([
    {
      key: 'k1',
      account: 's1',
      policy: 'second-review',
      policyVersion: 1,
      rule: 'r',
      trigger: 'sweep',
      action: REQUIRE_ID,
      evidence: { features: {}, links: [] },
      mode: 'live',
      sweep: null,
      actor: 'lead:alice',
      at: (Date.now() - 60_000) as Instant,
    },
  ])
  return { api, requirement: (await policies.requirementsOf('s1'))[0]!.id }
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

/** A multipart body: files by role, and the typed fields as one JSON part. */
function form(files: Record<string, Uint8Array | Uint8Array[]>, fields: Record<string, unknown> = {}): RequestInit {
  const body = new FormData()
  for (const [role, value] of Object.entries(files)) {
    for (const bytes of Array.isArray(value) ? value : [value]) {
      body.append(role, new Blob([bytes], { type: 'image/jpeg' }), `${role}.jpg`)
    }
  }
  body.append('fields', JSON.stringify(fields))
  return { method: 'POST', body }
}

const json = async (res: Response) => (await res.json()) as Record<string, unknown>
const requirementState = async (api: ApiServer, id: number) => (await api.app.workflows.getRequirement(id))?.state

describe('submissions over HTTP', () => {
  it('a seller submits for their account and nobody else’s; the same files answer the first submission', async (t) => {
    const { api } = await setUp(t)
    const s1 = await sellerToken(api, 's1')
    const front = await picture(1)
    const created = await api.fetch(
      '/v1/accounts/s1/submissions/id_document',
      form({ front }, { documentNumber: 'L898902C3' }),
      s1,
    )
    assert.equal(created.status, 201, await created.clone().text())
    const first = await json(created)
    assert.equal(created.headers.get('location'), `/v1/submissions/${first.id}`)
    assert.equal(first.state, 'in_review')
    assert.equal(first.checks, undefined, 'a seller never sees the checks')
    const again = await api.fetch(
      '/v1/accounts/s1/submissions/id_document',
      form({ front }, { documentNumber: 'L898902C3' }),
      s1,
    )
    assert.equal(again.status, 200)
    assert.equal(again.headers.get('idempotent-replayed'), 'true')
    assert.equal((await json(again)).id, first.id)

    const other = await api.fetch(
      '/v1/accounts/s2/submissions/id_document',
      form({ front }, { documentNumber: 'X1' }),
      s1,
    )
    assert.equal(other.status, 403)
    assert.equal((await api.fetch('/v1/accounts/s2/submissions', {}, s1)).status, 403)
    const own = await json(await api.fetch('/v1/accounts/s1/submissions', {}, s1))
    assert.deepEqual(
      (own.submissions as { id: number; checks?: unknown }[]).map((s) => [s.id, s.checks]),
      [[first.id, undefined]],
    )
    const fileId = (first.files as { id: number }[])[0]!.id
    assert.equal((await api.fetch(`/v1/submissions/${first.id}/files/${fileId}`, {}, s1)).status, 403)
    assert.equal((await api.fetch('/v1/submissions?state=in_review', {}, s1)).status, 403)

    // The marketplace, with its key, reads the queue with the checks, and the file for the reviewer's screen.
    const queue = await json(await api.fetch('/v1/submissions?state=in_review'))
    const listed = (queue.submissions as { id: number; checks: { items: { kind: string }[] } }[])[0]!
    assert.equal(listed.id, first.id)
    assert.ok(listed.checks.items.some((c) => c.kind === 'document_declared'))
    const image = await api.fetch(`/v1/submissions/${first.id}/files/${fileId}`)
    assert.equal(image.status, 200)
    assert.equal(image.headers.get('content-type'), 'image/jpeg')
    assert.equal(image.headers.get('cache-control'), 'no-store')
    assert.deepEqual(new Uint8Array(await image.arrayBuffer()), new Uint8Array(front))
    assert.equal((await api.fetch(`/v1/submissions/${first.id}/files/${fileId + 1}`)).status, 404)
  })

  it('refuses a non-image (415), a file over 15 MB (413), too many files (413) and a body that is not multipart', async (t) => {
    const { api } = await setUp(t)
    const post = (init: RequestInit) => api.fetch('/v1/accounts/s1/submissions/id_document', init)
    const text = await post(
      form({ front: new TextEncoder().encode('%PDF-1.7 a scan') }, { documentNumber: 'L898902C3' }),
    )
    assert.equal(text.status, 415)
    assert.match(
      ((await json(text)).error as { message: string }).message,
      /front file \(file 1\): the file is not an image/,
    )
    const huge = await post(form({ front: new Uint8Array(15_000_001) }, { documentNumber: 'L898902C3' }))
    assert.equal(huge.status, 413)
    const many = await post(form({ front: Array.from({ length: 13 }, () => new Uint8Array(10)) }))
    assert.equal(many.status, 413)
    const notMultipart = await post(postJson({ documentNumber: 'L898902C3' }))
    assert.equal(notMultipart.status, 415)
    const badFields = await post(form({ front: await picture(2) }, { documentNumber: 'L898902C3', colour: 'red' }))
    assert.equal(badFields.status, 400)
    assert.equal(
      (
        await api.fetch(
          '/v1/accounts/nobody/submissions/id_document',
          form({ front: await picture(2) }, { documentNumber: 'X' }),
        )
      ).status,
      404,
    )
    assert.deepEqual(await api.app.submissions.submissionsOf('s1'), [])
  })

  it('from requirement to pass: submission, pending record, submitted, a reviewer passes it, passed', async (t) => {
    const { api, requirement } = await setUp(t)
    const s1 = await sellerToken(api, 's1')
    const res = await api.fetch(
      '/v1/accounts/s1/submissions/id_document',
      form({ front: await picture(3), back: await picture(4) }, { documentNumber: 'L898902C3<6' }),
      s1,
    )
    assert.equal(res.status, 201)
    const submission = await json(res)
    const records = (await api.app.events.listEvents('s1' as never)).filter((e) => e.record.type === 'verification')
    assert.deepEqual(
      records.map((e) => [e.record.type === 'verification' && e.record.outcome, e.source.name]),
      [[undefined, `oneseller:submission:${submission.id}`]],
    )
    assert.equal((await api.app.tick()).submitted, 1)
    assert.equal(await requirementState(api, requirement), 'submitted')

    const ana = await sessionOf(api, 'ana', 'reviewer')
    const checklists = await api.fetch('/v1/review-checklists', {}, ana)
    assert.equal(checklists.status, 200)
    const lists = (await json(checklists)).checklists as Record<string, string[]>
    assert.deepEqual(lists.id_document, Object.keys(CHECKLIST), 'the keys the decision expects')
    assert.ok(lists.video?.includes('face_matches_id_photo'))
    assert.equal((await api.fetch('/v1/review-checklists', {}, s1)).status, 403, 'not for sellers')
    const decided = await api.fetch(
      `/v1/submissions/${submission.id}/decision`,
      postJson({ outcome: 'passed', reason: 'Original passport.', checklist: CHECKLIST }),
      ana,
    )
    assert.equal(decided.status, 200, await decided.clone().text())
    assert.equal(((await json(decided)).submission as { decidedBy: string }).decidedBy, 'reviewer:ana')
    assert.equal((await api.app.tick()).passed, 1)
    assert.equal(await requirementState(api, requirement), 'passed')
    const twice = await api.fetch(
      `/v1/submissions/${submission.id}/decision`,
      postJson({ outcome: 'failed', reason: 'no', checklist: CHECKLIST }),
      ana,
    )
    assert.equal(twice.status, 409)
  })

  it('a reviewer cannot refuse for good; a lead can, and the requirement fails at once', async (t) => {
    const { api, requirement } = await setUp(t)
    const created = await api.fetch(
      '/v1/accounts/s1/submissions/id_document',
      form({ front: await picture(5) }, { documentNumber: 'L898902C3' }),
    )
    const id = (await json(created)).id as number
    const refusal = postJson({
      outcome: 'failed',
      reason: 'The document is forged.',
      checklist: { ...CHECKLIST, original_document: false },
      final: true,
    })
    const ana = await sessionOf(api, 'ana', 'reviewer')
    const denied = await api.fetch(`/v1/submissions/${id}/decision`, refusal, ana)
    assert.equal(denied.status, 403)
    assert.match(((await json(denied)).error as { message: string }).message, /for leads/)
    assert.equal((await api.fetch(`/v1/submissions/${id}/decision`, refusal)).status, 403, 'API keys do not decide')
    const lea = await sessionOf(api, 'lea', 'lead')
    const refused = await api.fetch(`/v1/submissions/${id}/decision`, refusal, lea)
    assert.equal(refused.status, 200)
    assert.deepEqual((await json(refused)).refused, [requirement])
    assert.equal(await requirementState(api, requirement), 'failed')
    assert.deepEqual(
      (await api.app.restrictionsOf('s1')).map((r) => [r.kind, r.reason]),
      [['suspend', 'verification_refused']],
    )
  })
})
