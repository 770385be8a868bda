import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { mod11_2CheckChar } from './check-digits.ts'
import { checkCnCreditCode } from './cn-credit-code.ts'
import { checkCnResidentId } from './cn-resident-id.ts'
import { normaliseDrivingLicence, normaliseNationalId, normalisePassport } from './document.ts'
import { parsePassportMrz } from './mrz.ts'
import { checkUsEin } from './us-ein.ts'
import { checkUsSsn } from './us-ssn.ts'

const codes = (id: { problems: readonly { code: string }[] }) => id.problems.map((p) => p.code)
const SPECIMEN_MRZ = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10'

describe('checkCnResidentId (GB 11643-1999)', () => {
  it('accepts the standard’s examples and keys them by the 18 characters', () => {
    assert.deepEqual(checkCnResidentId('11010519491231002X'), {
      kind: 'national_id',
      key: 'CN:11010519491231002X',
      valid: true,
      problems: [],
    })
    assert.equal(checkCnResidentId('440524188001010014').valid, true)
    assert.equal(checkCnResidentId(' 110105 19491231 002x ').key, 'CN:11010519491231002X')
  })

  it('converts a first-generation 15-digit number to the 18-character key', () => {
    assert.equal(checkCnResidentId('110105491231002').key, 'CN:11010519491231002X')
  })

  it('reports a bad check digit, region, birth date and a mismatch with the declared birth date', () => {
    assert.deepEqual(codes(checkCnResidentId('110105194912310021')), ['bad_check_digit'])
    const badRegion = `99010519491231002`
    assert.deepEqual(codes(checkCnResidentId(badRegion + mod11_2CheckChar(badRegion))), ['bad_region'])
    const badDate = `11010519490231002`
    assert.deepEqual(codes(checkCnResidentId(badDate + mod11_2CheckChar(badDate))), ['bad_birth_date'])
    assert.deepEqual(codes(checkCnResidentId('11010519491231002X', '1949-12-30')), ['birth_date_mismatch'])
    assert.deepEqual(codes(checkCnResidentId('1101051949')), ['bad_format'])
  })

  it('accepts exactly the numbers whose check character matches', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{3}$/), fc.integer({ min: 0, max: 16 }), (seq, at) => {
        const body = `31010119900610${seq}`
        const valid = body + mod11_2CheckChar(body)
        assert.equal(checkCnResidentId(valid).valid, true)
        const d = Number(valid[at])
        const wrong = valid.slice(0, at) + ((d + 1) % 10) + valid.slice(at + 1)
        assert.ok(codes(checkCnResidentId(wrong)).includes('bad_check_digit'))
      }),
    )
  })
})

describe('checkCnCreditCode (GB 32100-2015)', () => {
  it('accepts a published code and rejects a changed check character or a forbidden letter', () => {
    assert.equal(checkCnCreditCode('91350100M000100Y43').valid, true)
    assert.deepEqual(codes(checkCnCreditCode('91350100M000100Y44')), ['bad_check_digit'])
    assert.deepEqual(codes(checkCnCreditCode('91350100O000100Y43')), ['bad_format'])
    assert.equal(checkCnCreditCode('91350100m000100y43', 'tax_id').key, 'CN:91350100M000100Y43')
  })
})

describe('checkUsSsn (SSA rules)', () => {
  it('rejects never-issued areas, groups and serials and the famous published numbers', () => {
    assert.deepEqual(codes(checkUsSsn('000-12-3456')), ['bad_area'])
    assert.deepEqual(codes(checkUsSsn('666-12-3456')), ['bad_area'])
    assert.deepEqual(codes(checkUsSsn('123-00-4567')), ['bad_group'])
    assert.deepEqual(codes(checkUsSsn('123-45-0000')), ['bad_serial'])
    assert.deepEqual(codes(checkUsSsn('078-05-1120')), ['known_invalid'])
    assert.deepEqual(codes(checkUsSsn('219-09-9999')), ['known_invalid'])
    assert.deepEqual(codes(checkUsSsn('12-345')), ['bad_format'])
  })

  it('accepts a plausible SSN and keys it by its digits', () => {
    assert.deepEqual(checkUsSsn('536 90 4399'), { kind: 'national_id', key: 'US:536904399', valid: true, problems: [] })
  })

  it('recognises ITINs by their 9xx area and IRS group ranges', () => {
    assert.deepEqual(checkUsSsn('912-70-1234').flags, ['itin'])
    assert.equal(checkUsSsn('912-70-1234').valid, true)
    assert.deepEqual(codes(checkUsSsn('912-93-1234')), ['bad_itin_group'])
    assert.deepEqual(codes(checkUsSsn('912-45-1234')), ['bad_itin_group'])
  })
})

