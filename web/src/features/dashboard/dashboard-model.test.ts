import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Job, Stats } from '../../api/types.ts'
import { describeSweepJob, statusBars } from './dashboard-model.ts'

const job = (over: Partial<Job>): Job => ({
  id: 7,
  kind: 'sweep',
  state: 'done',
  payload: { policy: 'video-sweep', version: 2, apply: false },
  attempts: 1,
  progress: null,
  result: null,
  error: null,
  createdBy: 'reviewer:cy',
  createdAt: '2026-12-01T09:00:00Z',
  updatedAt: '2026-12-01T09:00:05Z',
  ...over,
})

describe('dashboard', () => {
  it('orders statuses from healthy to severe, unknown ones last', () => {
    const stats = { byStatus: { deactivated: 3, zzz: 1, active: 90, suspended: 6 } } as unknown as Stats
    assert.deepEqual(
      statusBars(stats).map((b) => [b.label, b.value, b.tone]),
      [
        ['active', 90, 'status-active'],
        ['suspended', 6, 'status-suspended'],
        ['deactivated', 3, 'status-deactivated'],
        ['zzz', 1, 'status-zzz'],
      ],
    )
  })

  it('says what a sweep job found, where it is, or why it failed', () => {
    const result = { report: { hit: 12, evaluated: 500 }, applied: { recorded: 12 } }
    assert.deepEqual(describeSweepJob(job({ result: { report: { hit: 12, evaluated: 500 } } })), {
      id: 7,
      title: 'Dry run of video-sweep v2',
      state: 'done',
      detail: '12 would be hit of 500',
    })
    const applied = job({ payload: { policy: 'p', version: 1, apply: true }, result })
    assert.equal(describeSweepJob(applied).title, 'Apply of p v1')
    assert.equal(describeSweepJob(applied).detail, '12 hit of 500; 12 decisions recorded')
    const running = job({ state: 'running', progress: { phase: 'evaluating', done: 40, total: 500 } })
    assert.equal(describeSweepJob(running).detail, 'evaluating 40 / 500')
    assert.equal(describeSweepJob(job({ state: 'failed', error: 'policy gone' })).detail, 'policy gone')
  })
})
