import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Appeal, Decision } from '../../api/types.ts'
import { APPEAL_COMMANDS, type AppealContext, mayDecideForCluster, moveIndex } from './appeal-commands.ts'

const appeal = (id: number, state: Appeal['state'] = 'open') => ({ id, state }) as Appeal
const command = (name: string) => APPEAL_COMMANDS.find((c) => c.name === name)!
const ctx = (over: Partial<AppealContext>): AppealContext => ({
  appeals: [appeal(1), appeal(2)],
  selected: appeal(1),
  outcome: null,
  reason: '',
  busy: false,
  ...over,
})

describe('appeal commands', () => {
  it('record a decision only with an outcome and a reason, on an open appeal, once', () => {
    const submit = command('submit')
    assert.equal(submit.canRun(ctx({ outcome: 'upheld' })), false, 'no reason')
    assert.equal(submit.canRun(ctx({ outcome: null, reason: 'x' })), false, 'no outcome')
    assert.equal(submit.canRun(ctx({ outcome: 'overturned', reason: 'Registered agent.' })), true)
    assert.equal(submit.canRun(ctx({ outcome: 'upheld', reason: 'x', busy: true })), false, 'already sending')
    assert.equal(command('uphold').canRun(ctx({ selected: appeal(1, 'upheld') })), false, 'decided already')
  })

  it('each have a distinct key, and run what they name', () => {
    assert.equal(new Set(APPEAL_COMMANDS.map((c) => c.keys)).size, APPEAL_COMMANDS.length)
    const ran: string[] = []
    const actions = {
      move: (by: number) => ran.push(`move ${by}`),
      choose: (o: string) => ran.push(o),
      submit: () => ran.push('submit'),
    }
    for (const c of APPEAL_COMMANDS) c.run(actions)
    assert.deepEqual(ran, ['move 1', 'move -1', 'upheld', 'overturned', 'submit'])
  })

  it('offer the whole cluster only to leads, and only for a cluster-wide decision', () => {
    const wide = { action: { scope: 'cluster' } } as Decision
    const own = { action: { scope: 'account' } } as Decision
    assert.equal(mayDecideForCluster('lead', wide), true)
    assert.equal(mayDecideForCluster('admin', wide), true)
    assert.equal(mayDecideForCluster('reviewer', wide), false)
    assert.equal(mayDecideForCluster('lead', own), false)
    assert.equal(mayDecideForCluster('lead', undefined), false)
  })

  it('move through the queue, wrapping around', () => {
    assert.equal(moveIndex(0, 1, 3), 1)
    assert.equal(moveIndex(2, 1, 3), 0)
    assert.equal(moveIndex(0, -1, 3), 2)
    assert.equal(moveIndex(0, 1, 0), 0)
  })
})
