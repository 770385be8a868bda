import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReviewCase } from '../../api/types.ts'
import { priorityBars, queueOrder } from './case-model.ts'

const aCase = (id: number, over: Partial<ReviewCase>): ReviewCase =>
  ({ id, priority: 'normal', state: 'open', overdue: false, dueAt: '2026-12-05T00:00:00Z', ...over }) as ReviewCase

describe('the review queue', () => {
  it('puts overdue cases first, then by priority, then the earliest due', () => {
    const order = queueOrder([
      aCase(1, { priority: 'low' }),
      aCase(2, { priority: 'high', dueAt: '2026-12-06T00:00:00Z' }),
      aCase(3, { priority: 'normal', overdue: true }),
      aCase(4, { priority: 'high', dueAt: '2026-12-04T00:00:00Z' }),
      aCase(5, { priority: 'urgent' }),
    ])
    assert.deepEqual(
      order.map((c) => c.id),
      [3, 5, 4, 2, 1],
    )
  })

  it('counts cases by priority, saying how many are overdue', () => {
    const bars = priorityBars([
      aCase(1, { priority: 'high', overdue: true }),
      aCase(2, { priority: 'high' }),
      aCase(3, { priority: 'low', state: 'closed' }),
    ])
    assert.deepEqual(
      bars.map((b) => [b.label, b.value]),
      [
        ['urgent', 0],
        ['high (1 overdue)', 2],
        ['normal', 0],
        ['low', 0],
      ],
    )
  })
})
