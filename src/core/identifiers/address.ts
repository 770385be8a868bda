import type { PostalAddress } from '../interchange/index.ts'
import { parseChineseStreet, parseJapaneseStreet, parseLatinStreet, type StreetAddress } from './address-street.ts'
import { type AddressUnit, extractCjkUnit, extractLatinUnit, mergeUnits, unitKey } from './address-unit.ts'
import { foldText } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'
import { hasCjk } from './name-tokens.ts'
import { normalisePostcode, POSTCODE_IN_TEXT } from './postcode.ts'
import { PO_BOX_PATTERNS, REGISTERED_AGENT_ADDRESSES, VIRTUAL_OFFICE_PATTERN } from './shared-addresses.ts'

/** Options of {@link parseAddress}: building keys of addresses shared by design, beyond the built-in table. */
export interface AddressOptions {
  readonly sharedAddresses?: ReadonlySet<string>
}

/** A postal address taken apart. Keys are documented in docs/identifiers.md. */
export interface ParsedAddress {
  readonly country: string
  readonly postcode: string
  readonly city: string
  readonly street: string
  readonly houseNumber: string
  readonly unit: AddressUnit
  /** PO box number, when the address is a PO box. */
  readonly poBox?: string
  /** `<country>|<postcode or city>|<street>|<house number>`: every unit of one building shares it. */
  readonly buildingKey: string
  /** The building key plus `|<unit>` when there is a unit: one delivery point. */
  readonly deliveryKey: string
  readonly problems: readonly IdentifierProblem[]
  readonly flags: readonly string[]
}

const NOISE = /[^\p{L}\p{N}]+/gu
const STATE_AND_ZIP = /\b[a-z]{2}\s+\d{5}(?:-\d{4})?\b/g

function findPostcode(text: string, country: string): string {
  const pattern = POSTCODE_IN_TEXT[country]
  if (pattern === undefined) return ''
  let last = ''
  for (const m of text.matchAll(pattern)) last = m[1] as string
  return last
}

function removePostcode(text: string, postcode: string, country: string): string {
  if (postcode === '') return text
  const withoutState = country === 'US' ? text.replace(STATE_AND_ZIP, ' ') : text
  const spellings = [postcode.toLowerCase(), postcode.toLowerCase().replace(' ', '')]
  if (country === 'JP') spellings.push(`${postcode.slice(0, 3)}-${postcode.slice(3)}`)
  let out = withoutState.replace(/〒/g, ' ')
  for (const spelling of spellings) out = out.replaceAll(spelling, ' ')
  return out
}

function parseCjk(text: string, country: string): { street?: StreetAddress; unit: AddressUnit } {
  const { rest, unit } = extractCjkUnit(text)
  const latin = extractLatinUnit(rest)
  const merged = mergeUnits([unit, latin.unit])
  const street =
    country === 'JP'
      ? (parseJapaneseStreet(latin.rest) ?? parseChineseStreet(latin.rest))
      : (parseChineseStreet(latin.rest) ?? parseJapaneseStreet(latin.rest))
  return street === undefined ? { unit: merged } : { street, unit: merged }
}

function parseLatin(text: string): { street?: StreetAddress; unit: AddressUnit } {
  const units: AddressUnit[] = []
  let street: StreetAddress | undefined
  for (const part of text.split(/\s*[,;\n]\s*/)) {
    const { rest, unit } = extractLatinUnit(part)
    units.push(unit)
    if (street === undefined && rest !== '') street = parseLatinStreet(rest)
  }
  const unit = mergeUnits(units)
  return street === undefined ? { unit } : { street, unit }
}

// Every PO box pattern contains one of these; most addresses are ruled out by this one cheap test.
const PO_BOX_HINT = /box|bag|postfach|postale|apartado|私書箱|信箱|^\s*[bc]p\s/

function findPoBox(text: string): string | undefined {
  if (!PO_BOX_HINT.test(text)) return undefined
  for (const pattern of PO_BOX_PATTERNS) {
    const m = pattern.exec(text)
    if (m !== null) return (m[1] as string).replace(/\s+/g, '')
  }
  return undefined
}

type Unflagged = Omit<ParsedAddress, 'flags'> & { readonly flags: string[]; readonly text: string }

