import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/mobile/examples'
import { type ParsedPhone, parseDialable } from './phone-parse.ts'
import { phoneNumberType } from './phone-type.ts'

/** The fields of a library PhoneNumber that the fast path reproduces, or undefined when the library rejects it. */
function libraryAnswer(dialable: string, region: string | undefined): object | undefined {
  const parsed = parsePhoneNumberFromString(dialable, region as CountryCode | undefined)
  if (parsed === undefined) return undefined
  const { number, countryCallingCode, nationalNumber, country } = parsed
  return { number, countryCallingCode, nationalNumber, country }
}

function fastAnswer(parsed: ParsedPhone): object {
  const { number, countryCallingCode, nationalNumber, country } = parsed
  return { number, countryCallingCode, nationalNumber, country }
}

/** Compares the fast path with the library; true when the fast path answered (it may hand a number back). */
function agrees(dialable: string, region: string | undefined): boolean {
  const fast = parseDialable(dialable, region)
  if (fast === undefined) return false
  assert.deepEqual(fastAnswer(fast), libraryAnswer(dialable, region), `${dialable} in ${region}`)
  if (fast.type !== undefined) assert.equal(fast.type, phoneNumberType(fast.nationalNumber, fast.country as string))
  return true
}

/** mulberry32: reproducible digits without Math.random. */
function digitSource(seed: number): (length: number) => string {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return (length) => Array.from({ length }, () => Math.floor(next() * 10)).join('')
}

describe('parseDialable', () => {
  it('agrees with parsePhoneNumberFromString on generated numbers in every country', () => {
    const digits = digitSource(7)
    let compared = 0
    let answered = 0
    for (const country of getCountries()) {
      const callingCode = getCountryCallingCode(country)
      const example = getExampleNumber(country, examples)?.nationalNumber ?? ''
      const shapes = [example, `0${example}`]
      for (let i = 0; i < 12; i++) {
        const random = digits(4 + (i % 12))
        const cut = (i * 7) % Math.max(example.length, 1)
        const mutated = example.slice(0, cut) + digits(Math.max(0, example.length - cut))
        shapes.push(random, `0${random}`, mutated, `0${mutated}`)
      }
      for (const shape of shapes) {
        for (const [dialable, region] of [
          [shape, country],
          [`+${callingCode}${shape}`, undefined],
          [`+${shape}`, undefined],
        ] as const) {
          compared++
          if (agrees(dialable, region)) answered++
        }
      }
    }
    assert.ok(compared > 30_000)
    // The fast path must answer most numbers itself, or it would not be a fast path.
    assert.ok(answered / compared > 0.7, `answered ${answered} of ${compared}`)
  })

  it('agrees with the library on the shapes sellers type in the largest storefront countries', () => {
    const countries = ['US', 'GB', 'DE', 'CN', 'JP', 'FR', 'IN', 'CA', 'AU', 'IT', 'ES', 'BR'] as const
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.stringMatching(/^0?[1-9]\d{5,11}$/),
        fc.boolean(),
        (country, national, international) => {
          const dialable = international ? `+${getCountryCallingCode(country)}${national}` : national
          agrees(dialable, international ? undefined : country)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('hands unusual input back to the library', () => {
    assert.equal(parseDialable('011442079460018', 'US'), undefined) // international dialling prefix
    assert.equal(parseDialable('12127363100', 'US'), undefined) // the country's own calling code, no +
    assert.equal(parseDialable('+80012345678', undefined), undefined) // non-geographic calling code
    assert.equal(parseDialable('+1', undefined), undefined) // too short to tell
    assert.equal(parseDialable('2079460018', undefined), undefined) // national, no region
  })
})
