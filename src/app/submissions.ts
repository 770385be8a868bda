import type { AccountState } from '../core/accounts/index.ts'
import { OnesellerError } from '../core/errors.ts'
import { compareNames, cosineSimilarity } from '../core/identifiers/index.ts'
import type { AccountId } from '../core/ids.ts'
import { documentNumberKey } from '../core/linkage/index.ts'
import type { Instant } from '../core/time.ts'
import { FRAMES_SAME_PERSON_MIN_COSINE, faceDescriptorForRecord } from '../core/verification/face-match.ts'
import { OPEN_REQUIREMENT_STATES } from '../core/verification/requirement-lifecycle.ts'
import {
  type Clock,
  type EventStore,
  type FaceEmbedder,
  type LineSource,
  SUBMISSION_METHODS,
  type Submission,
  type SubmissionFileRole,
  type SubmissionImageReader,
  type SubmissionMethod,
  type SubmissionStore,
  type WorkflowStore,
} from '../ports/index.ts'
import {
  allPassed,
  BILL_NAME_MIN_SIMILARITY,
  DEFAULT_BILL_MAX_AGE_MONTHS,
  type SubmissionCheck,
} from './submission-checks.ts'
import {
  checkFileRoles,
  faceSummary,
  fieldChecks,
  type InspectedImage,
  imageChecks,
  inspectImages,
  parseFields,
  readVideoFaces,
  type SubmissionFields,
  type UploadedFile,
} from './submission-evidence.ts'

/**
 * The video embeddings searched by brute force for the same face under other accounts: the latest this many video
 * submissions. Each costs one 1,024-number dot product and 4 KB read from the store: 2,000 measured about 18 ms to
 * read (SQLite) and 7 ms to compare. Older faces are found by linkage (face bands) over the verification records.
 */
export const DEFAULT_FACE_SEARCH_LIMIT = 2_000
/** Near-identical images: a re-encoded or resized copy of one photo is within a few bits (pHash of 64). */
export const IMAGE_MATCH_MAX_BITS = 6
/** Other accounts named per search at most (a famous stock image can be everywhere). */
const MAX_ACCOUNTS_LISTED = 20

export interface SubmissionDeps {
  readonly events: EventStore
  readonly workflows: WorkflowStore
  readonly submissions: SubmissionStore
  readonly images: SubmissionImageReader
  readonly faces: FaceEmbedder
  readonly clock: Clock
  /** Stores records as `POST /v1/records` does: how a submission and its outcome reach the requirement. */
  readonly ingest: (source: LineSource) => Promise<{ readonly outcomes: readonly { readonly status: string }[] }>
  /** How old a utility bill may be (default {@link DEFAULT_BILL_MAX_AGE_MONTHS}). */
  readonly billMaxAgeMonths?: number
  readonly faceSearchLimit?: number
}

export interface SubmitEvidenceRequest {
  readonly account: string
  /** `id_document`, `business_licence`, `utility_bill` or `video`. */
  readonly method: string
  readonly files: readonly UploadedFile[]
  /** What the seller typed or the marketplace's OCR read: see each method. */
  readonly fields: Readonly<Record<string, unknown>>
  /** `seller:<account>`, `apikey:<id>`. */
  readonly actor: string
}

/**
 * A seller submits evidence for a method. The engine checks it (images, typed fields against the declarations, the
 * same image, document number or face under other accounts), stores it with its files, stores a pending
 * `verification` record (so the requirement becomes `submitted` at the next scheduler run and linkage gets the
 * evidence), and puts it in review. The same files sent again answer the first submission (`created: false`).
 * Refusals (`invalid_input`): an unknown method or file role, missing files or fields, a file that is not an image
 * (`details.reason`, as the face reader's: `not_an_image`, `unsupported_format`, `too_many_bytes`, …).
 */
