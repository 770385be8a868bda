import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { composeIBAN } from 'ibantools'
import { deriveBankIdentifier, normaliseBankAccount, normaliseIban } from './bank.ts'

const codes = (id: { problems: readonly { code: string }[] }) => id.problems.map((p) => p.code)

describe('normaliseIban (ISO 13616)', () => {
  it('accepts published IBANs in print and electronic form', () => {
    for (const [raw, key] of [
      ['GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432'],
      ['de89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
      ['FR14 2004 1010 0505 0001 3M02 606', 'FR1420041010050500013M02606'],
      ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ]) {
      assert.deepEqual(normaliseIban(raw as string), { kind: 'iban', key, valid: true, problems: [] })
    }
  })

  it('reports a wrong check, length and country', () => {
    assert.deepEqual(codes(normaliseIban('GB82WEST12345698765431')), ['bad_check_digit'])
    assert.ok(codes(normaliseIban('GB82WEST123456987654')).includes('bad_length'))
    assert.ok(codes(normaliseIban('XX82WEST12345698765432')).includes('unknown_country'))
    assert.deepEqual(codes(normaliseIban('')), ['empty'])
  })

  it('is idempotent and catches every single-digit substitution (mod 97)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{18}$/), fc.integer({ min: 4, max: 21 }), (bban, at) => {
        const iban = composeIBAN({ countryCode: 'DE', bban }) as string
        const once = normaliseIban(iban)
        assert.equal(once.valid, true)
        assert.equal(normaliseIban(once.key).key, once.key)
        const wrong = iban.slice(0, at) + ((Number(iban[at]) + 1) % 10) + iban.slice(at + 1)
        assert.equal(normaliseIban(wrong).valid, false, wrong)
      }),
    )
  })
})

describe('normaliseBankAccount', () => {
  it('keys a US account by routing and account number and checks the ABA checksum', () => {
    assert.deepEqual(normaliseBankAccount('US', '011000015', '000123456789'), {
      kind: 'bank_account',
      key: 'US:011000015:123456789',
      valid: true,
      problems: [],
    })
    assert.deepEqual(codes(normaliseBankAccount('US', '011000016', '123456789')), ['bad_routing_check_digit'])
    assert.deepEqual(codes(normaliseBankAccount('US', '1100', '123456789')), ['bad_routing_format'])
  })

  it('reads UK sort codes written with dashes or spaces', () => {
    assert.equal(normaliseBankAccount('GB', '12-34-56', '12345678').key, 'GB:123456:12345678')
    assert.equal(normaliseBankAccount('GB', '12 34 56', '12345678').key, 'GB:123456:12345678')
    assert.deepEqual(codes(normaliseBankAccount('GB', '12-34', '12345678')), ['bad_sort_code'])
  })

  it('turns a German BLZ and Kontonummer into the IBAN of the same account', () => {
    assert.deepEqual(normaliseBankAccount('DE', '370 400 44', '532013000'), normaliseIban('DE89370400440532013000'))
  })

  it('prefers the IBAN when a bank declares one', () => {
    const bank = { country: 'GB', iban: 'GB82WEST12345698765432', accountNumber: '98765432', routingNumber: '12-34-56' }
    assert.equal(deriveBankIdentifier(bank)?.kind, 'iban')
    assert.equal(deriveBankIdentifier({ country: 'GB' }), undefined)
  })
})
