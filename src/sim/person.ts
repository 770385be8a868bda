import type { IdentityDocument, PostalAddress, Representative } from '../core/interchange/index.ts'
import { cnResidentIdCheckChar, jpMyNumberCheckDigit } from './check-digits.ts'
import { type Country, NAMES, type ScriptName } from './name-lists.ts'
import { Random } from './random.ts'
import { retypeName } from './retype.ts'
import { formatDate } from './timestamp.ts'

/** A real (simulated) human being. Face and document image are derived from seeds, so a person costs little memory. */
export interface Person {
  readonly country: Country
  readonly female: boolean
  readonly given: ScriptName
  readonly family: ScriptName
  readonly birthDate: string
  readonly document: IdentityDocument
  /** Seed of the face descriptor: the same person always yields the same face (see `readFace`). */
  readonly faceSeed: number
  /** Perceptual hash of the person's document photo, as two 32-bit halves. */
  readonly documentImage: readonly [number, number]
}

const CN_AREA_CODES = [
  '110105',
  '110108',
  '310115',
  '440305',
  '440304',
  '440106',
  '441900',
  '330110',
  '330782',
  '350203',
  '320506',
  '510107',
  '430102',
  '420106',
  '410105',
  '370102',
  '130102',
  '360102',
  '450102',
  '500103',
]
const ID_LETTERS = 'CFGHJKLMNPRTVWXYZ0123456789'

function lettersFrom(rng: Random, alphabet: string, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += rng.char(alphabet)
  return out
}

/** A US social security number that follows the SSA rules (no 000/666/9xx area, no 00 group, no 0000 serial). */
export function makeSsn(rng: Random): string {
  let area = rng.between(1, 899)
  if (area === 666) area = 667
  return `${String(area).padStart(3, '0')}-${String(rng.between(1, 99)).padStart(2, '0')}-${String(rng.between(1, 9999)).padStart(4, '0')}`
}

/** A CN resident identity number with the birth date embedded and a correct MOD 11-2 check character. */
export function makeCnResidentId(rng: Random, birthDate: string, female: boolean): string {
  const seq = rng.between(0, 99) * 10 + (female ? rng.pick([0, 2, 4, 6, 8]) : rng.pick([1, 3, 5, 7, 9]))
  const body = `${rng.pick(CN_AREA_CODES)}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`
  return body + cnResidentIdCheckChar(body)
}

function gbDrivingLicence(rng: Random, family: string, birthDate: string, female: boolean): string {
  const name = `${family.toUpperCase().replace(/[^A-Z]/g, '')}99999`.slice(0, 5)
  const [y = '', m = '', d = ''] = birthDate.split('-')
  const month = String(Number(m) + (female ? 50 : 0)).padStart(2, '0')
  return `${name}${y[2]}${month}${d}${y[3]}${lettersFrom(rng, 'ABCDEFGHJKLMNPRSTW', 2)}9${lettersFrom(rng, 'ABCDEFGHJKLMNPRSTW', 2)}`
}

function makeDocument(rng: Random, country: Country, person: Omit<Person, 'document'>): IdentityDocument {
  const r = rng.float()
  const passport = (number: string): IdentityDocument => ({ type: 'passport', country, number })
  switch (country) {
    case 'US':
      if (r < 0.3) return { type: 'national_id', country, number: makeSsn(rng) }
      if (r < 0.7)
        return { type: 'driving_licence', country, number: `${lettersFrom(rng, 'ABCDFGJ', 1)}${rng.digits(7)}` }
      return passport(rng.chance(0.5) ? rng.digits(9) : `A${rng.digits(8)}`)
    case 'CN':
      if (r < 0.85)
        return { type: 'national_id', country, number: makeCnResidentId(rng, person.birthDate, person.female) }
      return passport(`E${rng.chance(0.5) ? rng.digits(8) : `${lettersFrom(rng, 'ABCDEFG', 1)}${rng.digits(7)}`}`)
    case 'DE':
      if (r < 0.7) return { type: 'national_id', country, number: `L${lettersFrom(rng, ID_LETTERS, 8)}` }
      return passport(`C${lettersFrom(rng, ID_LETTERS, 8)}`)
    case 'GB':
      if (r < 0.6) return passport(rng.digits(9))
      return {
        type: 'driving_licence',
        country,
        number: gbDrivingLicence(rng, person.family.latin, person.birthDate, person.female),
      }
    case 'JP': {
      if (r < 0.25) {
        const body = rng.digits(11)
        return { type: 'national_id', country, number: `${body}${jpMyNumberCheckDigit(body)}` }
      }
      if (r < 0.75) return { type: 'driving_licence', country, number: rng.digits(12) }
      return passport(`${rng.pick(['TK', 'TR', 'MZ', 'TZ'])}${rng.digits(7)}`)
    }
  }
}

