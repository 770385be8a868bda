import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ClusterMember, Evidence, Link } from '../../api/types.ts'
import {
  clusterElements,
  edgeId,
  edgeLabel,
  STATUS_COLOURS,
  UNKNOWN_STATUS_COLOUR,
  weighingKinds,
} from './cluster-model.ts'

const ev = (kind: string, weight: number): Evidence => ({
  kind,
  class: 'personal',
  value: 'v',
  sharedBy: 2,
  weight,
  reason: 'r',
})
const member = (id: string, status: string): ClusterMember => ({
  id,
  status,
  marketplace: 'DE',
  kind: 'individual',
  registeredAt: null,
  problems: [],
})

describe('the cluster graph', () => {
  it('labels an edge with the kinds that weighed, strongest first, and its score', () => {
    assert.deepEqual(weighingKinds([ev('device', 4), ev('bank_account', 20), ev('ip', 0), ev('device', 2)]), [
      'bank_account',
      'device',
    ])
    const links: Link[] = [
      { a: 'a', b: 'b', score: 24, evidence: [ev('device', 4), ev('bank_account', 20)] },
      { a: 'b', b: 'c', score: 6, evidence: [ev('ip', 6)] },
      { a: 'c', b: 'outside', score: 30, evidence: [ev('phone', 30)] },
    ]
    const { nodes, edges } = clusterElements(
      'b',
      [member('a', 'active'), member('b', 'suspended'), member('c', 'x')],
      links,
    )
    assert.deepEqual(
      nodes.map((n) => [n.id, n.colour, n.focus]),
      [
        ['a', STATUS_COLOURS.active, false],
        ['b', STATUS_COLOURS.suspended, true],
        ['c', UNKNOWN_STATUS_COLOUR, false],
      ],
    )
    assert.deepEqual(
      edges.map((e) => [e.id, e.label, e.width]),
      [
        [edgeId('a', 'b'), '24.0 · bank account, device', 8],
        [edgeId('b', 'c'), '6.0 · ip', 3],
      ],
      'a link to an account not drawn is left out; widths scale with the score',
    )
  })

  it('names the two strongest kinds on an edge and counts the rest', () => {
    assert.equal(edgeLabel(['bank_account', 'device', 'ip', 'phone'], 41.26), '41.3 · bank account, device +2')
    assert.equal(edgeLabel([], 0), '0.0 · no weighing evidence')
  })
})
