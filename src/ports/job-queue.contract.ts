import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { isOnesellerError } from '../core/errors.ts'
import { type Instant, toInstant } from '../core/time.ts'
import type { Job, JobQueue, NewJob } from './job-queue.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const at = (ms: number): Instant => toInstant(T0 + ms)
const LEASE = 60_000

const aJob = (over: Partial<NewJob> = {}): NewJob => ({
  kind: 'sweep',
  payload: { policy: 'onboarding', version: 1, apply: true },
  createdBy: 'api-key:k1',
  at: T0,
  ...over,
})

/** A queue on one store, and what the concurrency test needs: another connection to the same store. */
export interface JobQueueFixture {
  readonly queue: JobQueue
  /**
   * A second queue on the same store through a pool or connection of its own, as another process has: claims from
   * both in parallel must never share a job. Absent when the engine cannot open one.
   */
  another?(): Promise<{ readonly queue: JobQueue; close(): Promise<void> }>
  /** Closes the store (and drops what the fixture created); a second call does nothing. */
  close(): Promise<void>
}

/** The behaviour every {@link JobQueue} must have; each adapter runs this suite. */
export function describeJobQueueContract(name: string, open: () => Promise<JobQueueFixture>): void {
  describe(`${name} satisfies JobQueue`, () => {
    let fixture: JobQueueFixture
    let queue: JobQueue
    beforeEach(async () => {
      fixture = await open()
      queue = fixture.queue
    })
    afterEach(() => fixture.close())

    const claim = (worker: string, now: Instant, over: Partial<Parameters<JobQueue['claim']>[0]> = {}) =>
      queue.claim({ kinds: ['sweep'], worker, limit: 10, now, leaseMs: LEASE, ...over })

    it('enqueues a job as queued, due at once, and reads it back exactly, JSON payload included', async () => {
      const payload = { policy: 'p', nested: { list: [1, 'two', null, true] }, text: '"quoted" é ✓' }
      const job = await queue.enqueue(aJob({ payload }))
      const expected: Job = {
        id: job.id,
        kind: 'sweep',
        key: null,
        payload,
        state: 'queued',
        attempts: 0,
        runAfter: T0,
        claimedBy: null,
        leaseUntil: null,
        progress: null,
        result: null,
        error: null,
        createdBy: 'api-key:k1',
        createdAt: T0,
        updatedAt: T0,
      }
      assert.deepEqual(job, expected)
      assert.deepEqual(await queue.get(job.id), expected)
      assert.equal(await queue.get(job.id + 1000), undefined)
      // A payload that is a JSON string stays a string, never parsed twice.
      const text = await queue.enqueue(aJob({ payload: '{"not":"an object"}' }))
      assert.equal((await queue.get(text.id))?.payload, '{"not":"an object"}')
      assert.ok(text.id > job.id, 'ids grow in enqueue order')
    })

    it('enqueues a key once: the same key returns the existing job, in any state, whatever the payload', async () => {
      const first = await queue.enqueue(aJob({ key: 'idem-1' }))
      const again = await queue.enqueue(aJob({ key: 'idem-1', payload: { other: true }, at: at(5) }))
      assert.deepEqual(again, first)
      const [claimed] = await claim('w1', at(10))
      assert.equal(claimed?.id, first.id)
      assert.equal(await queue.complete(first.id, 'w1', { ok: 1 }, at(20)), true)
      const afterDone = await queue.enqueue(aJob({ key: 'idem-1' }))
      assert.equal(afterDone.id, first.id)
      assert.equal(afterDone.state, 'done')
      // Jobs without a key are never the same job.
      const a = await queue.enqueue(aJob())
      const b = await queue.enqueue(aJob())
      assert.notEqual(a.id, b.id)
      assert.equal((await queue.list({ limit: 100 })).length, 3)
    })

    it('claims due jobs of the kinds asked, oldest runAfter first then by id, at most limit', async () => {
      const late = await queue.enqueue(aJob({ runAfter: at(50) }))
      const first = await queue.enqueue(aJob())
      const second = await queue.enqueue(aJob())
      const future = await queue.enqueue(aJob({ runAfter: at(10_000) }))
      const other = await queue.enqueue(aJob({ kind: 'webhook' }))

      const two = await claim('w1', at(100), { limit: 2 })
      assert.deepEqual(
        two.map((j) => j.id),
        [first.id, second.id],
      )
      const rest = await claim('w1', at(100))
      assert.deepEqual(
        rest.map((j) => j.id),
        [late.id],
        'the future job is not due; the webhook is another kind',
      )
      assert.deepEqual(await claim('w1', at(100), { kinds: [] }), [])
      const both = await queue.claim({
        kinds: ['webhook', 'sweep'],
        worker: 'w2',
        limit: 10,
        now: at(10_000),
        leaseMs: 5,
      })
      assert.deepEqual(
        both.map((j) => j.id),
        [other.id, future.id],
      )
    })

    it('marks a claimed job running for the worker, with its lease and one more attempt; nobody else gets it', async () => {
      const job = await queue.enqueue(aJob())
      const [claimed] = await claim('w1', at(100), { leaseMs: 1_000 })
      assert.deepEqual(claimed, {
        ...job,
        state: 'running',
        attempts: 1,
        claimedBy: 'w1',
        leaseUntil: at(1_100),
        updatedAt: at(100),
      })
      assert.deepEqual(await queue.get(job.id), claimed)
      assert.deepEqual(await claim('w2', at(1_099)), [], 'the lease holds until leaseUntil')
    })

    it('reclaims a job whose lease lapsed (its worker died); the old worker then can neither heartbeat nor complete', async () => {
      const job = await queue.enqueue(aJob())
      await claim('w1', at(0), { leaseMs: 1_000 })
      const [reclaimed] = await claim('w2', at(1_000), { leaseMs: 1_000 })
      assert.equal(reclaimed?.id, job.id)
      assert.equal(reclaimed?.attempts, 2)
      assert.equal(reclaimed?.claimedBy, 'w2')
      assert.equal(reclaimed?.leaseUntil, at(2_000))

      assert.equal(await queue.heartbeat(job.id, 'w1', { done: 5, total: 10 }, at(1_001), 1_000), false)
      assert.equal(await queue.complete(job.id, 'w1', { stale: true }, at(1_002)), false)
      assert.equal(await queue.fail(job.id, 'w1', 'late', at(1_003), null), false)
      assert.equal((await queue.get(job.id))?.progress, null, "the old worker's progress is not recorded")

      assert.equal(await queue.complete(job.id, 'w2', { decided: 3 }, at(1_500)), true)
      const done = await queue.get(job.id)
      assert.equal(done?.state, 'done')
      assert.deepEqual(done?.result, { decided: 3 })
      assert.equal(done?.leaseUntil, null)
      assert.equal(done?.claimedBy, 'w2')
      assert.equal(done?.updatedAt, at(1_500))
      assert.deepEqual(await claim('w3', at(100_000)), [], 'a done job is never claimed again')
      assert.equal(await queue.complete(job.id, 'w2', { again: true }, at(1_600)), false, 'completed once only')
    })

    it('extends the lease and records progress on a heartbeat', async () => {
      const job = await queue.enqueue(aJob())
      await claim('w1', at(0), { leaseMs: 1_000 })
      const progress = { done: 40, total: 100, phase: 'evaluating' }
      assert.equal(await queue.heartbeat(job.id, 'w1', progress, at(900), 1_000), true)
      const running = await queue.get(job.id)
      assert.deepEqual(running?.progress, progress)
      assert.equal(running?.leaseUntil, at(1_900))
      assert.equal(running?.updatedAt, at(900))
      assert.deepEqual(await claim('w2', at(1_500)), [], 'the extended lease holds')
      assert.equal(await queue.heartbeat(job.id, 'w1', null, at(1_899), 1_000), true)
      assert.equal((await queue.get(job.id))?.progress, null)
      assert.equal(await queue.heartbeat(job.id + 1000, 'w1', null, at(1_900), 1_000), false, 'an unknown job')
    })

    it('requeues a failed job for retryAt, or fails it for good', async () => {
      const job = await queue.enqueue(aJob())
      await claim('w1', at(0))
      assert.equal(await queue.fail(job.id, 'w1', 'store unavailable', at(10), at(30_000)), true)
      const waiting = await queue.get(job.id)
      assert.equal(waiting?.state, 'queued')
      assert.equal(waiting?.runAfter, at(30_000))
      assert.equal(waiting?.error, 'store unavailable')
      assert.equal(waiting?.claimedBy, null)
      assert.equal(waiting?.leaseUntil, null)
      assert.equal(await queue.heartbeat(job.id, 'w1', null, at(11), LEASE), false, 'no longer running')
      assert.deepEqual(await claim('w1', at(29_999)), [])

      const [retried] = await claim('w2', at(30_000))
      assert.equal(retried?.attempts, 2)
      assert.equal(await queue.fail(job.id, 'w2', 'policy gone', at(30_010), null), true)
      const failed = await queue.get(job.id)
      assert.equal(failed?.state, 'failed')
      assert.equal(failed?.error, 'policy gone')
      assert.equal(failed?.claimedBy, 'w2')
      assert.deepEqual(await claim('w3', at(10_000_000)), [], 'a failed job is never claimed again')
    })

    it('lists jobs by id, filtered by kind and state, page after page', async () => {
      const ids: number[] = []
      for (let i = 0; i < 5; i++) ids.push((await queue.enqueue(aJob({ kind: i % 2 === 0 ? 'sweep' : 'webhook' }))).id)
      await claim('w1', at(0), { limit: 1 })
      const page1 = await queue.list({ limit: 2 })
      assert.deepEqual(
        page1.map((j) => j.id),
        ids.slice(0, 2),
      )
      const page2 = await queue.list({ limit: 2, afterId: page1.at(-1)!.id })
      assert.deepEqual(
        page2.map((j) => j.id),
        ids.slice(2, 4),
      )
      assert.deepEqual(
        (await queue.list({ kind: 'webhook', limit: 10 })).map((j) => j.id),
        [ids[1], ids[3]],
      )
      assert.deepEqual(
        (await queue.list({ state: 'running', limit: 10 })).map((j) => j.id),
        [ids[0]],
      )
      assert.deepEqual(
        (await queue.list({ kind: 'sweep', state: 'queued', limit: 10 })).map((j) => j.id),
        [ids[2], ids[4]],
      )
    })

    it('refuses what it cannot keep: a payload that is not JSON, a limit below 1, a lease of 0', async () => {
      await assert.rejects(
        queue.enqueue(aJob({ payload: { n: 1n } })),
        (e) => isOnesellerError(e) && e.code === 'invalid_input',
      )
      await assert.rejects(claim('w1', T0, { limit: 0 }), (e) => isOnesellerError(e) && e.code === 'invalid_input')
      await assert.rejects(claim('w1', T0, { leaseMs: 0 }), (e) => isOnesellerError(e) && e.code === 'invalid_input')
      await assert.rejects(queue.list({ limit: 0 }), (e) => isOnesellerError(e) && e.code === 'invalid_input')
      assert.deepEqual(await queue.list({ limit: 10 }), [], 'nothing was stored')
    })

    it('never hands one job to two claimers: two connections claim in parallel loops, each job exactly once', async (t) => {
      if (fixture.another === undefined) {
        t.skip('the engine has no second connection to claim from')
        return
      }
      const JOBS = 300
      for (let i = 0; i < JOBS; i++) await queue.enqueue(aJob({ payload: { i } }))
      const other = await fixture.another()
      try {
        const claimedBy = new Map<number, string[]>()
        const drain = async (q: JobQueue, worker: string) => {
          for (let round = 0; ; round++) {
            // Varying batch sizes, so that the two claimers' locked rows overlap in different ways.
            const got = await q.claim({ kinds: ['sweep'], worker, limit: 1 + (round % 4), now: T0, leaseMs: LEASE })
            if (got.length === 0) return
            for (const j of got) {
              claimedBy.set(j.id, [...(claimedBy.get(j.id) ?? []), worker])
              assert.equal(await q.complete(j.id, worker, { by: worker }, T0), true, `${worker} completes job ${j.id}`)
            }
          }
        }
        await Promise.all([drain(queue, 'a1'), drain(other.queue, 'b1'), drain(queue, 'a2'), drain(other.queue, 'b2')])
        assert.equal(claimedBy.size, JOBS, 'every job was claimed')
        const twice = [...claimedBy].filter(([, by]) => by.length > 1)
        assert.deepEqual(twice, [], 'no job was claimed twice')
        const done = await queue.list({ state: 'done', limit: 1000 })
        assert.equal(done.length, JOBS)
        assert.ok(
          done.every((j) => j.attempts === 1),
          'each job was claimed once',
        )
        const by = new Set(done.map((j) => j.claimedBy))
        assert.ok(by.size >= 2, `the claimers shared the work (${[...by].join(', ')})`)
      } finally {
        await other.close()
      }
    })
  })
}
