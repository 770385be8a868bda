import type { z } from 'zod'
import { err, ok, type Result } from '../result.ts'
import { type Instant, toInstant } from '../time.ts'
import { FAST_PATHS } from './fast-records.ts'
import { type InterchangeRecord, RECORD_TYPES, type RecordType } from './records.ts'
import { parseTimestamp, RECORD_SCHEMAS } from './schema.ts'

/** Why a line was rejected: the field (dotted path, `(line)` for the whole line) and a reason a person can act on. */
export interface RecordIssue {
  readonly field: string
  readonly message: string
}

export interface ParsedRecord {
  readonly record: InterchangeRecord
  /** `record.at` as an instant. */
  readonly at: Instant
  /**
   * The record as received, unknown fields included: the line itself (trimmed) when parsed from text, compact JSON
   * when given as an object. What the store keeps and hashes.
   */
  readonly body: string
}

/** A line longer than this is rejected without being parsed. */
export const MAX_LINE_BYTES = 1024 * 1024

const LINE = '(line)'

/**
 * Parses and validates one NDJSON line of the interchange format.
 * Empty strings and nulls mean "left empty" and are dropped before validation (spec: "may be absent, null
 * or an empty string"); in an update's `set`, a null or empty top-level field means "cleared".
 */
export function parseRecordLine(line: string): Result<ParsedRecord, RecordIssue[]> {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (e) {
    return err([{ field: LINE, message: `not valid JSON (${(e as Error).message})` }])
  }
  return validateRecord(json, MAY_NEED_PRUNING.test(line), line.trim())
}

/**
 * Text that may hold an empty value (null, a blank string) or an escaped surrogate. Lines without any skip the
 * pruning pass, which copies the whole record; decoded UTF-8 cannot hold a lone surrogate except as an escape.
 */
const MAY_NEED_PRUNING = /null|"\s*"|\\u[dD][89a-fA-F]/

/** Validates an already-decoded record (the HTTP ingest path). */
export function parseRecord(json: unknown): Result<ParsedRecord, RecordIssue[]> {
  return validateRecord(json, true, undefined)
}

/** `body` is the line as received, when there is one; a decoded object is stored as compact JSON. */
function validateRecord(
  json: unknown,
  needsPruning: boolean,
  body: string | undefined,
): Result<ParsedRecord, RecordIssue[]> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return err([{ field: LINE, message: 'must be a JSON object' }])
  }
  const problems: RecordIssue[] = []
  const pruned = needsPruning
    ? pruneEmpty(json as Record<string, unknown>, '', problems)
    : (json as Record<string, unknown>)
  if (problems.length > 0) return err(problems)
  const type = pruned.type
  if (type === undefined) return err([{ field: 'type', message: `is required: one of ${RECORD_TYPES.join(', ')}` }])
  if (typeof type !== 'string' || !(type in RECORD_SCHEMAS)) {
    return err([
      {
        field: 'type',
        message: `unknown record type ${JSON.stringify(type)}: expected one of ${RECORD_TYPES.join(', ')}`,
      },
    ])
  }
  if (type === 'update') restoreClearedFields(json as Record<string, unknown>, pruned)
  const fast = FAST_PATHS[type as RecordType](pruned)
  if (fast !== undefined)
    return ok({ record: fast, at: toInstant(parseTimestamp(fast.at)), body: body ?? JSON.stringify(json) })
  const schema = RECORD_SCHEMAS[type as RecordType]
  const parsed = schema.safeParse(pruned)
  if (!parsed.success) {
    // A custom error map takes zod off its compiled fast path, so the messages are made on failure only.
    const described = schema.safeParse(pruned, { error: describeIssue })
    return err((described.error ?? parsed.error).issues.map(toRecordIssue))
  }
  const record = parsed.data as InterchangeRecord
  return ok({ record, at: toInstant(parseTimestamp(record.at)), body: body ?? JSON.stringify(json) })
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
}

/** Drops empty values (recursively) and reports strings that are not well-formed Unicode. */
function pruneEmpty(obj: Record<string, unknown>, path: string, problems: RecordIssue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(obj)) {
    const v = obj[key]
    if (isEmpty(v)) continue
    const at = path === '' ? key : `${path}.${key}`
    out[key] = pruneValue(v, at, problems)
  }
  return out
}

function pruneValue(v: unknown, at: string, problems: RecordIssue[]): unknown {
  if (typeof v === 'string') {
    if (!v.isWellFormed()) problems.push({ field: at, message: 'contains an unpaired surrogate (not valid Unicode)' })
    return v
  }
  if (Array.isArray(v)) {
    const items: unknown[] = []
    v.forEach((item, i) => {
      if (!isEmpty(item) || typeof item !== 'string') items.push(pruneValue(item, `${at}[${i}]`, problems))
    })
    return items
  }
  if (v !== null && typeof v === 'object') return pruneEmpty(v as Record<string, unknown>, at, problems)
  return v
}

/** In an update, `"email": null` or `""` clears the field; pruning dropped it, so put it back as null. */
function restoreClearedFields(raw: Record<string, unknown>, pruned: Record<string, unknown>): void {
  const set = raw.set
  if (set === null || typeof set !== 'object' || Array.isArray(set)) return
  const out = (pruned.set ?? {}) as Record<string, unknown>
  for (const [key, v] of Object.entries(set)) if (isEmpty(v)) out[key] = null
  pruned.set = out
}

function describeIssue(iss: z.core.$ZodRawIssue): string | undefined {
  if (iss.code === 'invalid_type') {
    if (iss.input === undefined) return 'is required'
    return `expected ${iss.expected}, got ${describeValue(iss.input)}`
  }
  if (iss.code === 'invalid_value') {
    return `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(iss.input)}`
  }
  return undefined
}

function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'string') return v.length > 40 ? `a string "${v.slice(0, 40)}…"` : `"${v}"`
  if (typeof v === 'object') return 'an object'
  return `${typeof v} ${String(v)}`
}

function toRecordIssue(issue: z.core.$ZodIssue): RecordIssue {
  const field = issue.path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`
    return acc === '' ? String(p) : `${acc}.${String(p)}`
  }, '')
  return { field: field === '' ? LINE : field, message: issue.message }
}
