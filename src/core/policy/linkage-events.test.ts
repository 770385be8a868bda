import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LinkageSummaryBuilder } from '../features/index.ts'
import { linkageEvents } from './linkage-events.ts'

function run(clusters: Record<string, string[]>, controlChanges: Record<string, number> = {}) {
  const b = new LinkageSummaryBuilder()
  for (const [id, members] of Object.entries(clusters)) {
    for (const m of members) b.addAccount(m, id, controlChanges[m] ?? null)
  }
  return b.finish().clusters
}

describe('linkageEvents', () => {
  it('fires new_link for accounts whose cluster gained someone, on both sides', () => {
    const before = run({ c1: ['a', 'b'], c: ['c'], d: ['d'] })
    const after = run({ c1: ['a', 'b', 'c'], d: ['d'] })
    assert.deepEqual(Object.fromEntries(linkageEvents(before, after)), {
      a: ['new_link'],
      b: ['new_link'],
      c: ['new_link'],
    })
  })

  it('fires nothing for an unchanged clustering, even under new cluster ids', () => {
    const before = run({ c1: ['a', 'b'], c: ['c'] })
    const after = run({ x9: ['a', 'b'], c: ['c'] })
    assert.equal(linkageEvents(before, after).size, 0)
  })

  it('treats accounts first seen in this run as new to each other', () => {
    const after = run({ c1: ['a', 'b'] })
    assert.deepEqual([...linkageEvents(run({}), after).keys()], ['a', 'b'])
  })

  it('fires change_of_control when a change is new or moved, not when it was known', () => {
    const before = run({ a: ['a'], b: ['b'], c: ['c'] }, { a: 100, b: 100 })
    const after = run({ a: ['a'], b: ['b'], c: ['c'] }, { a: 100, b: 200, c: 300 })
    assert.deepEqual(Object.fromEntries(linkageEvents(before, after)), {
      b: ['change_of_control'],
      c: ['change_of_control'],
    })
  })
})
