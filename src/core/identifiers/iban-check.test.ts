import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { composeIBAN, countrySpecs, validateIBAN } from 'ibantools'
import { ibanErrorCodes } from './iban-check.ts'

const same = (iban: string) => assert.deepEqual(ibanErrorCodes(iban), validateIBAN(iban).errorCodes, iban)

describe('ibanErrorCodes', () => {
  it('agrees with ibantools validateIBAN on composed, mutated and random IBANs of every country', () => {
    const countries = Object.keys(countrySpecs)
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.stringMatching(/^[0-9A-Z]{8,30}$/),
        fc.nat(40),
        fc.constantFrom('0', '9', 'A', 'Z'),
        (country, body, at, replacement) => {
          const length = (countrySpecs[country]?.chars ?? 24) - 4
          const bban = body.padEnd(length, '0').slice(0, length)
          const composed = composeIBAN({ countryCode: country, bban }) ?? `${country}00${bban}`
          same(composed)
          same(composed.slice(0, at) + replacement + composed.slice(at + 1))
          same(`${country}${body}`)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('agrees on digits-only BBANs, which pass most country formats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('DE', 'GB', 'FR', 'BE', 'ES', 'IT', 'NL', 'PL'),
        fc.stringMatching(/^\d{26}$/),
        (c, d) => {
          const bban = d.slice(0, (countrySpecs[c]?.chars ?? 24) - 4)
          const iban = composeIBAN({ countryCode: c, bban })
          if (iban !== null) same(iban)
          same(`${c}12${bban}`)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('agrees on edge cases', () => {
    for (const iban of [
      '',
      'D',
      'DE',
      'DE8',
      'XX1234',
      'DE89370400440532013000',
      'de89 3704',
      'AA12ABC',
      'GB82WEST12345698765432',
    ])
      same(iban)
  })
})
