import type { IdentityDocument } from '../core/interchange/index.ts'
import { cnResidentIdCheckChar } from './check-digits.ts'
import type { Country } from './name-lists.ts'
import { makeCnResidentId, makePerson } from './person.ts'
import type { Random } from './random.ts'

/** A document a farm uses: recycled from a real person, or forged. */
export interface FarmDocument {
  readonly document: IdentityDocument
  /** The birth date the document carries (CN IDs embed it). */
  readonly birthDate: string
  readonly forged: boolean
}

/** A CN resident ID with a wrong check character: the typical forgery. */
export function forgeCnResidentId(rng: Random, birthDate: string, female: boolean): string {
  const valid = makeCnResidentId(rng, birthDate, female)
  const right = cnResidentIdCheckChar(valid.slice(0, 17))
  const wrong = rng.pick([...'0123456789X'].filter((c) => c !== right))
  return valid.slice(0, 17) + wrong
}

function forgeSsn(rng: Random): string {
  const area = rng.pick(['000', '666', `9${rng.digits(2)}`])
  return `${area}-${rng.digits(2)}-${rng.digits(4)}`
}

/** The farm's pool of documents: several accounts will be registered under each, with different names. */
export function makeFarmDocuments(rng: Random, country: Country, count: number): FarmDocument[] {
  return Array.from({ length: count }, () => {
    const real = makePerson(rng, country, { minAge: 19 })
    const forged = rng.chance(0.4)
    if (!forged) return { document: real.document, birthDate: real.birthDate, forged }
    if (country === 'CN') {
      return {
        document: { type: 'national_id', country, number: forgeCnResidentId(rng, real.birthDate, real.female) },
        birthDate: real.birthDate,
        forged,
      }
    }
    if (country === 'US')
      return { document: { type: 'national_id', country, number: forgeSsn(rng) }, birthDate: real.birthDate, forged }
    return {
      document: { ...real.document, number: `${real.document.number.slice(0, -2)}${rng.digits(2)}` },
      birthDate: real.birthDate,
      forged,
    }
  })
}