describe('checkUsEin (IRS prefixes)', () => {
  it('accepts assigned prefixes and rejects the never-assigned ones', () => {
    assert.equal(checkUsEin('12-3456789').valid, true)
    for (const prefix of [
      '00',
      '07',
      '08',
      '09',
      '17',
      '18',
      '19',
      '28',
      '29',
      '49',
      '69',
      '70',
      '78',
      '79',
      '89',
      '96',
      '97',
    ]) {
      assert.deepEqual(codes(checkUsEin(`${prefix}-1234567`)), ['bad_prefix'], prefix)
    }
  })
})

describe('parsePassportMrz (ICAO 9303 TD3)', () => {
  it('reads the ICAO specimen with every check digit correct', () => {
    const { mrz, problems } = parsePassportMrz(SPECIMEN_MRZ)
    assert.deepEqual(problems, [])
    assert.equal(mrz?.documentNumber, 'L898902C3')
    assert.equal(mrz?.surname, 'ERIKSSON')
    assert.equal(mrz?.givenNames, 'ANNA MARIA')
    assert.equal(mrz?.birthDate, '740812')
  })

  it('reports a tampered document number through its check digit and the composite', () => {
    const { problems } = parsePassportMrz(SPECIMEN_MRZ.replace('L898902C3', 'L898902C4'))
    assert.deepEqual(
      problems.map((p) => p.code),
      ['bad_check_digit', 'bad_check_digit'],
    )
  })

  it('rejects text that is not two lines of 44', () => {
    assert.deepEqual(codes(parsePassportMrz('P<UTO')), ['bad_format'])
  })
})

describe('normalisePassport', () => {
  it('keys an MRZ, a number with its check digit and a bare number alike', () => {
    const context = { country: 'UT', birthDate: '1974-08-12' }
    assert.equal(normalisePassport(SPECIMEN_MRZ, context).key, 'UT:L898902C3')
    assert.equal(normalisePassport('L898902C3<6', context).key, 'UT:L898902C3')
    assert.equal(normalisePassport('l898902c3', context).key, 'UT:L898902C3')
    assert.equal(normalisePassport(SPECIMEN_MRZ, context).valid, true)
  })

  it('reports a wrong check digit and a birth date that differs from the declared one', () => {
    assert.deepEqual(codes(normalisePassport('L898902C3<5', { country: 'UT' })), ['bad_check_digit'])
    assert.deepEqual(codes(normalisePassport(SPECIMEN_MRZ, { country: 'UT', birthDate: '1975-08-12' })), [
      'birth_date_mismatch',
    ])
  })
})

describe('normaliseNationalId', () => {
  it('dispatches CN, US and DE numbers to their checks', () => {
    assert.equal(normaliseNationalId('11010519491231002X', { country: 'CN' }).valid, true)
    assert.deepEqual(codes(normaliseNationalId('666-12-3456', { country: 'US' })), ['bad_area'])
    assert.equal(normaliseNationalId('65929970489', { country: 'DE' }).valid, true)
    assert.deepEqual(codes(normaliseNationalId('65929970488', { country: 'DE' })), ['bad_check_digit'])
  })

  it('keys other countries by upper-case letters and digits', () => {
    assert.equal(normaliseNationalId(' ab-123 456 ', { country: 'FR' }).key, 'FR:AB123456')
    assert.equal(normaliseDrivingLicence('morga 657054 sm9ij', { country: 'GB' }).key, 'GB:MORGA657054SM9IJ')
  })
})
