import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, anUpdateRecord, aStatusRecord, toEventInput } from '../../../test/builders/records.ts'
import type { AccountId } from '../ids.ts'
import { accountHistory } from './account-history.ts'

describe('accountHistory', () => {
  const events = [
    anUpdateRecord({ phone: '+44 20 7946 0018', email: 'new@example.com' }, { at: '2024-03-01T00:00:00Z' }),
    anAccountRecord({ email: 'first@example.com' }),
    aStatusRecord('suspended', { at: '2024-04-01T00:00:00Z' }),
  ].map((r) => toEventInput(r))

  it('lists changes in time order with the identifiers each added and removed', () => {
    const h = accountHistory('a1' as AccountId, events)
    assert.deepEqual(
      h.changes.map((c) => c.type),
      ['account', 'update', 'status'],
    )
    const update = h.changes[1]
    assert.deepEqual(update?.fields, ['email', 'phone'])
    assert.deepEqual(update?.added.map((i) => i.kind).sort(), ['email', 'phone'])
    assert.deepEqual(
      update?.removed.map((i) => i.key),
      ['first@example.com'],
    )
    assert.equal(h.changes[2]?.status, 'suspended')
  })

  it('gives every identifier the time range it was declared', () => {
    const h = accountHistory('a1' as AccountId, events)
    const first = h.spans.find((s) => s.identifier.key === 'first@example.com')
    assert.equal(first?.from, Date.UTC(2024, 0, 1))
    assert.equal(first?.until, Date.UTC(2024, 2, 1))
    assert.equal(h.spans.find((s) => s.identifier.key === 'new@example.com')?.until, null)
  })
})
