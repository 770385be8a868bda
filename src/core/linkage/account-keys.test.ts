import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AccountKeyList, daysBetween, NO_START, OPEN_END, toIndexDay } from './account-keys.ts'

describe('AccountKeyList', () => {
  it('packs an account’s keys ascending, once each, a key used more than once over the span of all its uses', () => {
    const list = new AccountKeyList()
    list.add(7, 100, 120)
    list.add(3, 50, 50)
    list.add(7, 90, 95)
    list.add(5)
    list.add(3, 60, OPEN_END)
    const { ids, spans } = list.pack()
    assert.deepEqual([...ids], [3, 5, 7])
    assert.deepEqual([...spans], [50, OPEN_END, NO_START, OPEN_END, 90, 120])
  })

  it('packs an account with more uses than a number can carry beside its key the same way', () => {
    const list = new AccountKeyList()
    const uses = 2 ** 21 + 3
    for (let i = 0; i < uses; i++) list.add(uses - i, i % 100, i % 100)
    list.add(1, 500, 600)
    const { ids, spans } = list.pack()
    assert.equal(ids.length, uses)
    assert.equal(ids[0], 1)
    assert.equal(ids[uses - 1], uses)
    assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!))
    // Key 1 was used last of the loop (day 2,097,154 % 100 = 54) and again on days 500–600.
    assert.deepEqual([spans[0], spans[1]], [54, 600])
  })
})

describe('index days', () => {
  it('keeps days since 1970 in 16 bits, days before as day 0, and measures the gap between two spans', () => {
    assert.equal(toIndexDay(Date.UTC(2024, 0, 1)), 19723)
    assert.equal(toIndexDay(-86_400_000 * 10), 0)
    assert.equal(toIndexDay(Date.UTC(2300, 0, 1)), OPEN_END - 1)
    const a = Uint16Array.of(100, 120)
    const b = Uint16Array.of(150, OPEN_END, 110, 130)
    assert.equal(daysBetween(a, 0, b, 0), 30)
    assert.equal(daysBetween(a, 0, b, 2), 0)
  })
})
