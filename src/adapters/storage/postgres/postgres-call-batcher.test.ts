import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CallBatcher } from './postgres-call-batcher.ts'

describe('CallBatcher', () => {
  it('runs the calls of one turn as one batch and hands each caller its own result', async () => {
    const batches: number[][] = []
    const batcher = new CallBatcher<number, number>(async (inputs) => {
      batches.push([...inputs])
      return inputs.map((n) => n * 10)
    })
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)))
    assert.deepEqual(results, [10, 20, 30])
    assert.deepEqual(batches, [[1, 2, 3]])
  })

  it('queues the calls made while a batch is in flight for the next one, and caps a batch', async () => {
    const batches: number[][] = []
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    const batcher = new CallBatcher<number, number>(async (inputs) => {
      batches.push([...inputs])
      if (batches.length === 1) await gate
      return [...inputs]
    }, 2)
    const first = batcher.submit(1)
    await new Promise((r) => setImmediate(r))
    const later = [2, 3, 4].map((n) => batcher.submit(n))
    release()
    assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3, 4])
    assert.deepEqual(batches, [[1], [2, 3], [4]])
  })

  it("runs the callers of a failed batch again one by one: one caller's failure is not another's", async () => {
    const batcher = new CallBatcher<number, number>(async (inputs) => {
      if (inputs.includes(13)) throw new Error('thirteen refused')
      return [...inputs]
    })
    const results = await Promise.allSettled([12, 13, 14].map((n) => batcher.submit(n)))
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [12, 'thirteen refused', 14],
    )
  })
})
