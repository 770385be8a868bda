import assert from 'node:assert/strict'
import { after, afterEach, beforeEach, describe, it } from 'node:test'
import sharp, { type Sharp } from 'sharp'
import { anAccountRecord, toEventInput } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { HumanFaceEmbedder } from '../adapters/faces/human-face-embedder.ts'
import { SharpSubmissionImages } from '../adapters/images/sharp-submission-images.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import type { AccountId } from '../core/ids.ts'
import type { Action } from '../core/policy/policy.ts'
import { MS_PER_DAY, toInstant } from '../core/time.ts'
import type { NewDecision, Submission } from '../ports/index.ts'
import { DEFAULT_NOTICE_SETTINGS } from './compose-notices.ts'
import { ingestRecords } from './ingest-records.ts'
import { runWorkflows } from './run-workflows.ts'
import type { SubmissionCheck } from './submission-checks.ts'
import { decideSubmission } from './submission-decision.ts'
import type { UploadedFile } from './submission-evidence.ts'
import { type SubmissionDeps, submitEvidence } from './submissions.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1, 9))
const HOUR = 3_600_000

const REQUIRE = (methods: string[]): Action => ({
  type: 'require_verification',
  reason: 'change_of_control',
  scope: 'account',
  methods: methods as never,
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
})

const ADDRESS = {
  role: 'business',
  lines: ['123 Main Street, Suite 400'],
  city: 'Springfield',
  postalCode: '62701',
  country: 'US',
}
const ADA = {
  account: 'ada',
  representative: {
    givenName: 'Ada',
    familyName: 'Lovelace',
    birthDate: '1974-08-12',
    document: { type: 'passport', country: 'GB', number: 'L898902C3' },
  },
  addresses: [ADDRESS],
}
const GRACE = {
  account: 'grace',
  representative: {
    givenName: 'Grace',
    familyName: 'Hopper',
    document: { type: 'passport', country: 'US', number: '340020013' },
  },
}