export async function submitEvidence(
  deps: SubmissionDeps,
  request: SubmitEvidenceRequest,
): Promise<{ readonly submission: Submission; readonly created: boolean }> {
  const method = parseMethod(request.method)
  checkFileRoles(method, request.files)
  const fields = parseFields(method, request.fields)
  const account = await deps.events.getAccount(request.account as AccountId)
  if (account === undefined) throw new OnesellerError('not_found', `there is no account ${request.account}`)
  const digests = await Promise.all(request.files.map((f) => sha256Hex(f.bytes)))
  const fingerprint = await sha256Hex(new TextEncoder().encode([...digests].sort().join('\n')))
  const existing = await deps.submissions.findByFingerprint(account.id, method, fingerprint)
  if (existing !== undefined) return { submission: await putInReview(deps, existing, request.actor), created: false }

  const now = deps.clock.now()
  const evidence = await assess(deps, { method, account, files: request.files, fields, now })
  const requirement = await openRequirementFor(deps, account.id, method)
  const record = JSON.stringify({
    type: 'verification',
    account: account.id,
    at: new Date(now).toISOString(),
    kind: method,
    ...evidence.record,
    evidence: fingerprint,
  })
  const { submission, created } = await deps.submissions.receive({
    account: account.id,
    requirement,
    method,
    fingerprint,
    fields: { ...fields },
    checks: evidence.checks,
    documentKey: evidence.documentKey,
    face: evidence.face,
    record,
    files: request.files.map((f, i) => {
      const image = evidence.images.find((x) => x.index === i)
      return {
        role: f.role as SubmissionFileRole,
        mime: image?.facts.mime ?? f.mime,
        sha256: digests[i]!,
        bytes: f.bytes,
        ...(image === undefined ? {} : { imageHash: image.facts.phash }),
      }
    }),
    createdAt: now,
    createdBy: request.actor,
  })
  return { submission: await putInReview(deps, submission, request.actor), created }
}

function parseMethod(text: string): SubmissionMethod {
  if ((SUBMISSION_METHODS as readonly string[]).includes(text)) return text as SubmissionMethod
  if (text === 'postcard') {
    throw new OnesellerError(
      'invalid_input',
      'a postcard is answered with the code printed on it (POST /v1/accounts/{id}/postcard-code), not with files',
    )
  }
  throw new OnesellerError('invalid_input', `unknown method "${text}": choose from ${SUBMISSION_METHODS.join(', ')}`)
}

/** Stores the pending verification record of a received submission (a duplicate if it was stored) and puts it in review. */
async function putInReview(deps: SubmissionDeps, s: Submission, actor: string): Promise<Submission> {
  if (s.state !== 'received') return s
  const record = await deps.submissions.pendingRecord(s.id)
  if (record === undefined) throw new OnesellerError('not_found', `there is no submission ${s.id}`)
  await ingestLine(deps, `oneseller:submission:${s.id}`, record)
  return deps.submissions.markInReview(s.id, { actor, at: deps.clock.now() })
}

interface Evidence {
  readonly checks: Record<string, unknown>
  readonly images: readonly InspectedImage[]
  readonly face: Float32Array | null
  /** The document number as linkage keys it (canonical spelling when it could be read). */
  readonly documentKey: string | null
  /** What the pending verification record carries for linkage. */
  readonly record: Record<string, unknown>
}

