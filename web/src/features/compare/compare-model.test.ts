import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Account } from '../../api/types.ts'
import { alignDeclarations, sharedIdentifiers } from './compare-model.ts'

const account = (declarations: Record<string, unknown>, identifiers: [string, string][]): Account =>
  ({
    declarations,
    identifiers: identifiers.map(([kind, key]) => ({ kind, key, valid: true, problems: [], flags: [] })),
  }) as unknown as Account

describe('compare', () => {
  it('aligns the declarations of two accounts field by field, marking the same values', () => {
    const a = account({ email: 'x@y.z', bank: { iban: 'DE1' } }, [])
    const b = account({ bank: { iban: 'DE1' }, phone: '+49' }, [])
    assert.deepEqual(alignDeclarations(a, b), [
      { path: 'email', a: 'x@y.z', b: null, same: false },
      { path: 'bank.iban', a: 'DE1', b: 'DE1', same: true },
      { path: 'phone', a: null, b: '+49', same: false },
    ])
  })

  it('lists the normalised identifiers both hold, once each', () => {
    const a = account({}, [
      ['email', 'jo@x.com'],
      ['bank_account', 'de1'],
      ['bank_account', 'de1'],
      ['phone', '+1'],
    ])
    const b = account({}, [
      ['bank_account', 'de1'],
      ['email', 'other@x.com'],
      ['device', '+1'],
    ])
    assert.deepEqual(sharedIdentifiers(a, b), [{ kind: 'bank_account', key: 'de1' }])
  })
})
