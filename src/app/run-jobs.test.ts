import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { OnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import type { Job, JobQueue } from '../ports/index.ts'
import { DEFAULT_RETRY, type JobEvent, type JobHandler, JobRunner, retryDelayMs, startJobLoop } from './run-jobs.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const SECOND = 1_000

describe('JobRunner', () => {
  let store: SqliteEventStore
  let queue: JobQueue
  let clock: FixedClock
  let events: JobEvent[]
  beforeEach(() => {
    store = SqliteEventStore.open(':memory:')
    queue = store.jobQueue()
    clock = new FixedClock(T0)
    events = []
  })
  afterEach(() => store.close())

  const runner = (
    handlers: Record<string, JobHandler>,
    over: Partial<ConstructorParameters<typeof JobRunner>[0]> = {},
  ) => new JobRunner({ queue, clock, worker: 'w1', handlers, onEvent: (e) => events.push(e), ...over })
  const enqueue = (payload: unknown = {}, kind = 'echo') =>
    queue.enqueue({ kind, payload, createdBy: 'test', at: clock.now() })
  const get = async (job: Job) => (await queue.get(job.id))!

  it('runs a due job with the handler of its kind and records what it returns', async () => {
    const job = await enqueue({ n: 21 })
    await enqueue({}, 'unknown-kind')
    const seen: unknown[] = []
    const r = runner({
      echo: async (j) => {
        seen.push(j.payload)
        return { doubled: (j.payload as { n: number }).n * 2 }
      },
    })
    assert.deepEqual(await r.runOnce(), { claimed: 1 })
    assert.deepEqual(seen, [{ n: 21 }])
    const done = await get(job)
    assert.equal(done.state, 'done')
    assert.deepEqual(done.result, { doubled: 42 })
    assert.equal(done.claimedBy, 'w1')
    assert.deepEqual(await r.runOnce(), { claimed: 0 }, 'a kind without a handler is left to another runner')
    assert.deepEqual(
      events.map((e) => e.type),
      ['claimed', 'done'],
    )
  })

  it('retries a failing job after 30 s, 60 s, 120 s, … and fails it for good after the last attempt', async () => {
    const job = await enqueue()
    let runs = 0
    const r = runner(
      {
        echo: async () => {
          runs++
          throw new Error(`store unavailable (run ${runs})`)
        },
      },
      { retry: { baseMs: 30 * SECOND, maxMs: 3_600 * SECOND, maxAttempts: 4 } },
    )
    const waits: number[] = []
    for (let attempt = 1; attempt <= 4; attempt++) {
      assert.deepEqual(await r.runOnce(), { claimed: 1 })
      const after = await get(job)
      if (attempt < 4) {
        assert.equal(after.state, 'queued')
        assert.equal(after.error, `store unavailable (run ${attempt})`)
        waits.push(after.runAfter - clock.now())
        clock.advance(after.runAfter - clock.now() - 1)
        assert.deepEqual(await r.runOnce(), { claimed: 0 }, 'not before its backoff is over')
        clock.advance(1)
      } else {
        assert.equal(after.state, 'failed')
        assert.equal(after.error, 'store unavailable (run 4)')
      }
    }
    assert.deepEqual(waits, [30 * SECOND, 60 * SECOND, 120 * SECOND])
    assert.equal(runs, 4)
    clock.advance(24 * 3_600 * SECOND)
    assert.deepEqual(await r.runOnce(), { claimed: 0 })
  })

  it('backs off deterministically, doubling from 30 s up to an hour', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 12].map((a) => retryDelayMs(a) / SECOND),
      [30, 60, 120, 240, 480, 960, 1920, 3600, 3600],
    )
    assert.equal(DEFAULT_RETRY.maxAttempts, 5)
  })

  it('fails at once what running again cannot mend (invalid input, not found)', async () => {
    const job = await enqueue()
    const r = runner({
      echo: async () => {
        throw new OnesellerError('not_found', 'policy onboarding@7 is not stored')
      },
    })
    await r.runOnce()
    const after = await get(job)
    assert.equal(after.state, 'failed')
    assert.equal(after.error, 'policy onboarding@7 is not stored')
    assert.equal(after.attempts, 1)
  })

  it('records the progress a handler reports while it runs', async () => {
    const job = await enqueue()
    const seen: unknown[] = []
    const r = runner(
      {
        echo: async (j, ctx) => {
          ctx.heartbeat({ done: 3, total: 10, phase: 'evaluating' })
          await new Promise((resolve) => setImmediate(resolve))
          seen.push((await queue.get(j.id))?.progress)
          return null
        },
      },
      { progressEveryMs: 0 },
    )
    await r.runOnce()
    assert.deepEqual(seen, [{ done: 3, total: 10, phase: 'evaluating' }])
    assert.equal((await get(job)).state, 'done')
  })

  it('records nothing of a run whose lease lapsed and was reclaimed: the handler sees its signal aborted', async () => {
    const job = await enqueue()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let aborted: boolean | undefined
    const slow = runner(
      {
        echo: async (_j, ctx) => {
          await gate
          ctx.heartbeat({ done: 1, total: 1 })
          await new Promise((resolve) => setImmediate(resolve))
          aborted = ctx.signal.aborted
          return 'from the worker that lost its lease'
        },
      },
      { leaseMs: 60 * SECOND, progressEveryMs: 0 },
    )
    const first = slow.runOnce()
    await new Promise((resolve) => setImmediate(resolve))
    // The first worker hangs past its lease; another one takes the job over and finishes it.
    clock.advance(60 * SECOND)
    const other = runner({ echo: async () => 'from the worker that reclaimed it' }, { worker: 'w2' })
    assert.deepEqual(await other.runOnce(), { claimed: 1 })
    release()
    await first
    assert.equal(aborted, true)
    const done = await get(job)
    assert.equal(done.result, 'from the worker that reclaimed it')
    assert.equal(done.claimedBy, 'w2')
    assert.equal(done.attempts, 2)
    assert.ok(events.some((e) => e.type === 'lost' && e.job.id === job.id))
  })

  it('fails for good, without running it, a job claimed more than maxAttempts times (its workers died)', async () => {
    const job = await enqueue()
    for (let i = 0; i < 3; i++) {
      await queue.claim({ kinds: ['echo'], worker: `dead-${i}`, limit: 1, now: clock.now(), leaseMs: 10 })
      clock.advance(10)
    }
    let ran = false
    const r = runner(
      {
        echo: async () => {
          ran = true
        },
      },
      { retry: { baseMs: 1, maxMs: 1, maxAttempts: 3 } },
    )
    assert.deepEqual(await r.runOnce(), { claimed: 1 })
    assert.equal(ran, false)
    const after = await get(job)
    assert.equal(after.state, 'failed')
    assert.match(after.error ?? '', /abandoned after 3 attempts/)
  })

  it('a loop runs queued jobs as they come; stopping waits for the running job', async () => {
    const a = await enqueue({ i: 1 })
    const b = await enqueue({ i: 2 })
    const r = runner({
      echo: async (j) => {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return j.payload
      },
    })
    const loop = startJobLoop(r, { everyMs: 5 })
    const until = Date.now() + 5_000
    while ((await get(b)).state !== 'done' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5))
    const c = await enqueue({ i: 3 })
    while ((await get(c)).state !== 'running' && Date.now() < until)
      await new Promise((resolve) => setImmediate(resolve))
    await loop.stop(5_000)
    assert.deepEqual(
      [await get(a), await get(b), await get(c)].map((j) => [j.state, j.result]),
      [
        ['done', { i: 1 }],
        ['done', { i: 2 }],
        ['done', { i: 3 }],
      ],
    )
    const d = await enqueue({ i: 4 })
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.equal((await get(d)).state, 'queued', 'a stopped loop claims nothing')
  })

  it('a stop whose grace runs out leaves the running job to its lease, recording nothing of it', async () => {
    const job = await enqueue()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let signal: AbortSignal | undefined
    const r = runner({
      echo: async (_j, ctx) => {
        signal = ctx.signal
        await gate
        return 'too late'
      },
    })
    const loop = startJobLoop(r, { everyMs: 5 })
    while (signal === undefined) await new Promise((resolve) => setTimeout(resolve, 2))
    await loop.stop(10)
    assert.equal(signal.aborted, true)
    release()
    await new Promise((resolve) => setTimeout(resolve, 10))
    const after = await get(job)
    assert.equal(after.state, 'running')
    assert.equal(after.result, null)
    assert.ok(events.some((e) => e.type === 'abandoned'))
  })
})
