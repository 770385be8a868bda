import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Profile } from '../interchange/index.ts'
import { deriveIdentifiers } from './derive-identifiers.ts'

const profile: Profile = {
  email: 'Li.Wei+shop@GMAIL.com',
  phone: '138 0013 8000',
  addresses: [
    { role: 'business', lines: ['北京市朝阳区建国路88号A座1201室'], postalCode: '100022', country: 'CN' },
    { role: 'warehouse', lines: ['北京市朝阳区建国路88号A座1201室'], postalCode: '100022', country: 'CN' },
  ],
  bank: { country: 'CN', accountNumber: '6222 0212 3456 7890 123' },
  card: { bin: '622202', last4: '0123', expiry: '2028-04' },
  representative: {
    givenName: '伟',
    familyName: '李',
    birthDate: '1949-12-30',
    document: { type: 'national_id', country: 'CN', number: '11010519491231002X' },
  },
  business: { name: '深圳市华强电子有限公司', country: 'CN', registrationNumber: '91350100M000100Y43' },
}

describe('deriveIdentifiers', () => {
  it('derives every declared identifier once, keyed canonically', () => {
    const ids = deriveIdentifiers(profile, { country: 'CN' })
    assert.deepEqual(
      ids.map((i) => [i.kind, i.key]),
      [
        ['email', 'liwei@gmail.com'],
        ['phone', '+8613800138000'],
        ['address', 'CN|100022|建国路|88|t=a;r=1201'],
        ['address_building', 'CN|100022|建国路|88'],
        ['bank_account', 'CN::6222021234567890123'],
        ['card', '622202:0123:2028-04'],
        ['person_name', '李伟'],
        ['person_identity', '李伟|1949-12-30'],
        ['national_id', 'CN:11010519491231002X'],
        ['business_name', '深圳市华强电子'],
        ['business_registration', 'CN:91350100M000100Y43'],
      ],
    )
  })

  it('checks the identity document against the declared birth date', () => {
    const id = deriveIdentifiers(profile, { country: 'CN' }).find((i) => i.kind === 'national_id')
    assert.deepEqual(
      id?.problems.map((p) => p.code),
      ['birth_date_mismatch'],
    )
  })

  it('reads a national phone number in the marketplace country when no country is given', () => {
    const ids = deriveIdentifiers({ phone: '07911 123456' }, { marketplace: 'UK' })
    assert.equal(ids[0]?.key, '+447911123456')
  })

  it('gives nothing for empty fields and never throws on nonsense', () => {
    assert.deepEqual(deriveIdentifiers({ email: '', phone: '  ', addresses: [] }, {}), [])
    const odd = deriveIdentifiers({ email: '@@', phone: '++', bank: { country: 'US', iban: '!!' } }, {})
    assert.ok(odd.every((i) => !i.valid))
  })
})
