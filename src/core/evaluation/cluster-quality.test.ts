import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { scoreClusters, type TruthRow } from './cluster-quality.ts'

const truth: TruthRow[] = [
  { account: 'a', operator: 'op1', role: 'multi_account' },
  { account: 'b', operator: 'op1', role: 'multi_account' },
  { account: 'c', operator: 'op1', role: 'multi_account' },
  { account: 'd', operator: 'op2', role: 'innocent_tower' },
  { account: 'e', operator: 'op3', role: 'innocent_tower' },
  { account: 'f', operator: 'op4', role: 'independent' },
]

describe('scoreClusters', () => {
  it('scores a perfect clustering as 1 everywhere', () => {
    const q = scoreClusters(
      truth,
      new Map([
        ['a', 'x'],
        ['b', 'x'],
        ['c', 'x'],
      ]),
    )
    assert.equal(q.pairwise.precision, 1)
    assert.equal(q.pairwise.recall, 1)
    assert.equal(q.bcubed.f1, 1)
    assert.equal(q.innocentFalseLinkRate, 0)
    assert.ok(q.byRole.every((r) => r.exact === 1))
  })

  it('counts pairs: a missed member lowers recall, a stranger lowers precision', () => {
    // cluster x = {a, b, d}: correct pair a-b; wrong pairs a-d, b-d; missed a-c, b-c
    const q = scoreClusters(
      truth,
      new Map([
        ['a', 'x'],
        ['b', 'x'],
        ['d', 'x'],
      ]),
    )
    assert.equal(q.pairwise.truePairs, 3)
    assert.equal(q.pairwise.predictedPairs, 3)
    assert.equal(q.pairwise.correctPairs, 1)
    assert.equal(q.pairwise.precision, 1 / 3)
    assert.equal(q.pairwise.recall, 1 / 3)
  })

  it('reports the share of innocently-sharing sellers linked to another operator', () => {
    const q = scoreClusters(
      truth,
      new Map([
        ['d', 'x'],
        ['e', 'x'],
      ]),
    )
    assert.equal(q.innocentAccounts, 2)
    assert.equal(q.innocentFalseLinkRate, 1)
    assert.equal(q.byRole.find((r) => r.role === 'independent')?.falseLinked, 0)
  })

  it('computes B-cubed per account', () => {
    // clusters: {a,b} {c} {d} {e} {f}: a,b precision 1 recall 2/3; c precision 1 recall 1/3
    const q = scoreClusters(
      truth,
      new Map([
        ['a', 'x'],
        ['b', 'x'],
      ]),
    )
    assert.equal(q.bcubed.precision, 1)
    assert.ok(Math.abs(q.bcubed.recall - (2 / 3 + 2 / 3 + 1 / 3 + 3) / 6) < 1e-12)
  })

  it('ignores accounts the truth does not know, and counts them', () => {
    const q = scoreClusters(
      truth,
      new Map([
        ['zz', 'x'],
        ['a', 'x'],
      ]),
    )
    assert.equal(q.unknownAccounts, 1)
    assert.equal(q.pairwise.predictedPairs, 0)
  })

  it('names the operators split the most and the clusters mixing the most operators', () => {
    // op1 (a, b, c) cut in two; d and e (two tower tenants) put together with f.
    const q = scoreClusters(
      truth,
      new Map([
        ['a', 'x'],
        ['b', 'x'],
        ['c', 'y'],
        ['d', 'z'],
        ['e', 'z'],
        ['f', 'z'],
      ]),
    )
    assert.deepEqual(q.mostSplit, [
      { operator: 'op1', role: 'multi_account', accounts: 3, clusters: 2, missedPairs: 2 },
    ])
    assert.equal(q.mostMixed.length, 1)
    assert.equal(q.mostMixed[0]?.cluster, 'z')
    assert.equal(q.mostMixed[0]?.wrongPairs, 3)
    assert.deepEqual(
      q.mostMixed[0]?.operators.map((o) => o.operator),
      ['op2', 'op3', 'op4'],
    )
  })
})
