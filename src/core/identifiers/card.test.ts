import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deriveCardIdentifiers, normaliseCardNumber } from './card.ts'

describe('normaliseCardNumber', () => {
  it('keys a card by BIN, last 4 and expiry', () => {
    assert.deepEqual(normaliseCardNumber('411111', '1111', '2027-12'), {
      kind: 'card',
      key: '411111:1111:2027-12',
      valid: true,
      problems: [],
    })
    assert.equal(normaliseCardNumber('41111111', '1111', '12/27').key, '411111:1111:2027-12')
  })

  it('Luhn-checks a full card number and never keeps it in the key', () => {
    const id = normaliseCardNumber('4111 1111 1111 1111', '', '2027-12')
    assert.equal(id.key, '411111:1111:2027-12')
    assert.equal(id.valid, true)
    assert.equal(JSON.stringify(id).includes('4111111111111111'), false)
    assert.deepEqual(
      normaliseCardNumber('4111111111111112', '').problems.map((p) => p.code),
      ['bad_check_digit'],
    )
  })

  it('reports a short BIN, bad last 4 and an unreadable expiry', () => {
    const codes = normaliseCardNumber('4111', '11', 'soon').problems.map((p) => p.code)
    assert.deepEqual(codes, ['bad_bin', 'bad_last4', 'bad_expiry'])
  })
})

describe('deriveCardIdentifiers', () => {
  it('yields the processor fingerprint exactly and the card key when both are known', () => {
    const ids = deriveCardIdentifiers({
      fingerprint: ' Xt5EWLLDS7FJjR1c ',
      bin: '424242',
      last4: '4242',
      expiry: '2030-01',
    })
    assert.deepEqual(
      ids.map((i) => [i.kind, i.key]),
      [
        ['card_fingerprint', 'Xt5EWLLDS7FJjR1c'],
        ['card', '424242:4242:2030-01'],
      ],
    )
  })
})
