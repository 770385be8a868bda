import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Identifier, Requirement } from '../../api/types.ts'
import { deadlineUrgency, flattenDeclarations, identifierProblems } from './account-model.ts'

const NOW = Date.UTC(2026, 11, 1)
const DAY = 86_400_000

describe('account page', () => {
  it('lists declarations as dotted paths with their values', () => {
    assert.deepEqual(
      flattenDeclarations({
        email: 'a@b.c',
        bank: { country: 'DE', iban: 'DE89…' },
        addresses: [{ city: 'Berlin', lines: ['Hauptstr. 1'] }],
        phones: [],
        vat: null,
      }),
      [
        { path: 'email', value: 'a@b.c' },
        { path: 'bank.country', value: 'DE' },
        { path: 'bank.iban', value: 'DE89…' },
        { path: 'addresses[0].city', value: 'Berlin' },
        { path: 'addresses[0].lines[0]', value: 'Hauptstr. 1' },
        { path: 'phones', value: '(none)' },
        { path: 'vat', value: '—' },
      ],
    )
  })

  it('keeps the identifiers that are invalid, have problems or flags', () => {
    const id = (over: Partial<Identifier>): Identifier => ({
      kind: 'email',
      key: 'k',
      valid: true,
      problems: [],
      flags: [],
      ...over,
    })
    const found = identifierProblems([
      id({ key: 'fine' }),
      id({ key: 'bad', valid: false }),
      id({ key: 'flagged', flags: ['disposable'] }),
      id({ key: 'odd', problems: [{ code: 'x', message: 'y' }] }),
    ])
    assert.deepEqual(
      found.map((i) => i.key),
      ['bad', 'flagged', 'odd'],
    )
  })

  it('rates a deadline: overdue, soon (3 days), later; closed once resolved', () => {
    const r = (state: string, days: number) =>
      ({ state, deadline: new Date(NOW + days * DAY).toISOString() }) as unknown as Requirement
    assert.equal(deadlineUrgency(r('requested', -1), NOW), 'overdue')
    assert.equal(deadlineUrgency(r('reminded', 2), NOW), 'soon')
    assert.equal(deadlineUrgency(r('requested', 5), NOW), 'later')
    assert.equal(deadlineUrgency(r('passed', -1), NOW), 'closed')
  })
})