function takeApart(address: PostalAddress): Unflagged {
  const country = address.country.toUpperCase() === 'UK' ? 'GB' : address.country.toUpperCase()
  const text = foldText(address.lines.join(', '))
  const declared = normalisePostcode(address.postalCode ?? findPostcode(text, country), country)
  const problems: IdentifierProblem[] = [...declared.problems]
  if (text === '') problems.push(problem('empty', 'the address has no street lines'))
  const city = foldText(address.city ?? '').replace(NOISE, '')
  const area = declared.postcode !== '' ? declared.postcode : city
  const body = removePostcode(text, declared.postcode, country)
  const poBox = findPoBox(body)
  const parsed = hasCjk(body) ? parseCjk(body, country) : parseLatin(body)
  const flags: string[] = []
  let street = parsed.street?.street ?? ''
  let houseNumber = parsed.street?.houseNumber ?? ''
  if (poBox !== undefined) {
    street = 'pobox'
    houseNumber = poBox
    flags.push('po_box', 'shared_by_design')
  } else if (parsed.street === undefined) {
    street = `~${body.replace(NOISE, '')}`
    flags.push('unstructured')
  }
  // JP postcodes name a neighbourhood, so postcode + chome-ban-go identifies a building in any script.
  const streetInKey = country === 'JP' && declared.postcode !== '' && parsed.street !== undefined ? '' : street
  const buildingKey = `${country}|${area}|${streetInKey}|${houseNumber}`
  const unitText = poBox === undefined ? unitKey(parsed.unit) : ''
  const deliveryKey = unitText === '' ? buildingKey : `${buildingKey}|${unitText}`
  const where = { country, postcode: declared.postcode, city, street, houseNumber, unit: parsed.unit }
  return { ...where, ...(poBox === undefined ? {} : { poBox }), buildingKey, deliveryKey, problems, flags, text }
}

/**
 * Takes a declared postal address apart into postcode, street, house number and unit (suite, floor, tower; CJK
 * 室/层/楼/座 and their pinyin), and builds its building and delivery-point keys so that spellings agree
 * (`Ste 400, 123 Main Street` ≡ `123 Main St #400`) while two suites of one tower share only the building key.
 * PO boxes, virtual offices and registered-agent addresses are flagged `shared_by_design`.
 *
 * Problems: `empty`, `bad_postcode`. Flags: `po_box`, `virtual_office`, `registered_agent`, `shared_by_design`,
 * `unstructured` (no house number was found: the key is the folded text).
 */
export function parseAddress(address: PostalAddress, options: AddressOptions = {}): ParsedAddress {
  const { text, ...parsed } = takeApart(address)
  addSharedFlags(parsed.flags, text, parsed.buildingKey, options)
  return parsed
}

let builtInShared: ReadonlySet<string> | undefined

function addSharedFlags(flags: string[], text: string, buildingKey: string, options: AddressOptions): void {
  builtInShared ??= compileSharedAddresses(REGISTERED_AGENT_ADDRESSES)
  if (builtInShared.has(buildingKey) || options.sharedAddresses?.has(buildingKey)) {
    flags.push('registered_agent')
    if (!flags.includes('shared_by_design')) flags.push('shared_by_design')
  }
  if (VIRTUAL_OFFICE_PATTERN.test(text)) {
    flags.push('virtual_office')
    if (!flags.includes('shared_by_design')) flags.push('shared_by_design')
  }
}

/** Building keys of a list of addresses, for {@link AddressOptions.sharedAddresses}. */
export function compileSharedAddresses(addresses: readonly PostalAddress[]): ReadonlySet<string> {
  return new Set(addresses.map((a) => takeApart(a).buildingKey))
}

/**
 * The identifiers of a postal address: `address` (the delivery point: building and unit) and `address_building`
 * (the building; shared by every tenant of a tower, so linkage weighs it by how many accounts share it).
 */
export function deriveAddressIdentifiers(address: PostalAddress, options: AddressOptions = {}): Identifier[] {
  const parsed = parseAddress(address, options)
  return [
    makeIdentifier('address', parsed.deliveryKey, parsed.problems, parsed.flags),
    makeIdentifier('address_building', parsed.buildingKey, parsed.problems, parsed.flags),
  ]
}
