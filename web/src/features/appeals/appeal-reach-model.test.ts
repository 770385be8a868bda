import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AppealPreview, Decision, Requirement, Restriction } from '../../api/types.ts'
import { changesNothing, summariseReach } from './appeal-reach-model.ts'

const NOW = Date.parse('2026-12-03T09:00:00Z')
const decision = (id: number, account: string) => ({ id, account }) as Decision
const restriction = (id: number, account: string, over: Partial<Restriction> = {}): Restriction => ({
  id,
  account,
  kind: 'suspend',
  decision: 1,
  reason: 'linked_to_deactivated',
  effectiveAt: '2026-12-01T00:00:00Z',
  inForceAt: '2026-12-01T00:00:00Z',
  liftedAt: null,
  liftReason: null,
  ...over,
})
const requirement = (id: number, account: string) =>
  ({ id, account, methods: ['id_document'], state: 'expired' }) as unknown as Requirement

const preview: AppealPreview = {
  appeal: { account: 'b' } as AppealPreview['appeal'],
  decision: decision(2, 'b'),
  own: { decisions: [decision(2, 'b')], restrictions: [restriction(5, 'b')], requirements: [requirement(9, 'b')] },
  cluster: {
    decisions: [decision(2, 'b'), decision(1, 'a'), decision(3, 'c')],
    restrictions: [
      restriction(6, 'c', { kind: 'hold_payouts', inForceAt: null, effectiveAt: '2026-12-20T00:00:00Z' }),
      restriction(4, 'a'),
      restriction(5, 'b'),
    ],
    requirements: [requirement(9, 'b')],
  },
}

describe('what an overturn changes', () => {
  it('for this account only: its restriction lifted, its requirement withdrawn, the others named as untouched', () => {
    const s = summariseReach(preview, false, NOW)
    assert.deepEqual(s.lifts, [
      { account: 'b', text: 'restriction 5: selling suspended (in force, linked to deactivated) is lifted' },
    ])
    assert.deepEqual(s.withdraws, [{ account: 'b', text: 'requirement 9 for id document (expired) is withdrawn' }])
    assert.deepEqual(s.accounts, ['b'])
    assert.deepEqual(s.untouched, ['a', 'c'])
    assert.equal(changesNothing(s), false)
  })

  it('for the cluster: every account reached, the appellant first, a restriction not yet in force said so', () => {
    const s = summariseReach(preview, true, NOW)
    assert.deepEqual(s.accounts, ['b', 'a', 'c'])
    assert.deepEqual(
      s.lifts.map((l) => l.account),
      ['b', 'a', 'c'],
    )
    assert.match(s.lifts[2]?.text ?? '', /payouts held \(due to take effect 2026-12-20/)
    assert.deepEqual(s.untouched, [])
  })

  it('says when an overturn changes nothing', () => {
    const none = {
      ...preview,
      own: { decisions: [decision(2, 'b')], restrictions: [], requirements: [] },
      cluster: null,
    }
    const s = summariseReach(none, true, NOW)
    assert.equal(changesNothing(s), true)
    assert.deepEqual(s.untouched, [])
  })
})
