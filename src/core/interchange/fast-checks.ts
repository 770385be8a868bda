import {
  ADDRESS_ROLES,
  CARD_EXPIRY,
  CHANNEL_TYPES,
  COUNTRY,
  DOCUMENT_TYPES,
  isDateText,
  isLanguageTag,
  isTimeZone,
  LIMITS,
} from './schema.ts'

/**
 * The pieces of the hand-written checks of `fast-records.ts`, each the counterpart of a schema of `schema.ts`: a
 * check gives what the schema gives for a value (a copy of objects and arrays, their known fields in the schema's
 * order), or undefined when the schema might not accept it.
 */
export type FastCheck = (v: unknown) => unknown

export type Fields = Record<string, unknown>

/** A field of an object's schema, in the schema's order. */
export interface FastField {
  readonly key: string
  readonly check: FastCheck
  readonly required: boolean
}

export function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function required(key: string, check: FastCheck): FastField {
  return { key, check, required: true }
}

export function optional(key: string, check: FastCheck): FastField {
  return { key, check, required: false }
}

/**
 * Copies the fields of `r` into `out` as checked; false when one is missing, not valid, or present but undefined
 * (only possible in a decoded object: left to the schema).
 */
export function fillFields(r: Fields, out: Fields, fields: readonly FastField[]): boolean {
  for (const field of fields) {
    const v = r[field.key]
    if (v === undefined) {
      if (field.required || field.key in r) return false
      continue
    }
    const value = field.check(v)
    if (value === undefined) return false
    out[field.key] = value
  }
  return true
}

/** An object with these fields; `holds` is a refinement of the schema, asked of what it gives. */
export function objectOf(fields: readonly FastField[], holds?: (out: Fields) => boolean): FastCheck {
  return (v) => {
    if (!isFields(v)) return undefined
    const out: Fields = {}
    if (!fillFields(v, out, fields)) return undefined
    return holds === undefined || holds(out) ? out : undefined
  }
}

export function arrayOf(item: FastCheck, max: number): FastCheck {
  return (v) => {
    if (!Array.isArray(v) || v.length > max) return undefined
    const out: unknown[] = new Array(v.length)
    for (let i = 0; i < v.length; i++) {
      const x = item(v[i])
      if (x === undefined) return undefined
      out[i] = x
    }
    return out
  }
}

/** The schema's `.nullable()`: null as it is. */
export function nullable(check: FastCheck): FastCheck {
  return (v) => (v === null ? null : check(v))
}

/** A text of at most `max` characters (at least one when `filled`), as it is. */
export function textUpTo(max: number, filled = false): FastCheck {
  const min = filled ? 1 : 0
  return (v) => (typeof v === 'string' && v.length >= min && v.length <= max ? v : undefined)
}

/** An identifier as the schema's `id` gives it (trimmed, 1 to MAX_ID characters), or undefined. */
export function idOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  const t = v.trim()
  return t.length >= 1 && t.length <= LIMITS.id ? t : undefined
}

export function oneOf(values: readonly string[]): FastCheck {
  return (v) => (typeof v === 'string' && values.includes(v) ? v : undefined)
}

function textWhere(max: number, holds: (s: string) => boolean): FastCheck {
  return (v) => (typeof v === 'string' && v.length <= max && holds(v) ? v : undefined)
}

function matching(pattern: RegExp): FastCheck {
  return (v) => (typeof v === 'string' && pattern.test(v) ? v : undefined)
}

const text = textUpTo(LIMITS.text)
const number = textUpTo(LIMITS.number)
const country = matching(COUNTRY)

const POSTAL_ADDRESS_FIELDS = [
  required('lines', arrayOf(text, LIMITS.lines)),
  optional('city', text),
  optional('region', text),
  optional('postalCode', textUpTo(LIMITS.postalCode)),
  required('country', country),
]
const postalAddress = objectOf(POSTAL_ADDRESS_FIELDS)
const roleAddress = objectOf([...POSTAL_ADDRESS_FIELDS, required('role', oneOf(ADDRESS_ROLES))])

export const CHANNEL = objectOf([required('type', oneOf(CHANNEL_TYPES)), optional('ref', idOf)])

const business = objectOf([
  required('name', text),
  required('country', country),
  optional('registrationNumber', number),
  optional('taxId', number),
  optional('address', postalAddress),
])

const identityDocument = objectOf([
  required('type', oneOf(DOCUMENT_TYPES)),
  required('country', country),
  required('number', textUpTo(LIMITS.documentNumber, true)),
])

const representative = objectOf(
  [
    optional('givenName', text),
    optional('familyName', text),
    optional('birthDate', textWhere(Number.POSITIVE_INFINITY, isDateText)),
    optional('nationality', country),
    optional('document', identityDocument),
    optional('address', postalAddress),
  ],
  (r) => r.givenName !== undefined || r.familyName !== undefined,
)

const bank = objectOf([
  required('country', country),
  optional('holderName', text),
  optional('iban', number),
  optional('accountNumber', number),
  optional('routingNumber', number),
])

const card = objectOf([
  optional('fingerprint', textUpTo(LIMITS.id)),
  optional('bin', textUpTo(LIMITS.cardBin)),
  optional('last4', textUpTo(LIMITS.cardLast4)),
  optional('expiry', matching(CARD_EXPIRY)),
])

/** The profile fields an account declares and an update replaces, each with its check, in the schema's order. */
export const PROFILE_CHECKS: readonly (readonly [key: string, check: FastCheck])[] = [
  ['locale', textWhere(LIMITS.locale, isLanguageTag)],
  ['timeZone', textWhere(LIMITS.timeZone, isTimeZone)],
  ['email', textUpTo(LIMITS.email)],
  ['phone', textUpTo(LIMITS.phone)],
  ['addresses', arrayOf(roleAddress, LIMITS.list)],
  ['bank', bank],
  ['card', card],
  ['representative', representative],
  ['business', business],
]
