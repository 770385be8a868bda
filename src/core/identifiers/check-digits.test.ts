import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  icaoCheckDigit,
  isAbaRoutingValid,
  isLuhnValid,
  jpCorporateCheckDigit,
  luhnCheckDigit,
  mod11_2CheckChar,
  mod11_10CheckDigit,
  mod97,
  USCC_ALPHABET,
  usccCheckChar,
} from './check-digits.ts'

/** Every string that differs from `text` in exactly one position, the new character drawn from `alphabet`. */
function singleSubstitutions(text: string, alphabet: string): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i++) {
    for (const c of alphabet) if (c !== text[i]) out.push(text.slice(0, i) + c + text.slice(i + 1))
  }
  return out
}

const DIGITS = '0123456789'
const digitString = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`))

describe('Luhn (ISO/IEC 7812-1)', () => {
  it('accepts published valid numbers and rejects their neighbours', () => {
    assert.equal(isLuhnValid('79927398713'), true)
    assert.equal(isLuhnValid('79927398710'), false)
    assert.equal(isLuhnValid('4111111111111111'), true)
    assert.equal(isLuhnValid('4111111111111112'), false)
    assert.equal(isLuhnValid('4111-1111'), false)
  })

  it('accepts every number with its computed check digit and catches every single-digit substitution', () => {
    fc.assert(
      fc.property(digitString(5, 18), (payload) => {
        const valid = payload + luhnCheckDigit(payload)
        assert.equal(isLuhnValid(valid), true)
        for (const wrong of singleSubstitutions(valid, DIGITS)) assert.equal(isLuhnValid(wrong), false, wrong)
      }),
      { numRuns: 200 },
    )
  })
})

describe('ISO 7064 MOD 11-2', () => {
  it('gives the GB 11643-1999 example its X', () => {
    assert.equal(mod11_2CheckChar('11010519491231002'), 'X')
    assert.equal(mod11_2CheckChar('44052418800101001'), '4')
  })

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(digitString(17, 17), (body) => {
        const valid = body + mod11_2CheckChar(body)
        for (const wrong of singleSubstitutions(valid, `${DIGITS}X`)) {
          assert.notEqual(mod11_2CheckChar(wrong.slice(0, 17)), wrong[17], wrong)
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('ISO 7064 MOD 11,10', () => {
  it('validates the German Steuer-ID example and catches every single-digit substitution', () => {
    assert.equal(mod11_10CheckDigit('6592997048'), 9)
    fc.assert(
      fc.property(digitString(10, 10), (body) => {
        const valid = body + mod11_10CheckDigit(body)
        for (const wrong of singleSubstitutions(valid, DIGITS)) {
          assert.notEqual(mod11_10CheckDigit(wrong.slice(0, 10)), Number(wrong[10]), wrong)
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('ISO 7064 MOD 97-10', () => {
  it('leaves remainder 1 for a rearranged valid IBAN (ISO 13616 example)', () => {
    assert.equal(mod97('WEST12345698765432GB82'), 1)
    assert.notEqual(mod97('WEST12345698765432GB83'), 1)
    assert.equal(mod97('abc'), -1)
  })

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(digitString(10, 26), (body) => {
        const check = 98 - mod97(`${body}00`)
        const valid = `${body}${String(check).padStart(2, '0')}`
        assert.equal(mod97(valid), 1)
        for (const wrong of singleSubstitutions(valid, DIGITS)) assert.notEqual(mod97(wrong), 1, wrong)
      }),
      { numRuns: 100 },
    )
  })
})

describe('ICAO 9303 7-3-1 check digit', () => {
  it('reproduces the check digits of the ICAO specimen passport', () => {
    assert.equal(icaoCheckDigit('L898902C3'), 6)
    assert.equal(icaoCheckDigit('740812'), 2)
    assert.equal(icaoCheckDigit('120415'), 9)
    assert.equal(icaoCheckDigit('ZE184226B<<<<<'), 1)
    assert.equal(icaoCheckDigit('l898'), -1)
  })

  it('catches every single-digit substitution in a numeric field', () => {
    fc.assert(
      fc.property(digitString(6, 9), (field) => {
        const check = icaoCheckDigit(field)
        for (const wrong of singleSubstitutions(field, DIGITS)) assert.notEqual(icaoCheckDigit(wrong), check, wrong)
      }),
      { numRuns: 200 },
    )
  })
})

describe('ABA routing number 3-7-1 checksum', () => {
  it('accepts published routing numbers and rejects an arbitrary one', () => {
    assert.equal(isAbaRoutingValid('011000015'), true) // Federal Reserve Bank of Boston
    assert.equal(isAbaRoutingValid('021000021'), true) // JPMorgan Chase, New York
    assert.equal(isAbaRoutingValid('123456789'), false)
    assert.equal(isAbaRoutingValid('000000000'), false)
  })

  it('catches every single-digit substitution', () => {
    fc.assert(
      fc.property(digitString(8, 8), (body) => {
        const check = [...DIGITS].find((d) => isAbaRoutingValid(body + d)) as string
        for (const wrong of singleSubstitutions(body + check, DIGITS)) {
          if (wrong !== '000000000') assert.equal(isAbaRoutingValid(wrong), false, wrong)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('GB 32100-2015 check character', () => {
  it('reproduces the check character of a published code', () => {
    assert.equal(usccCheckChar('91350100M000100Y4'), '3')
    assert.equal(usccCheckChar('91350100I000100Y4'), '') // I is not in the alphabet
  })

  it('catches every single-character substitution', () => {
    const alphabetChar = fc.constantFrom(...USCC_ALPHABET)
    fc.assert(
      fc.property(fc.array(alphabetChar, { minLength: 17, maxLength: 17 }), (chars) => {
        const body = chars.join('')
        const valid = body + usccCheckChar(body)
        for (const wrong of singleSubstitutions(valid, USCC_ALPHABET)) {
          assert.notEqual(usccCheckChar(wrong.slice(0, 17)), wrong[17], wrong)
        }
      }),
      { numRuns: 50 },
    )
  })
})

describe('Japanese corporate number check digit', () => {
  it('reproduces the National Tax Agency’s own number', () => {
    assert.equal(jpCorporateCheckDigit('000012050002'), 7)
  })
})
