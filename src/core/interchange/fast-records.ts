import type { InterchangeRecord, ListingRecord, RecordType, SessionRecord, VerificationRecord } from './records.ts'
import { LIMITS, parseTimestamp, VERIFICATION_KINDS, VERIFICATION_OUTCOMES } from './schema.ts'

/**
 * Hand-written checks of the records that make up nine in ten lines of an import (sessions, listings, verifications),
 * several times faster than their schemas. For a record it accepts, each gives exactly what the schema gives (the
 * known fields in the schema's order, identifiers trimmed); for anything else it gives undefined, and the schema
 * decides and says why. So it may only ever accept less, never more: `fast-records.test.ts` holds it to that.
 */
export const FAST_PATHS: Partial<Record<RecordType, (r: Record<string, unknown>) => InterchangeRecord | undefined>> = {
  session: fastSession,
  listing: fastListing,
  verification: fastVerification,
}

type Fields = Record<string, unknown>

const HASH64 = /^[0-9a-fA-F]{16}$/
const CURRENCY = /^[A-Z]{3}$/

/** An identifier as the schema's `id` gives it (trimmed, 1 to MAX_ID characters), or undefined. */
function idOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  const t = v.trim()
  return t.length >= 1 && t.length <= LIMITS.id ? t : undefined
}

function isTextUpTo(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max
}

function isTimestamp(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(parseTimestamp(v))
}

/**
 * Copies an optional field into `out` when it is there and `valid`; false when it is there and not valid. A field
 * present but undefined (only possible in a decoded object) is left to the schema.
 */
function optional(r: Fields, key: string, out: Fields, valid: (v: unknown) => unknown): boolean {
  const v = r[key]
  if (v === undefined) return !(key in r)
  const value = valid(v)
  if (value === undefined) return false
  out[key] = value
  return true
}

/** The common head of every record: type, account, at; undefined when one of them is not as the schema wants. */
function head(type: RecordType, r: Fields): Fields | undefined {
  const account = idOf(r.account)
  if (account === undefined || !isTimestamp(r.at)) return undefined
  return { type, account, at: r.at }
}

function fastSession(r: Fields): SessionRecord | undefined {
  const out = head('session', r)
  if (out === undefined) return undefined
  const ip = r.ip
  if (typeof ip !== 'string' || ip.length < 1 || ip.length > LIMITS.ip) return undefined
  out.ip = ip
  const device = idOf(r.device)
  if (device === undefined) return undefined
  out.device = device
  const ok =
    optional(r, 'userAgent', out, (v) => (isTextUpTo(v, LIMITS.userAgent) ? v : undefined)) &&
    optional(r, 'cookie', out, idOf)
  return ok ? (out as SessionRecord) : undefined
}

function fastListing(r: Fields): ListingRecord | undefined {
  const out = head('listing', r)
  if (out === undefined) return undefined
  const id = idOf(r.id)
  if (id === undefined) return undefined
  out.id = id
  const title = r.title
  if (typeof title !== 'string' || title.length < 1 || title.length > LIMITS.title) return undefined
  out.title = title
  const text = (v: unknown) => (isTextUpTo(v, LIMITS.text) ? v : undefined)
  const ok =
    optional(r, 'brand', out, text) &&
    optional(r, 'category', out, text) &&
    optional(r, 'price', out, (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= LIMITS.price ? v : undefined,
    ) &&
    optional(r, 'currency', out, (v) => (typeof v === 'string' && CURRENCY.test(v) ? v : undefined)) &&
    optional(r, 'description', out, (v) => (isTextUpTo(v, LIMITS.longText) ? v : undefined)) &&
    optional(r, 'imageHashes', out, (v) =>
      Array.isArray(v) && v.length <= LIMITS.list && v.every(isHash64) ? [...v] : undefined,
    )
  return ok ? (out as ListingRecord) : undefined
}

function fastVerification(r: Fields): VerificationRecord | undefined {
  const out = head('verification', r)
  if (out === undefined) return undefined
  const kind = r.kind
  if (typeof kind !== 'string' || !(VERIFICATION_KINDS as readonly string[]).includes(kind)) return undefined
  out.kind = kind
  const ok =
    optional(r, 'documentNumber', out, (v) => (isTextUpTo(v, LIMITS.documentNumber) ? v : undefined)) &&
    optional(r, 'imageHash', out, (v) => (isHash64(v) ? v : undefined)) &&
    optional(r, 'face', out, (v) =>
      Array.isArray(v) && v.length >= 2 && v.length <= LIMITS.faceDimensions && v.every(isFiniteNumber)
        ? [...v]
        : undefined,
    ) &&
    optional(r, 'outcome', out, (v) =>
      typeof v === 'string' && (VERIFICATION_OUTCOMES as readonly string[]).includes(v) ? v : undefined,
    )
  return ok ? (out as VerificationRecord) : undefined
}

function isHash64(v: unknown): boolean {
  return typeof v === 'string' && HASH64.test(v)
}

function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v)
}
