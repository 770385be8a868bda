import { z } from 'zod'

// Field limits: generous for real declarations, small enough that a runaway value is caught at the door.
const MAX_ID = 256
const MAX_TEXT = 512
const MAX_LONG_TEXT = 20_000
const MAX_LINES = 10
const MAX_LIST = 100
const MAX_FACE_DIMENSIONS = 4096

/** The limits of the fields that the hand-written checks of `fast-records.ts` also apply: one source for both. */
export const LIMITS = {
  id: MAX_ID,
  text: MAX_TEXT,
  longText: MAX_LONG_TEXT,
  list: MAX_LIST,
  faceDimensions: MAX_FACE_DIMENSIONS,
  lines: MAX_LINES,
  ip: 64,
  userAgent: 2048,
  title: 1000,
  price: 1e12,
  documentNumber: 64,
  marketplace: 16,
  postalCode: 32,
  /** Business registration numbers, tax ids, IBANs, bank account and routing numbers. */
  number: 64,
  cardBin: 16,
  cardLast4: 8,
  email: 320,
  phone: 64,
  locale: 35,
  timeZone: 64,
} as const

export const ACCOUNT_KINDS = ['individual', 'business'] as const
export const CHANNEL_TYPES = ['organic', 'invite', 'partner'] as const
export const ADDRESS_ROLES = ['business', 'return', 'warehouse', 'billing'] as const
export const DOCUMENT_TYPES = ['national_id', 'passport', 'driving_licence'] as const
export const ACCOUNT_STATUSES = ['active', 'suspended', 'deactivated', 'reinstated'] as const

export const VERIFICATION_KINDS = ['id_document', 'business_licence', 'utility_bill', 'postcard', 'video'] as const
export const VERIFICATION_OUTCOMES = ['passed', 'failed'] as const

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const HASH64 = /^[0-9a-fA-F]{16}$/
export const COUNTRY = /^[A-Z]{2}$/
export const CARD_EXPIRY = /^\d{4}-(0[1-9]|1[0-2])$/

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

const ZERO = 48

