import type { Business, PostalAddress, Profile, Representative } from '../interchange/index.ts'
import { type AddressOptions, deriveAddressIdentifiers, deriveLocalityIdentifier } from './address.ts'
import { deriveBankIdentifier } from './bank.ts'
import { normaliseBusinessName } from './business-name.ts'
import { normaliseBusinessRegistration, normaliseTaxId } from './business-number.ts'
import { deriveCardIdentifiers } from './card.ts'
import { normaliseDrivingLicence, normaliseNationalId, normalisePassport } from './document.ts'
import { normaliseEmail } from './email.ts'
import { isPresent } from './fold-text.ts'
import { type Identifier, makeIdentifier } from './identifier.ts'
import { normalisePersonName } from './person-name.ts'
import { normalisePhone } from './phone.ts'

/** Where an account was registered: its country (ISO 3166-1 alpha-2) and the marketplace storefront code. */
export interface DeriveContext {
  readonly country?: string
  readonly marketplace?: string
  /** Extra shared-by-design building keys (see `compileSharedAddresses`). */
  readonly address?: AddressOptions
}

/** Storefront codes that are not the ISO code of their country. */
const MARKETPLACE_COUNTRY: Readonly<Record<string, string>> = { UK: 'GB', EU: '' }

function accountCountry(profile: Profile, context: DeriveContext): string | undefined {
  if (isPresent(context.country)) return context.country.toUpperCase()
  if (profile.business?.country) return profile.business.country
  const first = profile.addresses?.[0]?.country
  if (first) return first
  if (isPresent(context.marketplace)) {
    const code = context.marketplace.toUpperCase()
    const mapped = MARKETPLACE_COUNTRY[code] ?? code
    return /^[A-Z]{2}$/.test(mapped) ? mapped : undefined
  }
  return undefined
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function representativeIdentifiers(rep: Representative, out: Identifier[], context: DeriveContext): void {
  if (isPresent(rep.givenName) || isPresent(rep.familyName)) {
    const name = normalisePersonName(rep.givenName ?? '', rep.familyName ?? '')
    out.push(name)
    // A name is shared by namesakes; a name with its birth date is one person (twins differ in given name).
    if (name.key !== '' && rep.birthDate !== undefined && ISO_DATE.test(rep.birthDate))
      out.push(makeIdentifier('person_identity', `${name.key}|${rep.birthDate}`))
  }
  const doc = rep.document
  if (doc !== undefined && isPresent(doc.number)) {
    const docContext =
      rep.birthDate === undefined ? { country: doc.country } : { country: doc.country, birthDate: rep.birthDate }
    if (doc.type === 'national_id') out.push(normaliseNationalId(doc.number, docContext))
    else if (doc.type === 'passport') out.push(normalisePassport(doc.number, docContext))
    else out.push(normaliseDrivingLicence(doc.number, docContext))
  }
  if (rep.address) addAddress(rep.address, out, context)
}

function businessIdentifiers(business: Business, out: Identifier[], context: DeriveContext): void {
  if (isPresent(business.name)) out.push(normaliseBusinessName(business.name))
  if (isPresent(business.registrationNumber))
    out.push(normaliseBusinessRegistration(business.registrationNumber, business.country))
  if (isPresent(business.taxId)) out.push(normaliseTaxId(business.taxId, business.country))
  if (business.address) addAddress(business.address, out, context)
}

function addAddress(address: PostalAddress, out: Identifier[], context: DeriveContext): void {
  if (address.lines.length === 0 || address.lines.every((l) => !isPresent(l))) {
    const locality = deriveLocalityIdentifier(address)
    if (locality) out.push(locality)
    return
  }
  for (const id of deriveAddressIdentifiers(address, context.address)) out.push(id)
}

function includesIdentifier(identifiers: readonly Identifier[], id: Identifier): boolean {
  for (const o of identifiers) if (o.kind === id.kind && o.key === id.key) return true
  return false
}

/** Drops repeats (a business address that is also the warehouse) keeping the first; kind + key is the identity. */
function unique(identifiers: readonly Identifier[]): Identifier[] {
  // A profile yields about ten identifiers: comparing pairs is cheaper than building a set of joined strings.
  const out: Identifier[] = []
  for (const id of identifiers) {
    if (id.key !== '' && !includesIdentifier(out, id)) out.push(id)
  }
  return out
}

/**
 * Every identifier an account's declared profile yields: email, phone (the account's country as default region),
 * each address (`address` + `address_building`), the bank (`iban` or `bank_account`), the card
 * (`card_fingerprint` and/or `card`), the representative (`person_name`, `person_identity` = name and birth date, the identity document checked against
 * the declared birth date, their address) and the business (`business_name`, `business_registration`, `tax_id`,
 * its address). Fields the seller left empty give nothing; repeats are removed; never throws.
 *
 * The country is `context.country`, else the business's, else the first address's, else the marketplace code.
 */
export function deriveIdentifiers(profile: Profile, context: DeriveContext = {}): Identifier[] {
  const out: Identifier[] = []
  const country = accountCountry(profile, context)
  if (isPresent(profile.email)) out.push(normaliseEmail(profile.email))
  if (isPresent(profile.phone)) out.push(normalisePhone(profile.phone, country === undefined ? {} : { country }))
  for (const address of profile.addresses ?? []) addAddress(address, out, context)
  if (profile.bank) {
    const bank = deriveBankIdentifier(profile.bank)
    if (bank) out.push(bank)
  }
  if (profile.card) for (const id of deriveCardIdentifiers(profile.card)) out.push(id)
  if (profile.representative) representativeIdentifiers(profile.representative, out, context)
  if (profile.business) businessIdentifiers(profile.business, out, context)
  return unique(out)
}
