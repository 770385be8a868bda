import type { AccountRecord, Bank, Card, Channel } from '../core/interchange/index.ts'
import { makeHomePlace, type Place, toPostalAddress } from './address.ts'
import { makeBank, makeCard } from './bank-account.ts'
import { type Company, makeCompany, toBusiness } from './company.ts'
import { makeBusinessEmail, makePersonalEmail, makePhone, type Phone, typePhone } from './contact.ts'
import type { Country } from './name-lists.ts'
import { makePerson, type NameStyle, type Person, toRepresentative } from './person.ts'
import type { Random } from './random.ts'

/** A party that declares things to the marketplace: a person, maybe their company, their contacts and money. */
export interface SellerParty {
  readonly country: Country
  readonly person: Person
  readonly company?: Company
  readonly home: Place
  /** Where the business is run from (the home for most sole traders). */
  readonly office: Place
  readonly phone: Phone
  readonly email: string
  readonly bank: Bank
  readonly card: Card
}

/** Options for `makeSellerParty`: pass parts to share them (a family's home, a tower's building). */
export interface PartyOptions {
  readonly business?: boolean
  readonly person?: Person
  readonly home?: Place
  readonly office?: Place
}

/** A new seller party of `country` with its own phone, email, bank and card. */
export function makeSellerParty(rng: Random, country: Country, opts: PartyOptions = {}): SellerParty {
  const person = opts.person ?? makePerson(rng, country, { minAge: 18 })
  const business = opts.business ?? rng.chance(0.45)
  const company = business ? makeCompany(rng, country, person) : undefined
  const home = opts.home ?? makeHomePlace(rng, country)
  const holderName = company && rng.chance(0.7) ? company.name : `${person.given.latin} ${person.family.latin}`
  return {
    country,
    person,
    ...(company ? { company } : {}),
    home,
    office: opts.office ?? home,
    phone: makePhone(rng, country),
    email: company && rng.chance(0.5) ? makeBusinessEmail(rng, company.slug, country) : makePersonalEmail(rng, person),
    bank: makeBank(rng, country, rng.chance(0.6) ? { holderName } : {}),
    card: makeCard(rng, country),
  }
}

const HOME_MARKET: Readonly<Record<Country, string>> = { US: 'US', CN: 'CN', DE: 'DE', GB: 'UK', JP: 'JP' }
const MARKET_COUNTRY: Readonly<Record<string, Country>> = { US: 'US', CN: 'CN', DE: 'DE', UK: 'GB', JP: 'JP' }

/** The storefront a seller of `country` opens on: mostly at home; CN sellers often cross-border. */
export function pickMarketplace(rng: Random, country: Country): string {
  if (country === 'CN') return rng.pickWeighted(['CN', 'US', 'DE', 'UK', 'JP'], [0.4, 0.3, 0.1, 0.1, 0.1])
  if (country === 'DE' && rng.chance(0.06)) return 'UK'
  if (country === 'GB' && rng.chance(0.06)) return 'DE'
  return HOME_MARKET[country]
}

/** The country whose conventions a storefront uses. */
export function marketCountry(marketplace: string): Country {
  return MARKET_COUNTRY[marketplace] ?? 'US'
}

/** How one account declares the party. */
export interface DeclarationOptions {
  readonly marketplace: string
  readonly channel?: Channel
  /** Write names, addresses and the company the way a second hand retypes them. */
  readonly retyped?: boolean
  readonly nameStyle?: NameStyle
  /** A return address other than the office (a 3PL warehouse, an operator's shared warehouse). */
  readonly returnPlace?: Place
  /** Override profile parts (a farm's forged representative, an operator's shared bank …). */
  readonly override?: Partial<Omit<AccountRecord, 'type' | 'account' | 'at'>>
}

/** The `account` record fields the party declares for one account. */
export function declareAccount(
  rng: Random,
  party: SellerParty,
  opts: DeclarationOptions,
): Omit<AccountRecord, 'type' | 'account' | 'at'> {
  const abroad = marketCountry(opts.marketplace) !== party.country
  const retyped = opts.retyped ?? false
  const office = toPostalAddress(rng, party.office, retyped)
  const latin = abroad && (party.country === 'CN' || party.country === 'JP')
  const nameStyle: NameStyle = opts.nameStyle ?? { latin, swapped: latin && rng.chance(0.2), retyped }
  const returnPlace = opts.returnPlace ?? (rng.chance(0.3) ? party.office : undefined)
  const addresses = [
    { role: 'business' as const, ...office },
    ...(returnPlace ? [{ role: 'return' as const, ...toPostalAddress(rng, returnPlace, retyped) }] : []),
  ]
  const withHome = rng.chance(0.3)
  return {
    marketplace: opts.marketplace,
    kind: party.company ? 'business' : 'individual',
    channel: opts.channel ?? { type: 'organic' },
    ...(party.company ? { business: toBusiness(rng, party.company, { address: office, retyped }) } : {}),
    representative: toRepresentative(rng, party.person, {
      ...nameStyle,
      ...(withHome ? { address: toPostalAddress(rng, party.home, retyped) } : {}),
    }),
    email: party.email,
    phone: typePhone(rng, party.phone, abroad),
    addresses,
    bank: party.bank,
    card: party.card,
    ...opts.override,
  }
}