function digitsAt(text: string, from: number, count: number): number {
  let n = 0
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - ZERO
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

/**
 * The common shapes `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.mmmZ`, read without a regular expression;
 * NaN when the text has another shape (the general parser then decides).
 */
function parseUtcSeconds(text: string): number {
  const n = text.length
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) {
    return Number.NaN
  }
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return Number.NaN
  const ms = n === 24 ? (text[19] === '.' ? digitsAt(text, 20, 3) : -1) : 0
  if (ms < 0) return Number.NaN
  const y = digitsAt(text, 0, 4)
  const mo = digitsAt(text, 5, 2)
  const d = digitsAt(text, 8, 2)
  const h = digitsAt(text, 11, 2)
  const mi = digitsAt(text, 14, 2)
  const s = digitsAt(text, 17, 2)
  if (y < 0 || !isCalendarDate(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    return Number.NaN
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms)
}

let lastText = ''
let lastValue = Number.NaN

/** Epoch milliseconds of an RFC 3339 timestamp, or NaN when it is not one. */
export function parseTimestamp(text: string): number {
  // Validation and conversion ask for the same text one after the other: remember the last answer.
  if (text === lastText) return lastValue
  lastText = text
  lastValue = parseTimestampUncached(text)
  return lastValue
}

function parseTimestampUncached(text: string): number {
  const fast = parseUtcSeconds(text)
  if (!Number.isNaN(fast)) return fast
  const m = RFC3339.exec(text)
  if (!m) return Number.NaN
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return Number.NaN
  return Date.parse(text.replace(' ', 'T'))
}

const id = z.string().trim().min(1, 'must not be empty').max(MAX_ID, `must be at most ${MAX_ID} characters`)
const text = z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
const country = z.string().regex(COUNTRY, 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. "GB"')
const timestamp = z
  .string()
  .refine((s) => !Number.isNaN(parseTimestamp(s)), 'must be an RFC 3339 timestamp such as 2026-01-31T09:30:00Z')
/** Whether a text is a date YYYY-MM-DD of the calendar. */
export function isDateText(s: string): boolean {
  const m = DATE.exec(s)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

const calendarDate = z.string().refine(isDateText, 'must be a date YYYY-MM-DD')
const hash64 = z.string().regex(HASH64, 'must be a 64-bit perceptual hash as 16 hex digits')

export const postalAddressSchema = z.object({
  lines: z.array(text).max(MAX_LINES, `must have at most ${MAX_LINES} lines`),
  city: text.optional(),
  region: text.optional(),
  postalCode: z.string().max(LIMITS.postalCode).optional(),
  country,
})

export const addressRoleSchema = z.enum(ADDRESS_ROLES)

export const roleAddressSchema = postalAddressSchema.extend({ role: addressRoleSchema })

export const channelSchema = z.object({
  type: z.enum(CHANNEL_TYPES),
  ref: id.optional(),
})

export const businessSchema = z.object({
  name: text,
  country,
  registrationNumber: z.string().max(LIMITS.number).optional(),
  taxId: z.string().max(LIMITS.number).optional(),
  address: postalAddressSchema.optional(),
})

export const documentSchema = z.object({
  type: z.enum(DOCUMENT_TYPES),
  country,
  number: z.string().min(1, 'must not be empty').max(LIMITS.documentNumber),
})

// Names may be left empty (mononymous people, records with a missing part), but not both.
export const representativeSchema = z
  .object({
    givenName: text.optional(),
    familyName: text.optional(),
    birthDate: calendarDate.optional(),
    nationality: country.optional(),
    document: documentSchema.optional(),
    address: postalAddressSchema.optional(),
  })
  .refine((r) => r.givenName !== undefined || r.familyName !== undefined, {
    message: 'needs a givenName or a familyName',
    path: ['familyName'],
  })

export const bankSchema = z.object({
  country,
  holderName: text.optional(),
  iban: z.string().max(LIMITS.number).optional(),
  accountNumber: z.string().max(LIMITS.number).optional(),
  routingNumber: z.string().max(LIMITS.number).optional(),
})

export const cardSchema = z.object({
  fingerprint: z.string().max(MAX_ID).optional(),
  bin: z.string().max(LIMITS.cardBin).optional(),
  last4: z.string().max(LIMITS.cardLast4).optional(),
  expiry: z.string().regex(CARD_EXPIRY, 'must be YYYY-MM').optional(),
})

const email = z.string().max(LIMITS.email, `must be at most ${LIMITS.email} characters`)
const phone = z.string().max(LIMITS.phone, `must be at most ${LIMITS.phone} characters`)

/** Whether a text is one BCP 47 language tag. */
export function isLanguageTag(t: string): boolean {
  try {
    return Intl.getCanonicalLocales(t).length === 1
  } catch {
    return false
  }
}

/** Whether a text names an IANA time zone the runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** A BCP 47 language tag (extension: the language the marketplace writes to the seller in). */
const locale = z
  .string()
  .max(LIMITS.locale, `must be at most ${LIMITS.locale} characters`)
  .refine(isLanguageTag, 'must be a BCP 47 language tag such as "zh-CN" or "en"')

/** An IANA time zone the runtime knows (extension: the seller's time zone). */
const timeZone = z
  .string()
  .max(LIMITS.timeZone, `must be at most ${LIMITS.timeZone} characters`)
  .refine(isTimeZone, 'must be an IANA time zone such as "Asia/Shanghai"')

/** The profile fields an `account` record declares and an `update` may replace. */
export const profileShape = {
  locale: locale.optional(),
  timeZone: timeZone.optional(),
  email: email.optional(),
  phone: phone.optional(),
  addresses: z.array(roleAddressSchema).max(MAX_LIST).optional(),
  bank: bankSchema.optional(),
  card: cardSchema.optional(),
  representative: representativeSchema.optional(),
  business: businessSchema.optional(),
}

const base = { account: id, at: timestamp }

export const accountRecordSchema = z.object({
  type: z.literal('account'),
  ...base,
  marketplace: z.string().min(1, 'must not be empty').max(LIMITS.marketplace),
  kind: z.enum(ACCOUNT_KINDS),
  channel: channelSchema.optional(),
  ...profileShape,
})

export const sessionRecordSchema = z.object({
  type: z.literal('session'),
  ...base,
  ip: z.string().min(1, 'must not be empty').max(LIMITS.ip),
  device: id,
  userAgent: z.string().max(LIMITS.userAgent).optional(),
  cookie: id.optional(),
})

export const updateRecordSchema = z.object({
  type: z.literal('update'),
  ...base,
  set: z
    .object({
      locale: locale.nullable().optional(),
      timeZone: timeZone.nullable().optional(),
      email: email.nullable().optional(),
      phone: phone.nullable().optional(),
      addresses: z.array(roleAddressSchema).max(MAX_LIST).nullable().optional(),
      bank: bankSchema.nullable().optional(),
      card: cardSchema.nullable().optional(),
      representative: representativeSchema.nullable().optional(),
      business: businessSchema.nullable().optional(),
    })
    .refine((s) => Object.keys(s).length > 0, 'must set at least one of the account fields'),
})

export const listingRecordSchema = z.object({
  type: z.literal('listing'),
  ...base,
  id,
  title: z.string().min(1, 'must not be empty').max(LIMITS.title),
  brand: text.optional(),
  category: text.optional(),
  price: z.number().finite().nonnegative().max(LIMITS.price).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .optional(),
  description: z.string().max(MAX_LONG_TEXT).optional(),
  imageHashes: z.array(hash64).max(MAX_LIST).optional(),
})

export const verificationKindSchema = z.enum(VERIFICATION_KINDS)

export const verificationRecordSchema = z.object({
  type: z.literal('verification'),
  ...base,
  kind: verificationKindSchema,
  documentNumber: z.string().max(LIMITS.documentNumber).optional(),
  imageHash: hash64.optional(),
  face: z.array(z.number().finite()).min(2).max(MAX_FACE_DIMENSIONS).optional(),
  outcome: z.enum(VERIFICATION_OUTCOMES).optional(),
})

export const statusRecordSchema = z.object({
  type: z.literal('status'),
  ...base,
  status: z.enum(ACCOUNT_STATUSES),
  reason: z.string().max(MAX_TEXT).optional(),
})

export const RECORD_SCHEMAS = {
  account: accountRecordSchema,
  session: sessionRecordSchema,
  update: updateRecordSchema,
  listing: listingRecordSchema,
  verification: verificationRecordSchema,
  status: statusRecordSchema,
} as const