/** Reads the evidence and runs every check, the searches across accounts included. */
async function assess(
  deps: SubmissionDeps,
  s: {
    readonly method: SubmissionMethod
    readonly account: AccountState
    readonly files: readonly UploadedFile[]
    readonly fields: SubmissionFields
    readonly now: Instant
  },
): Promise<Evidence> {
  // A video's frames are read by the face reader (same header checks); only its ID photo goes into the image index.
  const images = await inspectImages(deps.images, s.files, (role) => s.method !== 'video' || role === 'photo')
  const checks: SubmissionCheck[] = s.method === 'video' ? [] : imageChecks(images)
  const typed = fieldChecks(s.method, s.fields, s.account, {
    now: s.now,
    billMaxAgeMonths: deps.billMaxAgeMonths ?? DEFAULT_BILL_MAX_AGE_MONTHS,
  })
  checks.push(...typed.checks)
  const documentNumber = s.fields.documentNumber === undefined ? undefined : (typed.number ?? s.fields.documentNumber)
  const elsewhere = new Set<string>()
  if (documentNumber !== undefined) checks.push(await documentElsewhere(deps, s.account, documentNumber, elsewhere))
  checks.push(await imagesElsewhere(deps, s.account.id, images, elsewhere))
  let face: Float32Array | null = null
  let faceDetails: Record<string, unknown> | undefined
  if (s.method === 'video') {
    const read = await readVideoFaces(deps.faces, s.files)
    checks.push(...read.checks)
    face = read.verdict.embedding
    faceDetails = faceSummary(read.verdict)
    checks.push(await facesElsewhere(deps, s.account.id, face, elsewhere))
  }
  const main = images.find((i) => i.role === 'front' || i.role === 'bill' || i.role === 'photo')
  return {
    checks: {
      passed: allPassed(checks),
      items: checks,
      images: images.map((i) => ({ role: i.role, file: i.index + 1, ...i.facts })),
      ...(faceDetails === undefined ? {} : { face: faceDetails }),
      elsewhere: [...elsewhere].sort(),
    },
    images,
    face,
    documentKey: documentNumber === undefined ? null : documentNumberKey(documentNumber),
    record: {
      ...(documentNumber === undefined ? {} : { documentNumber }),
      ...(main === undefined ? {} : { imageHash: main.facts.phash }),
      ...(face === null ? {} : { face: faceDescriptorForRecord(face) }),
    },
  }
}

/**
 * Other accounts that submitted the same document number (as linkage keys it), and whether under the same name: one
 * number under another name is a borrowed or forged document; under the same name, a second account of one person.
 */
async function documentElsewhere(
  deps: SubmissionDeps,
  account: AccountState,
  number: string,
  found: Set<string>,
): Promise<SubmissionCheck> {
  const key = documentNumberKey(number)
  const holders = (await deps.submissions.submissionsWithDocument(key, 200)).filter((h) => h.account !== account.id)
  const others = [...new Set(holders.map((h) => h.account))].slice(0, MAX_ACCOUNTS_LISTED)
  if (others.length === 0) {
    return { kind: 'document_elsewhere', outcome: 'passed', detail: 'no other account submitted this number' }
  }
  const names = namesOf(account)
  const described: string[] = []
  for (const other of others) {
    found.add(other)
    const state = await deps.events.getAccount(other as AccountId)
    const theirs = state === undefined ? [] : namesOf(state)
    const same = names.some((a) => theirs.some((b) => compareNames(a, b) >= BILL_NAME_MIN_SIMILARITY))
    described.push(`${other} (${same ? 'the same name' : 'another name'})`)
  }
  return {
    kind: 'document_elsewhere',
    outcome: 'failed',
    detail: `the number was also submitted by ${others.length} other account${others.length === 1 ? '' : 's'}: ${described.join(', ')}`,
    accounts: others,
  }
}

function namesOf(account: AccountState): string[] {
  const rep = account.profile.representative ?? undefined
  const person = [rep?.givenName, rep?.familyName].filter((n) => typeof n === 'string' && n.trim() !== '').join(' ')
  return [
    ...(person === '' ? [] : [person]),
    ...(account.profile.business?.name ? [account.profile.business.name] : []),
  ]
}