/** A CN/JP given name composed from one or two name characters (pinyin run together: "Xiaoming"). */
function makeGivenName(rng: Random, country: Country, female: boolean): ScriptName {
  const list = female ? NAMES[country].female : NAMES[country].male
  if (country !== 'CN' || rng.chance(0.25)) return capitalise(rng.pick(list))
  const a = rng.pick(list)
  const b = rng.pick(rng.chance(0.7) ? list : NAMES.CN.male)
  return capitalise({ native: a.native + b.native, latin: a.latin + b.latin })
}

function capitalise(n: ScriptName): ScriptName {
  return { native: n.native, latin: n.latin.charAt(0).toUpperCase() + n.latin.slice(1) }
}

/** Options for `makePerson`; a shared family name makes relatives. */
export interface PersonOptions {
  readonly family?: ScriptName
  readonly female?: boolean
  readonly minAge?: number
}

const BIRTH_FROM = Date.UTC(1950, 0, 1)
const BIRTH_TO = Date.UTC(2004, 0, 1)

/** A person of `country` with a name in the country's script and conventions, a birth date and an ID document. */
export function makePerson(rng: Random, country: Country, opts: PersonOptions = {}): Person {
  const female = opts.female ?? rng.chance(0.45)
  const latest = opts.minAge === undefined ? BIRTH_TO : Date.UTC(2026 - opts.minAge, 0, 1)
  const base = {
    country,
    female,
    given: makeGivenName(rng, country, female),
    family: opts.family ?? rng.pick(NAMES[country].family),
    birthDate: formatDate(BIRTH_FROM + Math.floor(rng.float() * (latest - BIRTH_FROM))),
    faceSeed: rng.uint32(),
    documentImage: [rng.uint32(), rng.uint32()] as const,
  }
  return { ...base, document: makeDocument(rng, country, base) }
}

/** How a person's name is declared on one account. */
export interface NameStyle {
  /** Latin spelling (pinyin/romaji) instead of the native script. */
  readonly latin?: boolean
  /** Given and family name typed the wrong way round (common with pinyin). */
  readonly swapped?: boolean
  /** A typo, nickname or folded diacritic. */
  readonly retyped?: boolean
}

/** The person as declared as an account's representative. */
export function toRepresentative(
  rng: Random,
  person: Person,
  style: NameStyle & { readonly address?: PostalAddress; readonly withDocument?: boolean },
): Representative {
  const latin = style.latin ?? false
  let given = latin ? person.given.latin : person.given.native
  let family = latin ? person.family.latin : person.family.native
  if (style.retyped) {
    if (rng.chance(0.5)) given = retypeName(rng, given)
    else family = retypeName(rng, family)
  }
  if (style.swapped) [given, family] = [family, given]
  return {
    givenName: given,
    familyName: family,
    ...(rng.chance(0.85) ? { birthDate: person.birthDate } : {}),
    nationality: person.country,
    ...(style.withDocument !== false ? { document: person.document } : {}),
    ...(style.address ? { address: style.address } : {}),
  }
}

const FACE_DIMENSIONS = 128
const UNIFORM_TO_UNIT_VARIANCE = Math.sqrt(3) // a uniform on [-1, 1] scaled by this has variance 1
const THOUSANDTHS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
/** Text of `k / 1000`, three decimals. */
function faceValue(k: number): string {
  const a = Math.abs(k)
  return `${k < 0 ? '-' : ''}${Math.floor(a / 1000)}.${THOUSANDTHS[a % 1000]}`
}
// A unit vector's component plus noise stays well inside ±1.1: every reading is a table lookup.
const FACE_VALUE_RANGE = 1100
const FACE_VALUES: readonly string[] = Array.from({ length: 2 * FACE_VALUE_RANGE + 1 }, (_, i) =>
  faceValue(i - FACE_VALUE_RANGE),
)
const faceScratch = new Float64Array(FACE_DIMENSIONS)
const faceText: string[] = new Array(FACE_DIMENSIONS).fill('')

/**
 * A reading of the person's face descriptor as JSON array text: the stable unit vector of `faceSeed`
 * plus measurement noise per dimension (0.01 keeps one person's readings near cosine 0.99; two people
 * are near 0). Three decimals, written by hand: `JSON.stringify` of 128 floats cost more than the rest
 * of an account.
 */
export function readFace(rng: Random, faceSeed: number, noise = 0.01): string {
  const face = new Random(faceSeed, 7)
  let norm = 0
  for (let i = 0; i < FACE_DIMENSIONS; i++) {
    const x = face.float() * 2 - 1
    faceScratch[i] = x
    norm += x * x
  }
  const scale = 1 / Math.sqrt(norm)
  const spread = noise * UNIFORM_TO_UNIT_VARIANCE
  for (let i = 0; i < FACE_DIMENSIONS; i++) {
    const v = (faceScratch[i] ?? 0) * scale + (rng.float() * 2 - 1) * spread
    const k = Math.round(v * 1000)
    faceText[i] = FACE_VALUES[k + FACE_VALUE_RANGE] ?? faceValue(k)
  }
  return `[${faceText.join(',')}]`
}
