import {
  CHANNEL,
  type FastField,
  type Fields,
  fillFields,
  idOf,
  nullable,
  objectOf,
  oneOf,
  optional,
  PROFILE_CHECKS,
  required,
  textUpTo,
} from './fast-checks.ts'
import type {
  AccountRecord,
  InterchangeRecord,
  ListingRecord,
  RecordType,
  SessionRecord,
  StatusRecord,
  UpdateRecord,
  VerificationRecord,
} from './records.ts'
import {
  ACCOUNT_KINDS,
  ACCOUNT_STATUSES,
  LIMITS,
  parseTimestamp,
  VERIFICATION_KINDS,
  VERIFICATION_OUTCOMES,
} from './schema.ts'

/**
 * Hand-written checks of every record type, several times faster than their schemas. For a record it accepts, each
 * gives exactly what the schema gives (the known fields in the schema's order, identifiers trimmed); for anything
 * else it gives undefined, and the schema decides and says why. So it may only ever accept less, never more:
 * `fast-records.test.ts` holds it to that.
 */
export const FAST_PATHS: Readonly<Record<RecordType, (r: Record<string, unknown>) => InterchangeRecord | undefined>> = {
  account: fastAccount,
  session: fastSession,
  update: fastUpdate,
  listing: fastListing,
  verification: fastVerification,
  status: fastStatus,
}

const HASH64 = /^[0-9a-fA-F]{16}$/
const CURRENCY = /^[A-Z]{3}$/

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
function copyOptional(r: Fields, key: string, out: Fields, valid: (v: unknown) => unknown): boolean {
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

const ACCOUNT_FIELDS: readonly FastField[] = [
  required('marketplace', textUpTo(LIMITS.marketplace, true)),
  required('kind', oneOf(ACCOUNT_KINDS)),
  optional('channel', CHANNEL),
  ...PROFILE_CHECKS.map(([key, check]) => optional(key, check)),
]

function fastAccount(r: Fields): AccountRecord | undefined {
  const out = head('account', r)
  return out !== undefined && fillFields(r, out, ACCOUNT_FIELDS) ? (out as AccountRecord) : undefined
}

/** What an update sets: any profile field, null to clear it; at least one. */
const UPDATE_FIELDS: readonly FastField[] = [
  required(
    'set',
    objectOf(
      PROFILE_CHECKS.map(([key, check]) => optional(key, nullable(check))),
      (set) => Object.keys(set).length > 0,
    ),
  ),
]

function fastUpdate(r: Fields): UpdateRecord | undefined {
  const out = head('update', r)
  return out !== undefined && fillFields(r, out, UPDATE_FIELDS) ? (out as UpdateRecord) : undefined
}

const STATUS_FIELDS: readonly FastField[] = [
  required('status', oneOf(ACCOUNT_STATUSES)),
  optional('reason', textUpTo(LIMITS.text)),
]

function fastStatus(r: Fields): StatusRecord | undefined {
  const out = head('status', r)
  return out !== undefined && fillFields(r, out, STATUS_FIELDS) ? (out as StatusRecord) : undefined
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
    copyOptional(r, 'userAgent', out, (v) => (isTextUpTo(v, LIMITS.userAgent) ? v : undefined)) &&
    copyOptional(r, 'cookie', out, idOf)
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
    copyOptional(r, 'brand', out, text) &&
    copyOptional(r, 'category', out, text) &&
    copyOptional(r, 'price', out, (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= LIMITS.price ? v : undefined,
    ) &&
    copyOptional(r, 'currency', out, (v) => (typeof v === 'string' && CURRENCY.test(v) ? v : undefined)) &&
    copyOptional(r, 'description', out, (v) => (isTextUpTo(v, LIMITS.longText) ? v : undefined)) &&
    copyOptional(r, 'imageHashes', out, (v) =>
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
    copyOptional(r, 'documentNumber', out, (v) => (isTextUpTo(v, LIMITS.documentNumber) ? v : undefined)) &&
    copyOptional(r, 'imageHash', out, (v) => (isHash64(v) ? v : undefined)) &&
    copyOptional(r, 'face', out, (v) =>
      Array.isArray(v) && v.length >= 2 && v.length <= LIMITS.faceDimensions && v.every(isFiniteNumber)
        ? [...v]
        : undefined,
    ) &&
    copyOptional(r, 'outcome', out, (v) =>
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
