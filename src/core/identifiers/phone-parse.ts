import type { NumberType } from 'libphonenumber-js/max'
import { countriesOfCallingCode, isNonGeographicCallingCode, planFor } from './phone-plan.ts'
import { phoneNumberType } from './phone-type.ts'

// A fast path for libphonenumber-js `parsePhoneNumberFromString` on dialable text (`+digits` or national
// `digits`): the same steps as the library's parse.js (calling code, national prefix, country among those sharing
// the calling code), over the precompiled plans of phone-plan.ts. It answers only the common shapes and returns
// undefined for everything else (an international dialling prefix such as `011…`, a national number starting
// with the country's own calling code, a national prefix transform rule, a non-geographic calling code, lengths
// the library rejects), which the caller then hands to the library: the library stays the authority, and a test
// checks that both agree on many generated numbers in every country.

/** What libphonenumber-js's `PhoneNumber` says about a parsed number: the part {@link normalisePhone} uses. */
export interface ParsedPhone {
  /** E.164: `+` calling code national number. */
  readonly number: string
  readonly countryCallingCode: string
  readonly nationalNumber: string
  /** The country, when the number's digits pick one; undefined for a shared calling code none of whose countries fits. */
  readonly country?: string | undefined
  /** The number's type in `country`, when telling the countries of a shared calling code apart already found it. */
  readonly type?: NonNullable<NumberType>
}

/** A country of a calling code, and the number's type there when that is how the country was recognised. */
interface CountryMatch {
  readonly country: string | undefined
  readonly type?: NonNullable<NumberType>
}

const MIN_NATIONAL_LENGTH = 2 // libphonenumber-js MIN_LENGTH_FOR_NSN
const MAX_NATIONAL_LENGTH = 17 // MAX_LENGTH_FOR_NSN
const MIN_DIGITS = 4 // shorter input takes the library's path (its viability rules differ with and without `+`)
const MAX_INPUT = 250 // the library's MAX_INPUT_STRING_LENGTH

const NO_COUNTRY: CountryMatch = { country: undefined }

/** helpers/getCountryByCallingCode.js: the country of a shared calling code whose plan has the number. */
function countryByCallingCode(callingCode: string, nationalNumber: string): CountryMatch {
  const countries = countriesOfCallingCode(callingCode)
  if (countries === undefined) return NO_COUNTRY
  if (countries.length === 1) return { country: countries[0] }
  for (const country of countries) {
    const leadingDigits = planFor(country).leadingDigits
    if (leadingDigits !== undefined) {
      if (nationalNumber !== '' && leadingDigits.test(nationalNumber)) return { country }
      continue
    }
    const type = phoneNumberType(nationalNumber, country)
    if (type !== undefined) return { country, type }
  }
  return NO_COUNTRY
}

/** helpers/checkNumberLength.js without a type: false for TOO_SHORT and INVALID_LENGTH. */
function isPossibleLength(length: number, lengths: readonly number[] | undefined): boolean {
  if (lengths === undefined) return true
  const shortest = lengths[0] as number
  if (length === shortest) return true
  if (length < shortest) return false
  if ((lengths[lengths.length - 1] as number) < length) return true // TOO_LONG counts as possible here
  return lengths.indexOf(length, 1) >= 0
}

/**
 * helpers/extractNationalNumber.js in the plan of `region`: the number without its national prefix, when
 * taking the prefix off leaves a number the plan can have. Undefined when a transform rule would apply.
 */
function nationalNumberIn(digits: string, region: string): string | undefined {
  const plan = planFor(region)
  const prefix = plan.nationalPrefix?.exec(digits)
  if (prefix === null || prefix === undefined) return digits
  const groups = prefix.length - 1
  if (plan.hasTransformRule && groups > 0 && prefix[groups]) return undefined
  const stripped = digits.slice(prefix[0].length)
  if (stripped === digits) return digits
  if (plan.national.test(digits) && !plan.national.test(stripped)) return digits
  if (plan.lengths !== undefined) {
    const country = countryByCallingCode(plan.callingCode, stripped).country
    const lengths = country === undefined ? plan.lengths : planFor(country).lengths
    if (!isPossibleLength(stripped.length, lengths)) return digits
  }
  return stripped
}

function finish(callingCode: string, nationalNumber: string, match: CountryMatch): ParsedPhone | undefined {
  if (nationalNumber.length < MIN_NATIONAL_LENGTH || nationalNumber.length > MAX_NATIONAL_LENGTH) return undefined
  const number = `+${callingCode}${nationalNumber}`
  const { country, type } = match
  return type === undefined
    ? { number, countryCallingCode: callingCode, nationalNumber, country }
    : { number, countryCallingCode: callingCode, nationalNumber, country, type }
}

function parseInternational(digits: string): ParsedPhone | undefined {
  if (digits[0] === '0') return undefined
  for (let length = 1; length <= 3; length++) {
    const callingCode = digits.slice(0, length)
    const countries = countriesOfCallingCode(callingCode)
    if (countries === undefined) {
      if (isNonGeographicCallingCode(callingCode)) return undefined
      continue
    }
    const nationalNumber = nationalNumberIn(digits.slice(length), countries[0] as string)
    if (nationalNumber === undefined) return undefined
    return finish(callingCode, nationalNumber, countryByCallingCode(callingCode, nationalNumber))
  }
  return undefined
}

function parseNational(digits: string, region: string): ParsedPhone | undefined {
  const plan = planFor(region)
  if (plan.idd?.test(digits) || digits.startsWith(plan.callingCode)) return undefined
  const nationalNumber = nationalNumberIn(digits, region)
  if (nationalNumber === undefined) return undefined
  const match = countryByCallingCode(plan.callingCode, nationalNumber)
  return finish(plan.callingCode, nationalNumber, match.country === undefined ? { country: region } : match)
}

/**
 * Parses dialable text (`+` and ASCII digits only, `+` only first) as libphonenumber-js
 * `parsePhoneNumberFromString(dialable, region)` does, for the common shapes; undefined means "ask the library"
 * (it may still parse the number, or reject it). `region` must be a country the metadata supports.
 */
export function parseDialable(dialable: string, region: string | undefined): ParsedPhone | undefined {
  if (dialable.length > MAX_INPUT) return undefined
  const international = dialable.startsWith('+')
  const digits = international ? dialable.slice(1) : dialable
  if (digits.length < MIN_DIGITS) return undefined
  if (international) return parseInternational(digits)
  return region === undefined ? undefined : parseNational(digits, region)
}
