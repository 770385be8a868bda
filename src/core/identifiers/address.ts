import type { PostalAddress } from '../interchange/index.ts'
import { parseChineseStreet, parseJapaneseStreet, parseLatinStreet, type StreetAddress } from './address-street.ts'
import { type AddressUnit, extractCjkUnit, extractLatinUnit, mergeUnits, unitKey } from './address-unit.ts'
import { foldText } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'
import { hasCjk } from './name-tokens.ts'
import { findPostcode, normalisePostcode, removePostcode } from './postcode.ts'
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
const LETTERS_AND_DIGITS = /^[a-z0-9]*$/

/** Folded text without anything but letters and digits (most city names need no replace at all). */
function lettersAndDigits(folded: string): string {
  return LETTERS_AND_DIGITS.test(folded) ? folded : folded.replace(NOISE, '')
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

/** A parsed address whose flags are still being added, and the folded text the shared-address checks read. */
interface TakenApart {
  readonly parsed: ParsedAddress & { readonly flags: string[] }
  readonly text: string
}

function takeApart(address: PostalAddress): TakenApart {
  const country = address.country.toUpperCase() === 'UK' ? 'GB' : address.country.toUpperCase()
  const text = foldText(address.lines.join(', '))
  const declared = normalisePostcode(address.postalCode ?? findPostcode(text, country), country)
  const problems: IdentifierProblem[] = declared.problems.slice()
  if (text === '') problems.push(problem('empty', 'the address has no street lines'))
  const city = lettersAndDigits(foldText(address.city ?? ''))
  const postcode = declared.postcode
  const area = postcode !== '' ? postcode : city
  const body = removePostcode(text, postcode, country)
  const poBox = findPoBox(body)
  const found = hasCjk(body) ? parseCjk(body, country) : parseLatin(body)
  const flags: string[] = []
  let street = found.street?.street ?? ''
  let houseNumber = found.street?.houseNumber ?? ''
  if (poBox !== undefined) {
    street = 'pobox'
    houseNumber = poBox
    flags.push('po_box', 'shared_by_design')
  } else if (found.street === undefined) {
    street = `~${lettersAndDigits(body)}`
    flags.push('unstructured')
  }
  // JP postcodes name a neighbourhood, so postcode + chome-ban-go identifies a building in any script.
  const streetInKey = country === 'JP' && postcode !== '' && found.street !== undefined ? '' : street
  const buildingKey = `${country}|${area}|${streetInKey}|${houseNumber}`
  const unitText = poBox === undefined ? unitKey(found.unit) : ''
  const deliveryKey = unitText === '' ? buildingKey : `${buildingKey}|${unitText}`
  const unit = found.unit
  // Plain literals, not spreads: spreading a conditional object here cost more than parsing the address.
  const parsed =
    poBox === undefined
      ? { country, postcode, city, street, houseNumber, unit, buildingKey, deliveryKey, problems, flags }
      : { country, postcode, city, street, houseNumber, unit, poBox, buildingKey, deliveryKey, problems, flags }
  return { parsed, text }
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
  const { parsed, text } = takeApart(address)
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
  return new Set(addresses.map((a) => takeApart(a).parsed.buildingKey))
}

/**
 * The identifier of an address declared without street lines (a postcode and a town only): `locality`,
 * `<country>|<postcode>` or `<country>|~<town>` — an area many people share, circumstantial evidence at most.
 * Undefined when the address has street lines (the building and unit keys say more) or no postcode and no town.
 */
export function deriveLocalityIdentifier(address: PostalAddress): Identifier | undefined {
  if (address.lines.some((l) => foldText(l) !== '')) return undefined
  const country = address.country.toUpperCase() === 'UK' ? 'GB' : address.country.toUpperCase()
  const declared = normalisePostcode(address.postalCode ?? '', country)
  if (declared.postcode !== '') return makeIdentifier('locality', `${country}|${declared.postcode}`, declared.problems)
  const town = lettersAndDigits(foldText(address.city ?? ''))
  return town === '' ? undefined : makeIdentifier('locality', `${country}|~${town}`)
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