/** A picture drawn at test time: `seed` moves and recolours its shapes, so each seed is another picture. */
function picture(seed: number): Sharp {
  const x = 40 + ((seed * 97) % 300)
  const y = 30 + ((seed * 61) % 200)
  const shade = (seed * 53) % 200
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500">
        <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${shade},80,120)"/><stop offset="1" stop-color="#f0e0c0"/></linearGradient></defs>
        <rect width="800" height="500" fill="url(#g)"/><rect x="${x}" y="${y}" width="180" height="220" fill="#203040"/>
        <circle cx="${700 - x}" cy="${400 - y / 2}" r="${50 + (seed % 40)}" fill="#ffffff"/>
        <rect x="60" y="${420 - (seed % 50)}" width="${300 + seed * 7}" height="26" fill="#101010"/></svg>`,
    ),
  )
}

/** A JPEG as a phone writes it: camera and capture time in EXIF. */
const photo = (seed: number, software = '17.4.1') =>
  picture(seed)
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'Apple', Model: 'iPhone 15', Software: software, DateTime: '2026:11:30 18:00:00' },
      IFD2: { DateTimeOriginal: '2026:11:30 18:00:00' },
    })
    .toBuffer()

const file = (role: string, bytes: Uint8Array, mime = 'image/jpeg'): UploadedFile => ({ role, bytes, mime })
const itemsOf = (s: Submission) => (s.checks.items as SubmissionCheck[]).map((c) => [c.kind, c.outcome])
const item = (s: Submission, kind: string) => (s.checks.items as SubmissionCheck[]).find((c) => c.kind === kind)

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; reason: unknown }> {
  const e = await p.then(
    () => assert.fail('accepted'),
    (x: unknown) => x,
  )
  assert.ok(isOnesellerError(e), String(e))
  return { code: e.code, message: e.message, reason: e.details.reason }
}

describe('submitted evidence', () => {
  const faces = new HumanFaceEmbedder()
  after(() => faces.close())
  let events: SqliteEventStore
  let clock: FixedClock
  let deps: SubmissionDeps

  beforeEach(async () => {
    events = SqliteEventStore.open(':memory:')
    clock = new FixedClock(T0)
    deps = {
      events,
      workflows: events.workflowStore(),
      submissions: events.submissionStore(),
      images: new SharpSubmissionImages(),
      faces,
      clock,
      ingest: (source) => ingestRecords({ events, clock, parser: new InProcessRecordParser() }, source),
    }
    await events.append(
      [toEventInput(anAccountRecord(ADA), 1), toEventInput(anAccountRecord(GRACE), 2)],
      toInstant(Date.UTC(2024, 0, 1)),
    )
  })
  afterEach(() => events.close())

  const require = async (account: string, methods: string[]) => {
    const decision: NewDecision = {
      key: `k-${account}-${methods.join()}`,
      account,
      policy: 'second-review',
      policyVersion: 1,
      rule: 'r',
      trigger: 'sweep',
      action: REQUIRE(methods),
      evidence: { features: {}, links: [] },
      mode: 'live',
      sweep: null,
      actor: 'lead:alice',
      at: T0,
    }
    await events.policyStore().recordDecisions([decision])
    return (await events.policyStore().requirementsOf(account)).at(-1)!.id
  }
  const tick = (at: number) =>
    runWorkflows(
      { events, policies: events.policyStore(), workflows: deps.workflows, notices: DEFAULT_NOTICE_SETTINGS },
      toInstant(at),
    )
  const requirementState = async (id: number) => (await deps.workflows.getRequirement(id))?.state
  const verifications = async (account: string) =>
    (await events.listEvents(account as AccountId))
      .filter((e) => e.record.type === 'verification')
      .map((e) => ({ ...e.record, source: e.source }) as Record<string, unknown>)
  const submitPassport = async (account: string, front: Uint8Array, documentNumber: string, over = {}) =>
    submitEvidence(deps, {
      account,
      method: 'id_document',
      files: [file('front', front)],
      fields: { documentNumber, ...over },
      actor: `seller:${account}`,
    })

  it('from requirement to pass: the submission makes the requirement submitted, the reviewer passes it', async () => {
    const requirement = await require('ada', ['id_document'])
    clock.advance(HOUR)
    const { submission, created } = await submitEvidence(deps, {
      account: 'ada',
      method: 'id_document',
      files: [file('front', await photo(1)), file('back', await photo(2))],
      fields: { documentNumber: 'l898902c3<6' },
      actor: 'seller:ada',
    })
    assert.equal(created, true)
    assert.equal(submission.state, 'in_review')
    assert.equal(submission.requirement, requirement)
    assert.deepEqual(itemsOf(submission), [
      ['image_format', 'passed'],
      ['image_metadata', 'passed'],
      ['image_format', 'passed'],
      ['image_metadata', 'passed'],
      ['document_number', 'passed'],
      ['document_declared', 'passed'],
      ['document_elsewhere', 'passed'],
      ['image_elsewhere', 'passed'],
    ])
    assert.equal(submission.checks.passed, true)
    assert.match(item(submission, 'image_metadata')!.detail, /front: taken 2026:11:30 18:00:00 with Apple iPhone 15/)
    const [pending] = await verifications('ada')
    assert.deepEqual(
      { ...pending, imageHash: typeof pending?.imageHash },
      {
        type: 'verification',
        account: 'ada',
        at: new Date(T0 + HOUR).toISOString(),
        kind: 'id_document',
        documentNumber: 'L898902C3',
        imageHash: 'string',
        source: { name: `oneseller:submission:${submission.id}`, line: 1 },
      },
    )
    assert.equal((await tick(T0 + 2 * HOUR)).submitted, 1)
    assert.equal(await requirementState(requirement), 'submitted')

    clock.advance(2 * HOUR)
    const checklist = { original_document: true, number_matches_document: true, photo_not_altered: true }
    const passed = await decideSubmission(deps, {
      submission: submission.id,
      outcome: 'passed',
      reason: 'Original passport, number as declared.',
      checklist,
      actor: 'reviewer:ana',
    })
    assert.equal(passed.submission.state, 'passed')
    assert.equal((await tick(T0 + 4 * HOUR)).passed, 1)
    assert.equal(await requirementState(requirement), 'passed')
    // A retry of the same decision changes nothing; another outcome is refused.
    await decideSubmission(deps, {
      submission: submission.id,
      outcome: 'passed',
      reason: 'again',
      checklist,
      actor: 'x',
    })
    assert.equal((await verifications('ada')).length, 2)
    const other = await refusal(
      decideSubmission(deps, { submission: submission.id, outcome: 'failed', reason: 'no', checklist, actor: 'x' }),
    )
    assert.equal(other.code, 'conflict')
    const actions = (await events.policyStore().listAudit({ subject: 'ada' })).map((a) => a.action)
    assert.deepEqual(
      actions.filter((a) => a.startsWith('submission.')),
      ['submission.receive', 'submission.review', 'submission.pass'],
    )
  })

  it('answers the first submission when the same files come again, and stores one record', async () => {
    const front = await photo(3)
    const first = await submitPassport('ada', front, 'L898902C3')
    clock.advance(HOUR)
    const again = await submitPassport('ada', front, 'L898902C3')
    assert.deepEqual([again.created, again.submission.id], [false, first.submission.id])
    assert.equal((await verifications('ada')).length, 1)
  })

  it('refuses a file that is not an image, a huge one, missing files and unknown methods', async () => {
    const notImage = await refusal(submitPassport('ada', new TextEncoder().encode('%PDF-1.7 scan'), 'L898902C3'))
    assert.deepEqual([notImage.code, notImage.reason], ['invalid_input', 'not_an_image'])
    assert.match(notImage.message, /the front file \(file 1\): the file is not an image/)
    const huge = await refusal(submitPassport('ada', new Uint8Array(15_000_001), 'L898902C3'))
    assert.equal(huge.reason, 'too_many_bytes')
    const noFront = await refusal(
      submitEvidence(deps, {
        account: 'ada',
        method: 'id_document',
        files: [file('back', await photo(4))],
        fields: { documentNumber: 'X' },
        actor: 'seller:ada',
      }),
    )
    assert.match(noFront.message, /takes 1 front file; 0 sent/)
    const fields = await refusal(submitPassport('ada', await photo(4), ''))
    assert.match(fields.message, /fields\.documentNumber: must not be empty/)
    assert.match(
      (await refusal(submitEvidence(deps, { account: 'ada', method: 'selfie', files: [], fields: {}, actor: 'x' })))
        .message,
      /unknown method "selfie"/,
    )
    assert.match(
      (await refusal(submitEvidence(deps, { account: 'ada', method: 'postcard', files: [], fields: {}, actor: 'x' })))
        .message,
      /postcard-code/,
    )
    assert.equal((await refusal(submitPassport('nobody', await photo(4), 'X1'))).code, 'not_found')
    assert.deepEqual(await deps.submissions.submissionsOf('ada'), [])
  })

  it('fails wrong check digits, a number that is not the declared one, and an image saved by an editor', async () => {
    const wrongDigit = (await submitPassport('ada', await photo(5), 'L898902C3<5')).submission
    assert.match(item(wrongDigit, 'document_number')!.detail, /bad_check_digit/)
    assert.equal(item(wrongDigit, 'document_number')!.outcome, 'failed')
    const otherNumber = (await submitPassport('ada', await photo(6), 'K12345678')).submission
    assert.deepEqual(
      [item(otherNumber, 'document_number')!.outcome, item(otherNumber, 'document_declared')!.outcome],
      ['passed', 'failed'],
    )
    const edited = (await submitPassport('ada', await photo(7, 'Adobe Photoshop 25.1 Macintosh'), 'L898902C3'))
      .submission
    assert.equal(item(edited, 'image_metadata')!.outcome, 'failed')
    assert.match(item(edited, 'image_metadata')!.detail, /saved by Adobe Photoshop 25\.1 Macintosh, an image editor/)
    assert.equal(edited.checks.passed, false)
  })

  it('finds the same image and the same document number under another account, under another name', async () => {
    const original = await photo(8)
    await submitPassport('ada', original, 'L898902C3')
    // The same picture resized and re-encoded: other bytes, a perceptual hash a few bits away.
    const copy = await sharp(original).resize(560).jpeg({ quality: 60 }).toBuffer()
    const farm = (await submitPassport('grace', copy, 'L898902C3', { documentType: 'passport', country: 'GB' }))
      .submission
    assert.deepEqual(item(farm, 'image_elsewhere')!.accounts, ['ada'])
    assert.match(
      item(farm, 'image_elsewhere')!.detail,
      /submitted by 1 other account: ada \((identical|\d of 64 bits apart)\)/,
    )
    assert.deepEqual(item(farm, 'document_elsewhere')!.accounts, ['ada'])
    assert.match(item(farm, 'document_elsewhere')!.detail, /ada \(another name\)/)
    assert.equal(item(farm, 'document_declared')!.outcome, 'failed')
    assert.deepEqual(farm.checks.elsewhere, ['ada'])
    // An unrelated picture of a third submission finds nothing.
    const unrelated = (await submitPassport('grace', await photo(9), '340020013')).submission
    assert.equal(item(unrelated, 'image_elsewhere')!.outcome, 'passed')
  })

  it("checks a utility bill's name and address fuzzily and its date against the limit", async () => {
    const bill = (name: string, lines: string[], issueDate: string, seed: number) =>
      photo(seed).then((bytes: Buffer) =>
        submitEvidence(deps, {
          account: 'ada',
          method: 'utility_bill',
          files: [file('bill', bytes)],
          fields: { name, address: { lines, city: 'Springfield', postalCode: '62701', country: 'US' }, issueDate },
          actor: 'seller:ada',
        }),
      )
    const good = (await bill('ADA LOVELACE', ['123 Main St #400'], '2026-10-15', 10)).submission
    assert.deepEqual(
      ['bill_name', 'bill_address', 'bill_date'].map((k) => item(good, k)!.outcome),
      ['passed', 'passed', 'passed'],
    )
    assert.match(item(good, 'bill_address')!.detail, /same delivery point/)
    const stale = (await bill('Grace Hopper', ['9 Elm Road'], '2026-08-20', 11)).submission
    assert.deepEqual(
      ['bill_name', 'bill_address', 'bill_date'].map((k) => item(stale, k)!.outcome),
      ['failed', 'failed', 'failed'],
    )
    assert.match(item(stale, 'bill_date')!.detail, /more than 3 months ago \(before 2026-09-01\)/)
    const future = (await bill('A. Lovelace', ['123 Main Street Suite 400'], '2026-12-02', 12)).submission
    assert.equal(item(future, 'bill_date')!.outcome, 'failed')
    assert.equal(item(future, 'bill_name')!.outcome, 'passed')
    const badFields = await refusal(
      submitEvidence(deps, {
        account: 'ada',
        method: 'utility_bill',
        files: [file('bill', await photo(13))],
        fields: { name: 'Ada', issueDate: '2026-13-01' },
        actor: 'seller:ada',
      }),
    )
    assert.match(badFields.message, /fields\.address: .*; fields\.issueDate: must be a date YYYY-MM-DD/)
  })

  it('checks a business licence number against the declared registration', async () => {
    await events.append(
      [
        toEventInput(
          anAccountRecord({
            account: 'shop',
            kind: 'business',
            business: { name: 'Widgets Ltd', country: 'GB', registrationNumber: '01234567' },
          }),
        ),
      ],
      T0,
    )
    const licence = (n: string, seed: number) =>
      photo(seed).then((bytes: Buffer) =>
        submitEvidence(deps, {
          account: 'shop',
          method: 'business_licence',
          files: [file('front', bytes)],
          fields: { documentNumber: n },
          actor: 'seller:shop',
        }),
      )
    const same = (await licence('1234567', 14)).submission
    assert.deepEqual(
      [item(same, 'document_number')!.outcome, item(same, 'document_declared')!.outcome],
      ['passed', 'passed'],
    )
    const malformed = (await licence('AB12', 15)).submission
    assert.match(item(malformed, 'document_number')!.detail, /Companies House number has 8 characters/)
  })

  it('needs the whole checklist; a final failure refuses the requirement and imposes its consequence', async () => {
    const requirement = await require('ada', ['id_document'])
    clock.advance(HOUR)
    const { submission } = await submitPassport('ada', await photo(16), 'L898902C3')
    const checklist = { original_document: false, number_matches_document: true, photo_not_altered: false }
    const decide = (over: Record<string, unknown>) =>
      decideSubmission(deps, {
        submission: submission.id,
        outcome: 'failed',
        reason: 'The photo was replaced.',
        checklist,
        actor: 'reviewer:lead',
        ...over,
      })
    assert.match(
      (await refusal(decide({ outcome: 'passed' }))).message,
      /not ticked: original_document, photo_not_altered/,
    )
    assert.match((await refusal(decide({ checklist: { original_document: false } }))).message, /missing/)
    assert.match((await refusal(decide({ checklist: { ...checklist, face: true } }))).message, /not on the id_document/)
    assert.match((await refusal(decide({ outcome: 'passed', final: true }))).message, /only a failure can be final/)
    assert.equal((await refusal(decide({ submission: 999 }))).code, 'not_found')
    const refused = await decide({ final: true })
    assert.deepEqual(refused.refused, [requirement])
    assert.equal(refused.submission.final, true)
    assert.equal(await requirementState(requirement), 'failed')
    const [restriction] = await deps.workflows.restrictionsOf('ada')
    assert.deepEqual([restriction?.kind, restriction?.reason], ['suspend', 'verification_refused'])
    // The failed record that follows finds the requirement closed: no failed attempt is counted after the refusal.
    const after = await tick(T0 + 2 * HOUR)
    assert.equal(after.attemptsFailed, 0)
    assert.equal(await requirementState(requirement), 'failed')
    assert.equal((await verifications('ada')).at(-1)?.outcome, 'failed')
  })

  it('counts a failed attempt without final, leaving the requirement open until the deadline', async () => {
    const requirement = await require('ada', ['id_document'])
    clock.advance(HOUR)
    const { submission } = await submitPassport('ada', await photo(17), 'L898902C3')
    await tick(T0 + 2 * HOUR)
    clock.advance(2 * HOUR)
    await decideSubmission(deps, {
      submission: submission.id,
      outcome: 'failed',
      reason: 'Blurred.',
      checklist: { original_document: true, number_matches_document: false, photo_not_altered: true },
      actor: 'reviewer:ana',
    })
    assert.equal((await tick(T0 + 4 * HOUR)).attemptsFailed, 1)
    assert.equal(await requirementState(requirement), 'requested')
    assert.equal((await tick(T0 + 8 * MS_PER_DAY)).expired, 1)
  })
})
