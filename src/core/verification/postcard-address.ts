import { OnesellerError } from '../errors.ts'
import { normalisePostcode } from '../identifiers/index.ts'
import { abbreviateRegion } from './postcard-regions.ts'

/**
 * An addressee and a postal address as the interchange declares it (`lines`, `city`, `region`, `postalCode`,
 * `country`: ISO 3166-1 alpha-2, `UK` read as `GB`). Fields the seller left empty may be absent, null or `''`.
 */
export interface AddressBlockInput {
  readonly name: string
  readonly company?: string | null
  readonly lines: readonly string[]
  readonly city?: string | null
  readonly region?: string | null
  readonly postalCode?: string | null
  readonly country: string
}

/** The declared fields, cleaned: one space between words, no empty lines. */
interface Fields {
  readonly name: string
  readonly company: string
  readonly lines: readonly string[]
  readonly city: string
  readonly region: string
  readonly postcode: string
  readonly country: string
}

// Codes Intl knows that are not countries a post delivers to.
const NOT_COUNTRIES: ReadonlySet<string> = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO'])
const COUNTRY_CODE = /^[A-Z]{2}$/
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
/** Where the common English name is not what a post routes by. */
const COUNTRY_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  HK: 'HONG KONG',
  MO: 'MACAO',
  KR: 'REPUBLIC OF KOREA',
}

/** The countries whose post wants the company above the person (UPU S42 and the national posts' guides). */
const COMPANY_FIRST: ReadonlySet<string> = new Set(['AT', 'AU', 'BE', 'BR', 'CH', 'DE', 'FR', 'LU', 'NL'])
/** Postal code before the town, on one line (most of continental Europe). */
// biome-ignore format: a list of country codes
const POSTCODE_THEN_TOWN: ReadonlySet<string> = new Set([
  'AT', 'BE', 'CH', 'CZ', 'DE', 'DK', 'EE', 'FI', 'FR', 'GR', 'HR', 'IS', 'IT', 'LI', 'LU', 'NL', 'NO', 'PL', 'PT',
  'SE', 'SI', 'SK', 'ES',
])
/** Where the post wants the town in capitals on the postcode line. */
const TOWN_IN_CAPITALS: ReadonlySet<string> = new Set(['FR', 'IT', 'NL', 'LU', 'GB', 'US', 'CA', 'AU', 'BR'])

const HAN = /\p{Script=Han}/u
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u
const HANGUL = /\p{Script=Hangul}/u
const CONTROL = /[\p{Cc}\p{Cf}]/gu
const SPACES = /\s+/gu

function clean(text: string | null | undefined): string {
  if (text === null || text === undefined) return ''
  return text.normalize('NFC').replace(CONTROL, ' ').replace(SPACES, ' ').trim()
}

function invalid(field: string, message: string): OnesellerError {
  return new OnesellerError('invalid_input', `${field}: ${message}`, { details: { field } })
}

function countryCode(raw: string, field: string): string {
  const code = clean(raw).toUpperCase()
  const canonical = code === 'UK' ? 'GB' : code
  if (!COUNTRY_CODE.test(canonical) || NOT_COUNTRIES.has(canonical) || REGION_NAMES.of(canonical) === undefined) {
    throw invalid(field, `"${raw}" is not an ISO 3166-1 alpha-2 country code such as "GB"`)
  }
  return canonical
}

/** The destination country's name as international mail prints it on the last line: English, in capitals. */
export function countryNameForMail(country: string): string {
  const code = countryCode(country, 'country')
  return COUNTRY_NAME_OVERRIDES[code] ?? (REGION_NAMES.of(code) as string).toUpperCase()
}

/** The postal code in the spelling the destination's post prints; as typed (cleaned) when it has no known shape. */
function formatPostcode(raw: string, country: string): string {
  const typed = clean(raw).toUpperCase()
  if (typed === '') return ''
  if (country === 'US') {
    const zip = /^(\d{5})[- ]?(\d{4})?$/.exec(typed)
    return zip === null ? typed : zip[2] === undefined ? (zip[1] as string) : `${zip[1]}-${zip[2]}`
  }
  const { postcode } = normalisePostcode(typed, country)
  if (postcode === '') return typed
  switch (country) {
    case 'JP':
      return `${postcode.slice(0, 3)}-${postcode.slice(3)}`
    case 'CA':
      return `${postcode.slice(0, 3)} ${postcode.slice(3)}`
    case 'NL':
      return `${postcode.slice(0, 4)} ${postcode.slice(4)}`
    case 'BR':
      return /^\d{8}$/.test(postcode) ? `${postcode.slice(0, 5)}-${postcode.slice(5)}` : typed
    case 'GB':
    case 'CN':
    case 'DE':
    case 'FR':
    case 'AU':
      return postcode
    default:
      return typed
  }
}

function joinWords(...parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join(' ')
}

function upper(text: string, country: string): string {
  return TOWN_IN_CAPITALS.has(country) ? text.toUpperCase() : text
}

/** The region as the post abbreviates it (US, CA, AU, BR), else as declared. */
function regionCode(f: Fields): string {
  return f.region === '' ? '' : (abbreviateRegion(f.region, f.country) ?? f.region)
}

