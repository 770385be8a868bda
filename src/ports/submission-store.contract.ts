import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import type { PolicyStore } from './policy-store.ts'
import type { NewSubmission, NewSubmissionFile, SubmissionStore } from './submission-store.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1))

export interface SubmissionStoreFixture {
  readonly submissions: SubmissionStore
  readonly policies: PolicyStore
  close(): Promise<void>
}

const bytes = (text: string) => new TextEncoder().encode(text)

const aFile = (role: NewSubmissionFile['role'], text: string, imageHash?: string): NewSubmissionFile => ({
  role,
  mime: 'image/jpeg',
  sha256: text.padEnd(64, '0').slice(0, 64),
  bytes: bytes(text),
  ...(imageHash === undefined ? {} : { imageHash }),
})

const aSubmission = (over: Partial<NewSubmission> = {}): NewSubmission => ({
  account: 'a1',
  requirement: null,
  method: 'id_document',
  fingerprint: 'f1',
  fields: { documentNumber: 'X123' },
  checks: { passed: true, items: [] },
  documentKey: 'X123',
  face: null,
  record: '{"type":"verification"}',
  files: [aFile('front', 'front-bytes', '0123456789abcdef')],
  createdAt: T0,
  createdBy: 'seller:a1',
  ...over,
})

/** `hash` with the given bits (0 = most significant) flipped. */
function flip(hash: string, bits: readonly number[]): string {
  let v = BigInt(`0x${hash}`)
  for (const b of bits) v ^= 1n << BigInt(63 - b)
  return v.toString(16).padStart(16, '0')
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => assert.fail('resolved'),
    (x: unknown) => x,
  )
  assert.ok(isOnesellerError(e), String(e))
  return { code: e.code, message: e.message }
}

