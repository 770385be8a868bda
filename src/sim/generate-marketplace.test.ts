import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseTimestamp } from '../core/interchange/index.ts'
import { generateMarketplace } from './generate-marketplace.ts'
import { loadFixture } from './marketplace-fixture.ts'
import { WORLD_END, WORLD_START } from './timestamp.ts'

const N = 5000

function serialise(accounts: number, seed: number): string {
  let text = ''
  for (const c of generateMarketplace({ accounts, seed })) {
    text += c.lines.join('\n')
    text += c.truth.map((t) => `${t.account},${t.operator},${t.role}`).join('\n')
  }
  return text
}

describe('generateMarketplace', () => {
  it('emits only lines that parseRecordLine accepts', () => {
    const fixture = loadFixture(N, 1)
    assert.deepEqual(fixture.rejected.slice(0, 5), [])
    assert.ok(fixture.lineCount > N * 8, `expected about 14 records per account, got ${fixture.lineCount}`)
  })

  it('generates exactly the number of accounts asked for, each with one truth row', () => {
    for (const n of [0, 1, 7, 333]) {
      let accounts = 0
      for (const c of generateMarketplace({ accounts: n, seed: 3 })) accounts += c.truth.length
      assert.equal(accounts, n)
    }
    const fixture = loadFixture(N, 1)
    assert.equal(fixture.accounts.length, N)
    for (const a of fixture.accounts) assert.ok(a.records.every((r) => r.account === a.id))
  })

  it('starts every account with its account record and orders its records by at, inside the simulated window', () => {
    for (const a of loadFixture(N, 1).accounts) {
      assert.equal(a.records[0]?.type, 'account')
      assert.equal(a.records.filter((r) => r.type === 'account').length, 1)
      let previous = Number.NEGATIVE_INFINITY
      for (const r of a.records) {
        const t = parseTimestamp(r.at)
        assert.ok(t >= previous, `${a.id} is out of order at ${r.at}`)
        assert.ok(t >= WORLD_START && t < WORLD_END)
        previous = t
      }
    }
  })

  it('gives accounts unique opaque ids that say nothing about their operator', () => {
    const fixture = loadFixture(N, 1)
    const ids = fixture.accounts.map((a) => a.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const id of ids) assert.match(id, /^s[0-9a-v]{10}$/)
    const listingIds = fixture.accounts.flatMap((a) => a.records.flatMap((r) => (r.type === 'listing' ? [r.id] : [])))
    assert.equal(new Set(listingIds).size, listingIds.length)
    // Consecutive accounts of one operator must not get neighbouring ids.
    const sorted = [...fixture.accounts].sort((x, y) => x.id.localeCompare(y.id))
    let sameOperatorNeighbours = 0
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]?.truth.operator === sorted[i - 1]?.truth.operator) sameOperatorNeighbours++
    }
    assert.ok(sameOperatorNeighbours < N * 0.05, `${sameOperatorNeighbours} id-neighbours share an operator`)
  })

  it('writes the same marketplace for the same seed and another for another seed', () => {
    assert.equal(serialise(400, 42), serialise(400, 42))
    assert.notEqual(serialise(400, 42), serialise(400, 43))
  })

  it('averages about 10 sessions and 3 listings per account, heavy-tailed', () => {
    const fixture = loadFixture(N, 1)
    const sessions = fixture.accounts.map((a) => a.records.filter((r) => r.type === 'session').length)
    const listings = fixture.accounts.map((a) => a.records.filter((r) => r.type === 'listing').length)
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    assert.ok(mean(sessions) > 7 && mean(sessions) < 14, `sessions/account ${mean(sessions)}`)
    assert.ok(mean(listings) > 2 && mean(listings) < 4.5, `listings/account ${mean(listings)}`)
    assert.ok(Math.max(...sessions) > 100)
  })

  it('rejects a negative or fractional account count', () => {
    assert.throws(() => [...generateMarketplace({ accounts: -1, seed: 1 })], /accounts must be a whole number/)
    assert.throws(() => [...generateMarketplace({ accounts: 1.5, seed: 1 })], /accounts must be a whole number/)
  })
})
