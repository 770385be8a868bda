import type { VerificationRecord } from '../interchange/index.ts'
import type { Instant } from '../time.ts'

/** A verification method (interchange `verification.kind`). */
export type VerificationMethod = VerificationRecord['kind']

/** The methods in a fixed order: summaries are written and listed in it. */
export const VERIFICATION_METHODS: readonly VerificationMethod[] = [
  'id_document',
  'business_licence',
  'utility_bill',
  'postcard',
  'video',
]

/** Where a method stands: the outcome of its latest submission, `pending` when that one had no outcome yet. */
export type VerificationStanding = 'passed' | 'failed' | 'pending'

/** One method's verifications, summarised: enough for policies without reading the records again. */
export interface VerificationSummary {
  readonly outcome: VerificationStanding
  /** When the latest submission was made. */
  readonly at: Instant
  /** When the method last passed (possibly before a later failure); null when it never did. */
  readonly passedAt: Instant | null
}

/** Per method that was ever submitted, its summary. */
export type VerificationSummaries = Readonly<Partial<Record<VerificationMethod, VerificationSummary>>>

export const NO_VERIFICATIONS: VerificationSummaries = Object.freeze({})

/**
 * The summaries after one more submission. Submissions of a method must come in `at` order (ties in arrival order,
 * the later one wins); {@link isVerificationInOrder} tells whether one may be applied to summaries as they are.
 */
export function applyVerification(
  summaries: VerificationSummaries,
  record: Pick<VerificationRecord, 'kind' | 'outcome'>,
  at: Instant,
): VerificationSummaries {
  const outcome: VerificationStanding = record.outcome ?? 'pending'
  const passedAt = outcome === 'passed' ? at : (summaries[record.kind]?.passedAt ?? null)
  return { ...summaries, [record.kind]: { outcome, at, passedAt } }
}

/**
 * True when a submission of `method` made at `at` is no older than the latest one the summaries reflect, so that
 * applying it gives what folding every submission in time order would. Only submissions of one method depend on
 * each other's order: a late-arriving video check does not disturb an identity document's summary.
 */
export function isVerificationInOrder(
  summaries: VerificationSummaries,
  method: VerificationMethod,
  at: number,
): boolean {
  const latest = summaries[method]
  return latest === undefined || at >= latest.at
}

const STANDINGS: ReadonlySet<string> = new Set<VerificationStanding>(['passed', 'failed', 'pending'])
const METHODS: ReadonlySet<string> = new Set(VERIFICATION_METHODS)

/**
 * The stored form: compact JSON, `{"video":["passed",at,passedAt]}` (times in epoch ms, passedAt null when never),
 * methods in {@link VERIFICATION_METHODS} order; `{}` when none. SQL can read it (`json_extract(v, '$.video[0]')`).
 */
export function encodeVerifications(summaries: VerificationSummaries): string {
  let text = ''
  for (const method of VERIFICATION_METHODS) {
    const s = summaries[method]
    if (s === undefined) continue
    text += `${text === '' ? '' : ','}"${method}":["${s.outcome}",${s.at},${s.passedAt ?? 'null'}]`
  }
  return `{${text}}`
}

/** Reads what {@link encodeVerifications} wrote; throws on anything else (a store that was written by hand). */
export function decodeVerifications(text: string): VerificationSummaries {
  if (text === '{}' || text === '') return NO_VERIFICATIONS
  const parsed = JSON.parse(text) as Record<string, unknown>
  const out: Partial<Record<VerificationMethod, VerificationSummary>> = {}
  for (const [method, v] of Object.entries(parsed)) {
    if (!METHODS.has(method) || !Array.isArray(v) || !STANDINGS.has(v[0]) || typeof v[1] !== 'number') {
      throw new Error(`stored verification summary ${JSON.stringify(text)} is not in the expected form`)
    }
    out[method as VerificationMethod] = {
      outcome: v[0] as VerificationStanding,
      at: v[1] as Instant,
      passedAt: typeof v[2] === 'number' ? (v[2] as Instant) : null,
    }
  }
  return out
}