/** The same or a near-identical image (≤ {@link IMAGE_MATCH_MAX_BITS} bits) submitted under another account. */
async function imagesElsewhere(
  deps: SubmissionDeps,
  account: string,
  images: readonly InspectedImage[],
  found: Set<string>,
): Promise<SubmissionCheck> {
  if (images.length === 0) return { kind: 'image_elsewhere', outcome: 'not_available', detail: 'no image to search' }
  const matches = (
    await deps.submissions.nearImages(
      images.map((i) => i.facts.phash),
      IMAGE_MATCH_MAX_BITS,
    )
  ).filter((m) => m.account !== account)
  if (matches.length === 0) {
    return {
      kind: 'image_elsewhere',
      outcome: 'passed',
      detail: 'no other account submitted this image or a near copy',
    }
  }
  const closest = new Map<string, number>()
  for (const m of matches) closest.set(m.account, Math.min(closest.get(m.account) ?? 64, m.distance))
  const others = [...closest.keys()].slice(0, MAX_ACCOUNTS_LISTED)
  for (const o of others) found.add(o)
  return {
    kind: 'image_elsewhere',
    outcome: 'failed',
    detail: `the same or a near-identical image was submitted by ${closest.size} other account${closest.size === 1 ? '' : 's'}: ${others
      .map((o) => `${o} (${closest.get(o) === 0 ? 'identical' : `${closest.get(o)} of 64 bits apart`})`)
      .join(', ')}`,
    accounts: others,
  }
}

/** The same face among the latest video submissions of other accounts (brute-force cosine, bounded). */
async function facesElsewhere(
  deps: SubmissionDeps,
  account: string,
  face: Float32Array | null,
  found: Set<string>,
): Promise<SubmissionCheck> {
  if (face === null) return { kind: 'face_elsewhere', outcome: 'not_available', detail: 'no face to search' }
  const limit = deps.faceSearchLimit ?? DEFAULT_FACE_SEARCH_LIMIT
  const recent = await deps.submissions.recentFaces(limit)
  const best = new Map<string, number>()
  for (const r of recent) {
    if (r.account === account || r.face.length !== face.length) continue
    const similarity = cosineSimilarity(face, r.face)
    if (similarity >= FRAMES_SAME_PERSON_MIN_COSINE) best.set(r.account, Math.max(best.get(r.account) ?? 0, similarity))
  }
  if (best.size === 0) {
    return {
      kind: 'face_elsewhere',
      outcome: 'passed',
      detail: `no other account's video among the latest ${recent.length} shows this face`,
    }
  }
  const others = [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_ACCOUNTS_LISTED)
  for (const [o] of others) found.add(o)
  return {
    kind: 'face_elsewhere',
    outcome: 'failed',
    detail: `the same face is in the video of ${best.size} other account${best.size === 1 ? '' : 's'}: ${others
      .map(([o, s]) => `${o} (similarity ${s.toFixed(2)})`)
      .join(', ')}`,
    accounts: others.map(([o]) => o),
  }
}

/** The account's latest open requirement that asks for the method, if any. */
async function openRequirementFor(deps: SubmissionDeps, account: string, method: SubmissionMethod) {
  const open = (await deps.workflows.activeRequirementsOf([account])).filter(
    (r) => OPEN_REQUIREMENT_STATES.includes(r.state) && r.methods.includes(method),
  )
  return open.at(-1)?.id ?? null
}

/** Stores one verification record as `POST /v1/records` does; a refusal of it is a bug of the record built here. */
export async function ingestLine(deps: SubmissionDeps, name: string, text: string): Promise<void> {
  const report = await deps.ingest({ name, size: text.length, lines: oneLine(text) })
  if (report.outcomes[0]?.status === 'rejected') {
    throw new OnesellerError('invalid_input', `the verification record of ${name} could not be stored`)
  }
}

async function* oneLine(text: string): AsyncGenerator<{ lineNo: number; text: string; endOffset: number }> {
  yield { lineNo: 1, text, endOffset: new TextEncoder().encode(text).length }
}

/**
 * SHA-256 of bytes as 64 lowercase hex digits, through the runtime's Web Crypto: a pure digest (no key, no randomness),
 * which the Secrets port offers only for text.
 */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}
