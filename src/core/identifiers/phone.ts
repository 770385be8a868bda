import {
  type CountryCode,
  isSupportedCountry,
  type NumberType,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'
import { isFictitiousPhone } from './phone-fictitious.ts'
import { type ParsedPhone, parseDialable } from './phone-parse.ts'
import { phoneNumberType } from './phone-type.ts'

/** Context of {@link normalisePhone}: the account's country is the default region for national numbers. */
export interface PhoneContext {
  readonly country?: string
}

const TYPE_FLAGS: Readonly<Record<NonNullable<NumberType>, string>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
  VOIP: 'voip',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
}

const ASCII = /^[\x20-\x7e]*$/
const EXTENSION = /(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$/i
const TRUNK_IN_BRACKETS = /\(0\)/
// What most people type: digits, `+`, spaces, brackets, dots and dashes. No extension can hide in it.
const PLAIN_NUMBER = /^[0-9+ ().-]*$/

/** The ASCII digits and `+` signs of `text`, in order (a scan: cheaper than a global replace on short text). */
function keepDialable(text: string): string {
  let out = ''
  let runStart = -1
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code >= 0x30 && code <= 0x39) || code === 0x2b) {
      if (runStart < 0) runStart = i
    } else if (runStart >= 0) {
      out += text.slice(runStart, i)
      runStart = -1
    }
  }
  return runStart >= 0 ? out + text.slice(runStart) : out
}

/**
 * What a person typed reduced to `+digits` or `digits`: full-width forms mapped, extensions, brackets, spaces,
 * dots and dashes dropped, `00` turned into `+`, and the `(0)` trunk prefix of `+44 (0)20 …` removed.
 * Handing libphonenumber this short form keeps it off its slow text-extraction path.
 */
function toDialable(raw: string): string {
  let text = raw
  if (!PLAIN_NUMBER.test(text)) text = (ASCII.test(text) ? text : text.normalize('NFKC')).replace(EXTENSION, '')
  if (text.includes('(0)')) text = text.replace(TRUNK_IN_BRACKETS, '')
  text = keepDialable(text)
  if (text.startsWith('00')) text = `+${text.slice(2)}`
  return text.length > 1 && text.lastIndexOf('+') > 0 ? `+${text.replaceAll('+', '')}` : text
}

function defaultRegion(country: string | undefined): CountryCode | undefined {
  if (country === undefined) return undefined
  const upper = country === 'UK' ? 'GB' : country.toUpperCase()
  return isSupportedCountry(upper) ? upper : undefined
}

/**
 * Normalises a phone number to E.164 (`+8613800138000`) with libphonenumber-js's full metadata, using the
 * account's country as the default region. Flags the number type where the metadata knows it (`mobile`,
 * `fixed_line`, `fixed_line_or_mobile`, `voip`, `toll_free`, `premium_rate`, …).
 *
 * Problems: `empty`, `no_country` (a national number and no country to read it in), `unparseable`,
 * `invalid_number` (no such range in the numbering plan), `fictitious_range` (US 555-01xx, Ofcom drama ranges).
 * When the number cannot be parsed the key is `?<country>:<digits>` so that equal typing still matches.
 */
export function normalisePhone(raw: string, context: PhoneContext = {}): Identifier {
  const dialable = toDialable(raw)
  const digits = dialable.startsWith('+') ? dialable.slice(1) : dialable
  if (digits === '') return makeIdentifier('phone', '', [problem('empty', 'no phone number was given')])
  const region = defaultRegion(context.country)
  if (!dialable.startsWith('+') && region === undefined) {
    const noCountry = problem('no_country', 'a national number needs the account country; write it as +<country code>…')
    return makeIdentifier('phone', `?:${digits}`, [noCountry])
  }
  // The precompiled fast path answers the common shapes; the library itself answers the rest.
  const fast = parseDialable(dialable, region)
  const parsed: ParsedPhone | undefined = fast ?? parsePhoneNumberFromString(dialable, region)
  if (parsed === undefined) {
    return makeIdentifier('phone', `?${region ?? ''}:${digits}`, [
      problem('unparseable', 'this is not a phone number in any numbering plan'),
    ])
  }
  const e164 = parsed.number
  // One classification answers both isValid() and getType() (see phone-type.ts for why it is not getType()).
  const type = fast?.type ?? phoneNumberType(parsed.nationalNumber, parsed.country ?? parsed.countryCallingCode)
  const problems: IdentifierProblem[] = []
  if (type === undefined) problems.push(problem('invalid_number', 'no numbering plan has this number range'))
  if (isFictitiousPhone(e164)) {
    problems.push(problem('fictitious_range', 'the number is in a range reserved for films and examples'))
  }
  return makeIdentifier('phone', e164, problems, type === undefined ? undefined : [TYPE_FLAGS[type]])
}
