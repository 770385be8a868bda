import type { PostalAddress } from '../core/interchange/index.ts'
import type { Country } from './name-lists.ts'
import { CITIES, type City, CN_STEMS, JP_STEMS, STEMS, STREETS, US_STREET_TYPES } from './place-lists.ts'
import type { Random } from './random.ts'
import { retypeAddressLine } from './retype.ts'

/** A physical place in structured form; `toPostalAddress` writes it the way a seller would. */
export interface Place {
  readonly country: Country
  readonly street: string
  readonly building?: string
  readonly unit?: string
  readonly city: City
  readonly postalCode: string
  /** Whether the seller writes everything on one line (CN/JP) or splits unit and street (US/GB/DE). */
  readonly oneLine: boolean
}

const GB_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

function makePostalCode(rng: Random, country: Country, city: City): string {
  const prefix = rng.pick(city.postal)
  switch (country) {
    case 'US':
      return prefix + rng.digits(5 - prefix.length)
    case 'DE':
      return prefix + rng.digits(5 - prefix.length)
    case 'CN':
      return prefix + rng.digits(6 - prefix.length)
    case 'JP':
      return `${prefix}-${rng.digits(4)}`
    case 'GB':
      return `${prefix} ${rng.int(10)}${rng.char(GB_LETTERS)}${rng.char(GB_LETTERS)}`
  }
}

function makeStreet(rng: Random, country: Country, city: City): string {
  switch (country) {
    case 'US': {
      const name = rng.chance(0.1) ? `${rng.between(1, 12)}th` : rng.pick(STREETS.US)
      return `${rng.between(1, 9899)} ${name} ${rng.pick(US_STREET_TYPES)[0]}`
    }
    case 'DE':
      return `${rng.pick(STREETS.DE)} ${rng.between(1, 180)}${rng.chance(0.08) ? 'a' : ''}`
    case 'GB':
      return `${rng.between(1, 240)} ${rng.pick(STREETS.GB)}`
    case 'CN':
      return `${rng.pick(city.streets ?? ['人民路'])}${rng.between(1, 999)}号`
    case 'JP':
      return `${rng.pick(city.streets ?? ['本町'])}${rng.between(1, 5)}-${rng.between(1, 30)}-${rng.between(1, 20)}`
  }
}

function makeHomeUnit(rng: Random, country: Country): string | undefined {
  const floor = rng.between(1, 30)
  const room = `${floor}${String(rng.between(1, 12)).padStart(2, '0')}`
  switch (country) {
    case 'US':
      return rng.chance(0.35) ? `Apt ${rng.between(1, 40)}${rng.pick(['', 'A', 'B', 'C'])}` : undefined
    case 'GB':
      return rng.chance(0.3) ? `Flat ${rng.between(1, 60)}` : undefined
    case 'DE':
      return rng.chance(0.1) ? `${rng.between(1, 5)}. OG` : undefined
    case 'CN':
      return `${rng.between(1, 30)}栋${room}室`
    case 'JP':
      return rng.chance(0.6)
        ? `${rng.pick(JP_STEMS)}${rng.pick(['ハイツ', 'マンション', 'コーポ'])} ${room}号室`
        : undefined
  }
}

/** A residential address in `country`. */
export function makeHomePlace(rng: Random, country: Country): Place {
  const city = rng.pick(CITIES[country])
  const unit = makeHomeUnit(rng, country)
  return {
    country,
    street: makeStreet(rng, country, city),
    ...(unit ? { unit } : {}),
    city,
    postalCode: makePostalCode(rng, country, city),
    oneLine: country === 'CN' || rng.chance(0.3),
  }
}

/** An office tower (or business park) in `country`, without a unit: tenants add their own. */
export function makeTowerPlace(rng: Random, country: Country): Place {
  const city = rng.pick(CITIES[country])
  const building =
    country === 'CN'
      ? `${rng.pick(CN_STEMS)}${rng.pick(['大厦', '广场', '中心', '科技园'])}`
      : country === 'JP'
        ? `${rng.pick(JP_STEMS)}${rng.pick(['ビル', 'タワー', 'スクエア'])}`
        : country === 'DE'
          ? `${rng.pick(STEMS)}-${rng.pick(['Haus', 'Center', 'Tower'])}`
          : `${rng.pick(STEMS)} ${rng.pick(['Tower', 'Plaza', 'House', 'Center'])}`
  return {
    country,
    street: makeStreet(rng, country, city),
    building,
    city,
    postalCode: makePostalCode(rng, country, city),
    oneLine: country === 'CN',
  }
}

/** The same building with a tenant's own suite, floor or room. */
export function withOfficeUnit(rng: Random, place: Place): Place {
  const floor = rng.between(2, 48)
  const room = `${floor}${String(rng.between(1, 30)).padStart(2, '0')}`
  const unit = {
    US: () => (rng.chance(0.8) ? `Suite ${room}` : `Floor ${floor}`),
    GB: () => (rng.chance(0.5) ? `Suite ${rng.between(1, 400)}` : `Unit ${rng.between(1, 90)}`),
    DE: () => (rng.chance(0.6) ? `${rng.between(1, 12)}. OG` : `Büro ${rng.between(1, 300)}`),
    CN: () => (rng.chance(0.5) ? `${rng.pick(['A', 'B', 'C', 'D'])}座${room}室` : `${rng.between(1, 9)}号楼${room}室`),
    JP: () => (rng.chance(0.5) ? `${floor}F` : `${room}号室`),
  }[place.country]()
  return { ...place, unit }
}

function fullLine(place: Place): string {
  const c = place.city
  const tail = [place.building, place.unit].filter(Boolean).join(' ')
  switch (place.country) {
    case 'CN': {
      const head = c.region === c.city ? c.city : `${c.region}${c.city}`
      return `${head}${c.district ?? ''}${place.street}${tail ? ` ${tail}` : ''}`
    }
    case 'JP':
      return `${c.region}${c.city}${place.street}${tail ? ` ${tail}` : ''}`
    case 'GB':
      return [place.unit, place.building, place.street].filter(Boolean).join(', ')
    default:
      return [place.street, place.building, place.unit].filter(Boolean).join(', ')
  }
}

function splitLines(place: Place): string[] {
  if (place.country === 'GB') return [[place.unit, place.building].filter(Boolean).join(', '), place.street]
  if (place.country === 'CN' || place.country === 'JP') {
    return [place.street, [place.building, place.unit].filter(Boolean).join(' ')]
  }
  return [place.street, [place.building, place.unit].filter(Boolean).join(', ')]
}

/**
 * The place as a seller writes it. With `retyped`, the same place comes out differently: a line layout
 * flipped, an abbreviation, a dropped unit, a typo (what a linker must see through).
 */
export function toPostalAddress(rng: Random, place: Place, retyped = false): PostalAddress {
  const oneLine = retyped && rng.chance(0.4) ? !place.oneLine : place.oneLine
  let lines = (oneLine ? [fullLine(place)] : splitLines(place)).filter((l) => l !== '')
  if (retyped) lines = lines.map((l, i) => (i === 0 || rng.chance(0.5) ? retypeAddressLine(rng, l, place.country) : l))
  const dropUnit = retyped && place.unit !== undefined && lines.length > 1 && rng.chance(0.15)
  if (dropUnit) lines = lines.slice(0, 1)
  const region = place.country === 'DE' || place.country === 'GB' ? undefined : place.city.region
  return {
    lines,
    city: place.city.city,
    ...(region && !(retyped && rng.chance(0.2)) ? { region } : {}),
    postalCode: place.postalCode,
    country: place.country,
  }
}