/** The behaviour every {@link SubmissionStore} must have; each engine runs this suite. */
export function describeSubmissionStoreContract(name: string, open: () => Promise<SubmissionStoreFixture>): void {
  describe(`${name} satisfies SubmissionStore`, () => {
    let f: SubmissionStoreFixture
    beforeEach(async () => {
      f = await open()
    })
    afterEach(() => f.close())

    const actions = async () => (await f.policies.listAudit()).map((a) => [a.action, a.subject, a.detail.submission])

    it('stores a submission with its files, and answers the first one for the same files', async () => {
      const first = await f.submissions.receive(
        aSubmission({ files: [aFile('front', 'front-bytes', '0123456789abcdef'), aFile('back', 'back-bytes')] }),
      )
      assert.equal(first.created, true)
      const s = first.submission
      assert.equal(s.state, 'received')
      assert.deepEqual(s.fields, { documentNumber: 'X123' })
      assert.deepEqual(s.checks, { passed: true, items: [] })
      assert.equal(s.createdAt, T0)
      assert.deepEqual(
        s.files.map((x) => [x.role, x.size, x.mime]),
        [
          ['front', 11, 'image/jpeg'],
          ['back', 10, 'image/jpeg'],
        ],
      )
      const back = await f.submissions.readFile(s.id, s.files[1]!.id)
      assert.equal(new TextDecoder().decode(back?.bytes), 'back-bytes')
      assert.equal(await f.submissions.readFile(s.id + 1, s.files[1]!.id), undefined)
      assert.equal(await f.submissions.pendingRecord(s.id), '{"type":"verification"}')

      const again = await f.submissions.receive(aSubmission({ createdAt: toInstant(T0 + 5000) }))
      assert.deepEqual([again.created, again.submission.id, again.submission.createdAt], [false, s.id, T0])
      assert.equal((await f.submissions.findByFingerprint('a1', 'id_document', 'f1'))?.id, s.id)
      assert.equal(await f.submissions.findByFingerprint('a2', 'id_document', 'f1'), undefined)
      // Another account's submission of the same files is its own.
      const other = await f.submissions.receive(aSubmission({ account: 'a2', createdBy: 'seller:a2' }))
      assert.equal(other.created, true)
      assert.deepEqual(await actions(), [
        ['submission.receive', 'a1', s.id],
        ['submission.receive', 'a2', other.submission.id],
      ])
    })

    it('puts a submission in review once and records one decision, refusing a second', async () => {
      const { submission } = await f.submissions.receive(aSubmission())
      const decision = {
        id: submission.id,
        outcome: 'passed',
        reason: 'fine',
        checklist: { original_document: true },
        final: false,
        actor: 'reviewer:ana',
        at: toInstant(T0 + 60_000),
      } as const
      assert.equal((await rejection(f.submissions.decide(decision))).code, 'conflict')
      assert.equal((await f.submissions.markInReview(submission.id, { actor: 'x', at: T0 })).state, 'in_review')
      assert.equal((await f.submissions.markInReview(submission.id, { actor: 'x', at: T0 })).state, 'in_review')
      const decided = await f.submissions.decide(decision)
      assert.equal(decided.state, 'passed')
      assert.equal(decided.decidedAt, T0 + 60_000)
      assert.equal(decided.decidedBy, 'reviewer:ana')
      assert.deepEqual(decided.checklist, { original_document: true })
      assert.equal(decided.final, false)
      const second = await rejection(f.submissions.decide({ ...decision, outcome: 'failed', final: true }))
      assert.equal(second.code, 'conflict')
      assert.match(second.message, /already decided \(passed\)/)
      assert.equal((await rejection(f.submissions.decide({ ...decision, id: 999 }))).code, 'not_found')
      assert.equal((await rejection(f.submissions.markInReview(999, { actor: 'x', at: T0 }))).code, 'not_found')
      assert.deepEqual(await actions(), [
        ['submission.receive', 'a1', submission.id],
        ['submission.review', 'a1', submission.id],
        ['submission.pass', 'a1', submission.id],
      ])
      const pass = (await f.policies.listAudit()).at(-1)!
      assert.deepEqual(pass.detail.checklist, { original_document: true })
    })

    it('lists submissions by account, by state, and in pages', async () => {
      const a = await f.submissions.receive(aSubmission({ fingerprint: 'fa' }))
      const b = await f.submissions.receive(aSubmission({ account: 'a2', fingerprint: 'fb', method: 'video' }))
      const c = await f.submissions.receive(aSubmission({ fingerprint: 'fc', method: 'utility_bill' }))
      await f.submissions.markInReview(b.submission.id, { actor: 'x', at: T0 })
      await f.submissions.markInReview(c.submission.id, { actor: 'x', at: T0 })
      assert.deepEqual(
        (await f.submissions.submissionsOf('a1')).map((s) => s.id),
        [a.submission.id, c.submission.id],
      )
      assert.deepEqual(
        (await f.submissions.listSubmissions({ state: 'in_review', limit: 10 })).map((s) => s.method),
        ['video', 'utility_bill'],
      )
      const page = await f.submissions.listSubmissions({ afterId: a.submission.id, limit: 1 })
      assert.deepEqual(
        page.map((s) => s.id),
        [b.submission.id],
      )
      assert.equal(page[0]!.files.length, 1)
    })

    it('finds identical and near images of every account through the bands, up to 6 bits and no further', async () => {
      const h = '0123456789abcdef'
      // Six bits spread over the four 16-bit bands (2, 2, 1, 1): no band is equal, each differs by at most 2 bits.
      const sixApart = flip(h, [0, 1, 16, 17, 33, 50])
      const sevenApart = flip(h, [0, 1, 16, 17, 33, 34, 50])
      await f.submissions.receive(aSubmission({ fingerprint: 'x1', files: [aFile('front', 'p', h)] }))
      await f.submissions.receive(
        aSubmission({ account: 'a2', fingerprint: 'x2', files: [aFile('front', 'q', sixApart)] }),
      )
      await f.submissions.receive(
        aSubmission({ account: 'a3', fingerprint: 'x3', files: [aFile('front', 'r', sevenApart)] }),
      )
      await f.submissions.receive(
        aSubmission({ account: 'a4', fingerprint: 'x4', files: [aFile('front', 's', 'fedcba9876543210')] }),
      )
      const found = await f.submissions.nearImages([h.toUpperCase()], 6)
      assert.deepEqual(
        found.map((m) => [m.account, m.distance, m.hash]),
        [
          ['a1', 0, h],
          ['a2', 6, sixApart],
        ],
      )
      assert.equal(found[0]!.searched, h)
      assert.deepEqual(
        (await f.submissions.nearImages([sevenApart], 0)).map((m) => m.account),
        ['a3'],
      )
      assert.deepEqual(await f.submissions.nearImages(['ffffffffffffffff'], 6), [])
      await assert.rejects(f.submissions.nearImages([h], 7), /at most 6 bits/)
    })

    it('finds submissions by document number and reads the latest faces back exactly', async () => {
      const face = (x: number) => Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? x : 0.125 + i / 1000))
      await f.submissions.receive(aSubmission({ fingerprint: 'd1', documentKey: 'P1234567' }))
      await f.submissions.receive(aSubmission({ account: 'a2', fingerprint: 'd2', documentKey: 'P1234567' }))
      await f.submissions.receive(aSubmission({ account: 'a3', fingerprint: 'v1', method: 'video', face: face(0.1) }))
      const last = await f.submissions.receive(
        aSubmission({ account: 'a4', fingerprint: 'v2', method: 'video', face: face(0.3) }),
      )
      assert.deepEqual(
        (await f.submissions.submissionsWithDocument('P1234567', 10)).map((h) => [h.account, h.method]),
        [
          ['a1', 'id_document'],
          ['a2', 'id_document'],
        ],
      )
      assert.deepEqual(await f.submissions.submissionsWithDocument('nothing', 10), [])
      const faces = await f.submissions.recentFaces(1)
      assert.equal(faces.length, 1)
      assert.equal(faces[0]!.submission, last.submission.id)
      assert.deepEqual(Array.from(faces[0]!.face), Array.from(face(0.3)))
      assert.deepEqual(
        (await f.submissions.recentFaces(10)).map((x) => x.account),
        ['a4', 'a3'],
      )
    })

    it('refuses a row the schema does not allow, storing nothing', async () => {
      const bad = aSubmission({ files: [{ ...aFile('front', 'x'), role: 'selfie' as NewSubmissionFile['role'] }] })
      assert.equal((await rejection(f.submissions.receive(bad))).code, 'invalid_input')
      assert.deepEqual(await f.submissions.submissionsOf('a1'), [])
      assert.deepEqual(await f.policies.listAudit(), [])
    })
  })
}
