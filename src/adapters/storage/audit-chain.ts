// The hash chain of the audit trail, shared by the SQLite and PostgreSQL stores so that both write, and a verifier
// reads, exactly the same bytes.
import { createHash } from 'node:crypto'
import type { Instant } from '../../core/time.ts'
import type { AuditRecord, NewAuditRecord } from '../../ports/index.ts'

/** The last record of a trail, which the next one chains to. */
export interface AuditTail {
  readonly seq: number
  readonly hash: string
}

/** Where an empty trail stands: the first record is seq 1 and chains to "". */
export const EMPTY_AUDIT_TAIL: AuditTail = { seq: 0, hash: '' }

/**
 * JSON with object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does) at every depth and no
 * whitespace, so that the same value always gives the same text whatever order its keys were built in, and whatever
 * order a database hands them back in. Values JSON cannot hold are written as `JSON.stringify` writes them (`undefined`
 * members are left out, `NaN` is `null`), so `canonicalJson(JSON.parse(canonicalJson(v)))` is `canonicalJson(v)`.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const toJson = (value as { toJSON?: unknown }).toJSON
    if (typeof toJson === 'function') return canonicalJson(toJson.call(value))
    if (Array.isArray(value)) return `[${value.map((v) => (isOmitted(v) ? 'null' : canonicalJson(v))).join(',')}]`
    const members = Object.keys(value)
      .filter((k) => !isOmitted((value as Record<string, unknown>)[k]))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
    return `{${members.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function isOmitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol'
}

/** Hex SHA-256 of the previous record's hash followed by the canonical JSON of this record's content. */
export function hashAuditRecord(previousHash: string, record: Omit<AuditRecord, 'hash'>): string {
  return hashContent(previousHash, record, canonicalJson(record.detail))
}

/**
 * The hash with the detail already in canonical JSON: the content's keys written in sorted order (action, actor, at,
 * detail, seq, subject), which is `canonicalJson` of the whole content without serialising the detail twice.
 */
function hashContent(previousHash: string, r: Omit<AuditRecord, 'hash' | 'detail'>, detailJson: string): string {
  const content = `{"action":${JSON.stringify(r.action)},"actor":${JSON.stringify(r.actor)},"at":${canonicalJson(r.at)},"detail":${detailJson},"seq":${canonicalJson(r.seq)},"subject":${JSON.stringify(r.subject)}}`
  return createHash('sha256').update(previousHash).update(content).digest('hex')
}

/** A record ready to insert: `detailJson` is the canonical text of its detail, the text that was hashed. */
export interface ChainedAuditRecord extends AuditRecord {
  readonly detailJson: string
}

/**
 * Numbers and chains new records after `tail`. Each detail is normalised to what its canonical JSON reads back as,
 * so the records returned are exactly those a store will hand back, and hash the same.
 */
export function chainAuditRecords(tail: AuditTail, records: readonly NewAuditRecord[]): ChainedAuditRecord[] {
  const chained: ChainedAuditRecord[] = []
  let { seq, hash } = tail
  for (const r of records) {
    seq += 1
    const detailJson = canonicalJson(r.detail)
    const content = { seq, at: r.at as Instant, actor: r.actor, action: r.action, subject: r.subject }
    hash = hashContent(hash, content, detailJson)
    chained.push({ ...content, detail: JSON.parse(detailJson) as Record<string, unknown>, hash, detailJson })
  }
  return chained
}

export type AuditChainCheck =
  | { readonly ok: true; readonly checked: number }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string }

/**
 * Checks that `records` (in seq order) form an unbroken chain after `from` (the start of the trail by default; the
 * last record before them to check one page of it): each seq follows the previous one, and each hash is that of the
 * previous hash and the record's content. Returns the seq of the first record that does not hold: the one edited, or
 * the one after a record removed. Deleting the last records is not detectable from the trail alone: compare its
 * last hash with one kept elsewhere.
 */
export function verifyAuditChain(records: readonly AuditRecord[], from: AuditTail = EMPTY_AUDIT_TAIL): AuditChainCheck {
  let { seq, hash } = from
  for (const r of records) {
    if (r.seq !== seq + 1) return { ok: false, brokenAt: r.seq, reason: `follows seq ${seq}` }
    const expected = hashAuditRecord(hash, r)
    if (r.hash !== expected) return { ok: false, brokenAt: r.seq, reason: 'its hash does not match its content' }
    seq = r.seq
    hash = r.hash
  }
  return { ok: true, checked: records.length }
}
