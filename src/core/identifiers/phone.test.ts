import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/mobile/examples'
import { normalisePhone } from './phone.ts'
import { isFictitiousPhone } from './phone-fictitious.ts'
import { phoneNumberType } from './phone-type.ts'

const codes = (raw: string, country?: string) =>
  normalisePhone(raw, country === undefined ? {} : { country }).problems.map((p) => p.code)

describe('normalisePhone', () => {
  it('reads the ways people type one Chinese mobile number as one E.164 key', () => {
    for (const [raw, country] of [
      ['+86 138-0013-8000', undefined],
      ['0086 138 0013 8000', undefined],
      ['138 0013 8000', 'CN'],
      ['(+86) 13800138000', 'US'],
      ['＋８６　１３８００１３８０００', undefined],
    ] as const) {
      const id = normalisePhone(raw, country === undefined ? {} : { country })
      assert.equal(id.key, '+8613800138000', raw)
      assert.deepEqual(id.flags, ['mobile'])
    }
  })

  it('uses the account country as the default region and drops the trunk 0', () => {
    assert.equal(normalisePhone('030 1234567', { country: 'DE' }).key, '+49301234567')
    assert.equal(normalisePhone('090-1234-5678', { country: 'JP' }).key, '+819012345678')
    assert.equal(normalisePhone('+44 (0)7911 123456').key, '+447911123456')
    assert.equal(normalisePhone('07911 123456', { country: 'UK' }).key, '+447911123456')
  })

  it('ignores an extension', () => {
    assert.equal(normalisePhone('+1 (212) 736-3100 ext. 42').key, '+12127363100')
  })

  it('flags the number type where the metadata knows it', () => {
    assert.deepEqual(normalisePhone('030 1234567', { country: 'DE' }).flags, ['fixed_line'])
    assert.deepEqual(normalisePhone('+1 212 736 3100').flags, ['fixed_line_or_mobile'])
    assert.deepEqual(normalisePhone('0800 123 4567', { country: 'GB' }).flags, ['toll_free'])
    assert.deepEqual(normalisePhone('056 1234 5678', { country: 'GB' }).flags, ['voip'])
  })

  it('rejects numbers in the US 555-01xx fictional range and Ofcom drama ranges', () => {
    assert.ok(codes('(212) 555-0123', 'US').includes('fictitious_range'))
    assert.ok(codes('07700 900123', 'GB').includes('fictitious_range'))
    assert.ok(codes('020 7946 0018', 'GB').includes('fictitious_range'))
    assert.ok(codes('0121 496 0999', 'GB').includes('fictitious_range'))
    assert.deepEqual(codes('(212) 555-1234', 'US'), [])
  })

  it('reports invalid, unparseable and country-less numbers without throwing', () => {
    assert.deepEqual(codes('+1 212 123 4567'), ['invalid_number'])
    assert.deepEqual(codes('12345'), ['no_country'])
    assert.deepEqual(codes('not a phone'), ['empty'])
    assert.deepEqual(codes('+999 1'), ['unparseable'])
  })

  it('is idempotent: a valid E.164 key normalises to itself', () => {
    const regions = ['US', 'GB', 'DE', 'CN', 'JP', 'FR', 'IN', 'BR'] as const
    fc.assert(
      fc.property(fc.constantFrom(...regions), fc.stringMatching(/^[1-9]\d{6,10}$/), (country, digits) => {
        const once = normalisePhone(digits, { country })
        if (once.key.startsWith('+')) assert.equal(normalisePhone(once.key).key, once.key)
      }),
    )
  })
})

describe('phoneNumberType', () => {
  it('agrees with libphonenumber-js getType() on every country’s example numbers', () => {
    let compared = 0
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples)
      const probes = [example?.nationalNumber ?? '', '2079460018', '7911123456', '8001234567', '612345678']
      for (const probe of probes) {
        const parsed = parsePhoneNumberFromString(probe, country)
        if (parsed === undefined) continue
        compared++
        assert.equal(
          phoneNumberType(parsed.nationalNumber, parsed.country ?? parsed.countryCallingCode),
          parsed.getType(),
        )
      }
    }
    assert.ok(compared > 1000)
  })
})

describe('isFictitiousPhone', () => {
  it('covers 555-0100 to 555-0199 in any NANP area code only', () => {
    assert.equal(isFictitiousPhone('+13125550100'), true)
    assert.equal(isFictitiousPhone('+13125550199'), true)
    assert.equal(isFictitiousPhone('+13125550200'), false)
  })
})