/** Town, region and postal code for an address written in Latin script, top to bottom. */
function latinLocality(f: Fields): readonly string[] {
  const town = upper(f.city, f.country)
  switch (f.country) {
    case 'US':
    case 'AU':
      return [joinWords(town, regionCode(f).toUpperCase(), f.postcode)]
    case 'CA': {
      // Canada Post: two spaces between the province and the postal code.
      const head = joinWords(town, regionCode(f).toUpperCase())
      return [head !== '' && f.postcode !== '' ? `${head}  ${f.postcode}` : joinWords(head, f.postcode)]
    }
    case 'GB':
      return [town, f.postcode]
    case 'BR':
      return [[town, regionCode(f).toUpperCase()].filter((p) => p !== '').join('-'), f.postcode]
    case 'IN':
      return [joinWords(town, f.postcode), f.region]
    case 'IT':
      return [joinWords(f.postcode, town, f.region.toUpperCase())]
    case 'ES':
      return [joinWords(f.postcode, town), sameWords(f.region, f.city) ? '' : f.region]
    case 'CN':
    case 'JP':
    case 'KR':
    case 'TW': {
      const area = [f.city, sameWords(f.region, f.city) ? '' : f.region].filter((p) => p !== '').join(', ')
      return [joinWords(area, f.postcode)]
    }
    default:
      if (POSTCODE_THEN_TOWN.has(f.country)) return [joinWords(f.postcode, town)]
      return [joinWords(town, f.region, f.postcode)]
  }
}

function sameWords(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** Region and town for a largest-first block, each left out when the first street line already names it. */
function areaPrefix(f: Fields, separator: string): string {
  const first = f.lines[0] ?? ''
  const parts: string[] = []
  for (const part of [f.region, f.city]) {
    if (part !== '' && !first.includes(part) && !parts.includes(part)) parts.push(part)
  }
  return parts.join(separator)
}

/**
 * Largest unit first, as the Chinese, Japanese and Korean posts read their own script: postal code, country (CN,
 * domestic form), region and town, street, company, addressee (KR: postal code last).
 */
function nativeBlock(f: Fields, international: boolean): readonly string[] {
  switch (f.country) {
    case 'JP':
      return [f.postcode === '' ? '' : `〒${f.postcode}`, areaPrefix(f, ''), ...f.lines, f.company, f.name]
    case 'KR':
      return [areaPrefix(f, ' '), ...f.lines, f.company, f.name, f.postcode]
    case 'CN':
      return [f.postcode, `${international ? '中国' : ''}${areaPrefix(f, '')}`, ...f.lines, f.company, f.name]
    default:
      return [f.postcode, areaPrefix(f, ''), ...f.lines, f.company, f.name]
  }
}

/** True when the street lines are written in the destination's own script (CJK), so the block goes largest first. */
function isNativeScript(f: Fields): boolean {
  const text = f.lines.join(' ')
  switch (f.country) {
    case 'CN':
    case 'TW':
    case 'HK':
    case 'MO':
      return HAN.test(text)
    case 'JP':
      return JAPANESE.test(text)
    case 'KR':
      return HANGUL.test(text)
    default:
      return false
  }
}

function readFields(input: AddressBlockInput): Fields {
  const country = countryCode(input.country, 'country')
  const lines = input.lines.flatMap((l) => (typeof l === 'string' ? l.split(/\r?\n/) : [])).map(clean)
  const f: Fields = {
    name: clean(input.name),
    company: clean(input.company),
    lines: lines.filter((l) => l !== ''),
    city: clean(input.city),
    region: clean(input.region),
    postcode: formatPostcode(input.postalCode ?? '', country),
    country,
  }
  if (f.name === '' && f.company === '') throw invalid('name', 'the addressee needs a name or a company')
  if (f.lines.length === 0) throw invalid('lines', 'the address has no street lines; a postcard needs them')
  return f
}

/**
 * The lines of an address block as the destination country's post expects them, top to bottom:
 *
 * - US, CA, AU: `SPRINGFIELD IL 62701` (USPS, Canada Post with two spaces before the postal code, Australia Post);
 *   state and province names become their postal codes.
 * - GB: the post town in capitals on its own line, then the postcode (`SW1A 1AA`) on its own line.
 * - DE, FR, IT, ES, NL and most of continental Europe: postal code before the town (`10115 Berlin`; FR, IT, NL town
 *   in capitals; IT province after the town; NL `1234 AB`); company above the person in DE, AT, CH, FR, BE, NL, LU.
 * - CN, JP, KR (and TW, HK, MO) when the street lines are in their own script: largest unit first, addressee last
 *   (JP `〒100-0005`; CN `中国` before the province on international mail; KR postal code last). When the lines are
 *   Latin, western order: addressee, street, `Town, Region postcode`.
 * - IN: `City PIN` then the state; BR: `TOWN-UF` then the CEP (`01310-100`).
 * - Any other country: street lines, then town, region and postal code on one line.
 *
 * The last line is the destination country's English name in capitals (`GERMANY`), left out when `origin` (the
 * sending country) is the destination. Throws `invalid_input` naming the field for an unknown country code, an
 * addressee with neither name nor company, or an address without street lines.
 *
 * @example formatAddressBlock({ name: 'Erika Mustermann', lines: ['Hauptstr. 5'], postalCode: '10115',
 *   city: 'Berlin', country: 'DE' }, 'FR') // ['Erika Mustermann', 'Hauptstr. 5', '10115 Berlin', 'GERMANY']
 */
export function formatAddressBlock(input: AddressBlockInput, origin?: string): readonly string[] {
  const f = readFields(input)
  const international = origin === undefined || countryCode(origin, 'origin') !== f.country
  const body = isNativeScript(f)
    ? nativeBlock(f, international)
    : [...(COMPANY_FIRST.has(f.country) ? [f.company, f.name] : [f.name, f.company]), ...f.lines, ...latinLocality(f)]
  const block = body.filter((line) => line !== '')
  return international ? [...block, countryNameForMail(f.country)] : block
}
