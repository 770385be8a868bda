// What both submission stores share: rows to submissions, the audit records of each change, and the band keys of the
// image-hash index, so that SQLite and PostgreSQL store the same rows and chain the same audit trail.
import { OnesellerError } from '../../core/errors.ts'
import type { Instant } from '../../core/time.ts'
import type {
  NewAuditRecord,
  NewSubmission,
  Submission,
  SubmissionDecision,
  SubmissionFileEntry,
  SubmissionFileRole,
  SubmissionMethod,
  SubmissionState,
} from '../../ports/index.ts'

/** The widest search the band index answers exactly: 4 bands × 2 bits > 6, so a nearer hash differs by ≤ 1 in a band. */
export const MAX_IMAGE_HASH_DISTANCE = 6

const HEX16 = /^[0-9a-f]{16}$/
const BAND_BITS = 16
const BANDS = 4

/** The four band keys of a hash (band × 65536 + the band's 16 bits), stored for every indexed image. */
export function imageHashBandKeys(hash: string): number[] {
  const hex = checkedHash(hash)
  return Array.from({ length: BANDS }, (_, b) => b * 2 ** BAND_BITS + Number.parseInt(hex.slice(b * 4, b * 4 + 4), 16))
}

/**
 * The keys to look up for hashes within {@link MAX_IMAGE_HASH_DISTANCE} bits: each band's value and its 16 one-bit
 * neighbours (68 keys). Any hash at most 6 bits away shares one of them; the distance itself is checked afterwards.
 */
export function imageHashProbeKeys(hash: string): number[] {
  const keys: number[] = []
  for (const key of imageHashBandKeys(hash)) {
    const band = Math.floor(key / 2 ** BAND_BITS) * 2 ** BAND_BITS
    const value = key - band
    keys.push(key)
    for (let bit = 0; bit < BAND_BITS; bit++) keys.push(band + (value ^ (1 << bit)))
  }
  return keys
}

function checkedHash(hash: string): string {
  const hex = hash.toLowerCase()
  if (!HEX16.test(hex)) throw new Error(`an image hash is 16 hex digits, not ${JSON.stringify(hash)}`)
  return hex
}

/** A unit embedding as stored: float32 in the platform's (little-endian) byte order. */
export function faceToBytes(face: Float32Array): Uint8Array {
  return new Uint8Array(face.buffer.slice(face.byteOffset, face.byteOffset + face.byteLength))
}

export function faceFromBytes(bytes: Uint8Array): Float32Array {
  // Copied: a driver's buffer may sit at an offset that is not a multiple of 4.
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float32Array(copy.buffer)
}

export interface SubmissionRow {
  readonly id: number | string
  readonly account: string
  readonly requirement: number | string | null
  readonly method: string
  readonly state: string
  readonly fingerprint: string
  readonly fields: string | Record<string, unknown>
  readonly checks: string | Record<string, unknown>
  readonly document_key: string | null
  readonly created_at: number | string
  readonly created_by: string
  readonly decided_at: number | string | null
  readonly decided_by: string | null
  readonly reason: string | null
  readonly checklist: string | Record<string, boolean> | null
  readonly final: number | boolean
}

export interface SubmissionFileRow {
  readonly id: number | string
  readonly submission: number | string
  readonly role: string
  readonly mime: string
  readonly size: number | string
  readonly sha256: string
}

/** The columns a submission is read with (never the face: it is read only by the face search). */
export const SUBMISSION_COLUMNS =
  'id, account, requirement, method, state, fingerprint, fields, checks, document_key, created_at, created_by, ' +
  'decided_at, decided_by, reason, checklist, final'

const json = <T>(v: string | T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)
const num = (v: number | string): number => Number(v)
const numOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v))

export function toFileEntry(r: SubmissionFileRow): SubmissionFileEntry {
  return { id: num(r.id), role: r.role as SubmissionFileRole, mime: r.mime, size: num(r.size), sha256: r.sha256 }
}

export function fromSubmissionRow(r: SubmissionRow, files: readonly SubmissionFileEntry[]): Submission {
  return {
    id: num(r.id),
    account: r.account,
    requirement: numOrNull(r.requirement),
    method: r.method as SubmissionMethod,
    state: r.state as SubmissionState,
    fingerprint: r.fingerprint,
    fields: json(r.fields),
    checks: json(r.checks),
    documentKey: r.document_key,
    files,
    createdAt: num(r.created_at) as Instant,
    createdBy: r.created_by,
    decidedAt: numOrNull(r.decided_at) as Instant | null,
    decidedBy: r.decided_by,
    reason: r.reason,
    checklist: r.checklist === null ? null : json(r.checklist),
    final: r.final === true || r.final === 1,
  }
}

/** Groups file rows by submission id. */
export function filesBySubmission(rows: readonly SubmissionFileRow[]): Map<number, SubmissionFileEntry[]> {
  const out = new Map<number, SubmissionFileEntry[]>()
  for (const r of rows) {
    const list = out.get(num(r.submission)) ?? []
    list.push(toFileEntry(r))
    out.set(num(r.submission), list)
  }
  return out
}

export function receivedAudit(s: NewSubmission, id: number): NewAuditRecord {
  return {
    at: s.createdAt,
    actor: s.createdBy,
    action: 'submission.receive',
    subject: s.account,
    detail: {
      submission: id,
      method: s.method,
      requirement: s.requirement,
      files: s.files.map((f) => ({ role: f.role, sha256: f.sha256, size: f.bytes.byteLength })),
    },
  }
}

export function inReviewAudit(s: Submission, opts: { readonly actor: string; readonly at: Instant }): NewAuditRecord {
  return {
    at: opts.at,
    actor: opts.actor,
    action: 'submission.review',
    subject: s.account,
    detail: { submission: s.id, method: s.method, requirement: s.requirement },
  }
}

export function decidedAudit(s: Submission, d: SubmissionDecision): NewAuditRecord {
  return {
    at: d.at,
    actor: d.actor,
    action: d.outcome === 'passed' ? 'submission.pass' : 'submission.fail',
    subject: s.account,
    detail: {
      submission: s.id,
      method: s.method,
      requirement: s.requirement,
      final: d.final,
      reason: d.reason,
      checklist: d.checklist,
    },
  }
}

export function submissionNotFound(id: number): OnesellerError {
  return new OnesellerError('not_found', `there is no submission ${id}`)
}

export function submissionNotInReview(id: number, state: SubmissionState): OnesellerError {
  return new OnesellerError(
    'conflict',
    state === 'received'
      ? `submission ${id} is not in review yet: its verification record is still being stored; try again shortly`
      : `submission ${id} was already decided (${state})`,
  )
}
