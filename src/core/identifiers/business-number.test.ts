import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normaliseBusinessRegistration, normaliseTaxId } from './business-number.ts'

const codes = (id: { problems: readonly { code: string }[] }) => id.problems.map((p) => p.code)

describe('normaliseBusinessRegistration', () => {
  it('checks a Chinese unified social credit code', () => {
    assert.equal(normaliseBusinessRegistration('91350100M000100Y43', 'CN').valid, true)
  })

  it('normalises Handelsregister numbers', () => {
    assert.equal(normaliseBusinessRegistration('HRB 12345 B', 'DE').key, 'DE:HRB12345B')
    assert.equal(normaliseBusinessRegistration('hrb 012345', 'DE').key, 'DE:HRB12345')
    assert.deepEqual(codes(normaliseBusinessRegistration('12345', 'DE')), ['bad_format'])
  })

  it('flags a Handelsregister number as partial (each court numbers its own companies), and not a GB one', () => {
    assert.deepEqual(normaliseBusinessRegistration('HRB 234452', 'DE').flags, ['partial_number'])
    assert.equal(normaliseBusinessRegistration('12345678', 'GB').flags, undefined)
  })

  it('zero-pads numeric Companies House numbers', () => {
    assert.equal(normaliseBusinessRegistration('123456', 'GB').key, 'GB:00123456')
    assert.equal(normaliseBusinessRegistration('sc123456', 'GB').key, 'GB:SC123456')
  })

  it('checks a Japanese corporate number', () => {
    assert.equal(normaliseBusinessRegistration('7000012050002', 'JP').valid, true)
    assert.deepEqual(codes(normaliseBusinessRegistration('8000012050002', 'JP')), ['bad_check_digit'])
  })
})

describe('normaliseTaxId', () => {
  it('checks US EINs and reads an SSN-shaped tax id as an SSN', () => {
    assert.equal(normaliseTaxId('12-3456789', 'US').key, 'US:123456789')
    assert.deepEqual(codes(normaliseTaxId('07-1234567', 'US')), ['bad_prefix'])
    assert.deepEqual(codes(normaliseTaxId('666-12-3456', 'US')), ['bad_area'])
  })

  it('drops the country prefix of a VAT number and checks the German USt-IdNr.', () => {
    assert.deepEqual(normaliseTaxId('DE 136 695 976', 'DE'), {
      kind: 'tax_id',
      key: 'DE:136695976',
      valid: true,
      problems: [],
    })
    assert.deepEqual(codes(normaliseTaxId('DE136695977', 'DE')), ['bad_check_digit'])
    assert.equal(normaliseTaxId('GB 123 4567 89', 'GB').key, 'GB:123456789')
  })

  it('gives a Chinese credit code one key as registration and as tax id', () => {
    assert.equal(
      normaliseTaxId('91350100M000100Y43', 'CN').key,
      normaliseBusinessRegistration('91350100M000100Y43', 'CN').key,
    )
  })
})
