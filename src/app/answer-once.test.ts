import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { SqliteAccessStores } from '../adapters/storage/sqlite/sqlite-access-stores.ts'
import { toInstant } from '../core/time.ts'
import { answerOnce, IDEMPOTENCY_RETENTION_MS } from './answer-once.ts'

const deps = () => ({
  idempotency: SqliteAccessStores.open(':memory:').idempotency,
  clock: new FixedClock(toInstant(Date.UTC(2026, 0, 1))),
  inFlight: new Set<string>(),
})
const request = { owner: 'key_1', key: 'k', fingerprint: 'f' }

describe('answerOnce', () => {
  it('runs the first request, replays it for the same fingerprint, refuses another one', async () => {
    const d = deps()
    let runs = 0
    const answer = async () => `answer ${++runs}`
    assert.deepEqual(await answerOnce(d, request, answer), { kind: 'answered', answer: 'answer 1' })
    assert.deepEqual(await answerOnce(d, request, answer), { kind: 'replayed', answer: 'answer 1' })
    assert.deepEqual(await answerOnce(d, { ...request, fingerprint: 'g' }, answer), { kind: 'mismatch' })
    assert.equal(runs, 1)
  })

  it('says so when the same key is being answered right now', async () => {
    const d = deps()
    let release: () => void = () => {}
    const slow = answerOnce(d, request, () => new Promise((resolve) => (release = () => resolve('slow'))))
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(await answerOnce(d, request, async () => 'fast'), { kind: 'in_flight' })
    release()
    assert.deepEqual(await slow, { kind: 'answered', answer: 'slow' })
  })

  it('saves nothing when the request fails, so that it may be retried', async () => {
    const d = deps()
    await assert.rejects(
      answerOnce(d, request, async () => {
        throw new Error('store down')
      }),
    )
    assert.deepEqual(await answerOnce(d, request, async () => 'ok'), { kind: 'answered', answer: 'ok' })
  })

  it('forgets answers after the retention period', async () => {
    const d = deps()
    await answerOnce(d, request, async () => 'first')
    d.clock.advance(IDEMPOTENCY_RETENTION_MS + 1)
    await answerOnce(d, { ...request, key: 'other' }, async () => 'x')
    assert.deepEqual(await answerOnce(d, { ...request, fingerprint: 'new' }, async () => 'again'), {
      kind: 'answered',
      answer: 'again',
    })
  })
})
