import { isOnesellerError } from '../core/errors.ts'
import { type Instant, toInstant } from '../core/time.ts'
import type { Clock, Job, JobProgress, JobQueue } from '../ports/index.ts'

/** What a handler gets besides its job. */
export interface JobContext {
  /**
   * Reports progress: recorded on the job (at most every `progressEveryMs`) together with a lease extension. Never
   * throws and need not be awaited; a lost lease shows in `signal`.
   */
  heartbeat(progress: JobProgress): void
  /**
   * Aborted when the job is no longer this worker's (its lease lapsed and another worker reclaimed it) or when the
   * runner is stopping and its grace has run out: stop at the next opportunity (`signal.throwIfAborted()`); whatever
   * is returned then is not recorded.
   */
  readonly signal: AbortSignal
}

/**
 * Runs one job and returns its result (any JSON value). Must be idempotent: a job runs at least once, and again from
 * the start after a crash or a lost lease, so what an earlier run wrote must be recognised, not written twice.
 * Throwing fails the attempt: an `invalid_input`, `not_found` or `conflict` failure for good (running again would
 * fail the same way), any other after a backoff, up to the runner's attempts.
 */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<unknown>

/** When a failed job runs again: `baseMs × 2^(attempts − 1)`, at most `maxMs`, and at most `maxAttempts` runs. */
export interface RetryPolicy {
  readonly baseMs: number
  readonly maxMs: number
  readonly maxAttempts: number
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 5 }

/** How long a claim lasts without a heartbeat: long enough for a slow store, short enough to recover a dead worker. */
export const DEFAULT_LEASE_MS = 60_000

/** What the runner did, for the log. */
export type JobEvent =
  | { readonly type: 'claimed'; readonly job: Job }
  | { readonly type: 'done'; readonly job: Job; readonly ms: number }
  | { readonly type: 'retry'; readonly job: Job; readonly error: string; readonly retryAt: Instant }
  | { readonly type: 'failed'; readonly job: Job; readonly error: string }
  /** The job became another worker's while it ran (its lease lapsed): nothing of this run was recorded. */
  | { readonly type: 'lost'; readonly job: Job }
  /** The runner stopped before the job ended: its lease lapses and another worker takes it. */
  | { readonly type: 'abandoned'; readonly job: Job }
  /** The queue could not be written (a heartbeat, the outcome); the lease lapses if it goes on. */
  | { readonly type: 'store_error'; readonly job: Job; readonly error: string }

export interface JobRunnerOptions {
  readonly queue: JobQueue
  readonly clock: Clock
  /** This worker's name, unique among all processes on the store (host, process id, random). */
  readonly worker: string
  /** The handler of each kind this runner takes; it claims these kinds only. */
  readonly handlers: Readonly<Record<string, JobHandler>>
  readonly leaseMs?: number
  /** Jobs claimed at once, run side by side (default 1). */
  readonly batch?: number
  readonly retry?: RetryPolicy
  /** Progress reports are written at most this often (default 1,000 ms); the lease is extended every lease / 3. */
  readonly progressEveryMs?: number
  readonly onEvent?: (event: JobEvent) => void
}

/** The delay before attempt `attempts + 1`, after `attempts` failed: deterministic, no jitter. */
export function retryDelayMs(attempts: number, retry: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(retry.baseMs * 2 ** Math.max(0, attempts - 1), retry.maxMs)
}

/** Failures that running again cannot mend. */
function isPermanent(e: unknown): boolean {
  return isOnesellerError(e) && (e.code === 'invalid_input' || e.code === 'not_found' || e.code === 'conflict')
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

const STOPPING = 'the job runner is stopping'

/**
 * Claims jobs from the queue and runs them with their handlers, keeping each claim alive with heartbeats; records
 * the result, or the failure with a retry after an exponential backoff, or for good after the last attempt. A job
 * claimed more than `maxAttempts` times (its workers died each time) is failed for good without running again.
 */
export class JobRunner {
  private readonly leaseMs: number
  private readonly retry: RetryPolicy
  private readonly running = new Set<AbortController>()

  constructor(private readonly opts: JobRunnerOptions) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
    this.retry = opts.retry ?? DEFAULT_RETRY
  }

  get worker(): string {
    return this.opts.worker
  }

  /** Claims a batch of due jobs and runs them to their end; resolves with how many it claimed. */
  async runOnce(now: Instant = this.opts.clock.now()): Promise<{ readonly claimed: number }> {
    const jobs = await this.opts.queue.claim({
      kinds: Object.keys(this.opts.handlers),
      worker: this.opts.worker,
      limit: this.opts.batch ?? 1,
      now,
      leaseMs: this.leaseMs,
    })
    await Promise.all(jobs.map((job) => this.run(job)))
    return { claimed: jobs.length }
  }

  /** Aborts the jobs running now: they are left to their leases (for a stop whose grace has run out). */
  abandonRunning(): void {
    for (const c of this.running) c.abort(new Error(STOPPING))
  }

  private async run(job: Job): Promise<void> {
    const { queue, clock, worker } = this.opts
    const event = this.opts.onEvent ?? (() => {})
    event({ type: 'claimed', job })
    const started = clock.now()
    if (job.attempts > this.retry.maxAttempts) {
      const error = `abandoned after ${this.retry.maxAttempts} attempts: the last ones ended without an answer (the worker stopped or lost its lease)${job.error === null ? '' : `; the last error: ${job.error}`}`
      await this.record(job, () => queue.fail(job.id, worker, error, clock.now(), null), { type: 'failed', job, error })
      return
    }
    const control = new AbortController()
    this.running.add(control)
    const beat = new Heartbeat(job, control, { ...this.opts, leaseMs: this.leaseMs, onEvent: event })
    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown }
    try {
      const handler = this.opts.handlers[job.kind]!
      outcome = { ok: true, result: await handler(job, { heartbeat: (p) => beat.report(p), signal: control.signal }) }
    } catch (error) {
      outcome = { ok: false, error }
    } finally {
      this.running.delete(control)
      await beat.stop()
    }
    if (beat.lost) return event({ type: 'lost', job })
    if (control.signal.aborted) return event({ type: 'abandoned', job })
    const now = clock.now()
    if (outcome.ok) {
      await this.record(job, () => queue.complete(job.id, worker, outcome.result, now), {
        type: 'done',
        job,
        ms: now - started,
      })
      return
    }
    const error = messageOf(outcome.error)
    if (isPermanent(outcome.error) || job.attempts >= this.retry.maxAttempts) {
      await this.record(job, () => queue.fail(job.id, worker, error, now, null), { type: 'failed', job, error })
      return
    }
    const retryAt = toInstant(now + retryDelayMs(job.attempts, this.retry))
    await this.record(job, () => queue.fail(job.id, worker, error, now, retryAt), {
      type: 'retry',
      job,
      error,
      retryAt,
    })
  }

  /** Writes the job's outcome; false from the queue means another worker has it now. */
  private async record(job: Job, write: () => Promise<boolean>, success: JobEvent): Promise<void> {
    const event = this.opts.onEvent ?? (() => {})
    try {
      event((await write()) ? success : { type: 'lost', job })
    } catch (e) {
      // The store is unavailable: the lease lapses and the job runs again elsewhere (handlers are idempotent).
      event({ type: 'store_error', job, error: messageOf(e) })
    }
  }
}

/** Keeps one claim alive: a write every lease / 3, and progress as reported, at most every `progressEveryMs`. */
class Heartbeat {
  lost = false
  private progress: JobProgress | null = null
  private unwritten = false
  private lastWrite: number
  private inFlight: Promise<void> | undefined
  private readonly timer: ReturnType<typeof setInterval>

  constructor(
    private readonly job: Job,
    private readonly control: AbortController,
    private readonly opts: JobRunnerOptions & { readonly leaseMs: number; readonly onEvent: (e: JobEvent) => void },
  ) {
    this.lastWrite = opts.clock.now()
    this.timer = setInterval(() => this.write(), Math.max(1, Math.floor(opts.leaseMs / 3)))
    // Lost or abandoned: no write may extend the lease any more, whatever the handler still does.
    control.signal.addEventListener('abort', () => clearInterval(this.timer), { once: true })
  }

  report(progress: JobProgress): void {
    this.progress = progress
    this.unwritten = true
    if (this.opts.clock.now() - this.lastWrite >= (this.opts.progressEveryMs ?? 1_000)) this.write()
  }

  /** Stops the timer; writes the last progress reported, if it was not, so that an ended job shows where it ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.inFlight
    if (this.unwritten) this.write()
    await this.inFlight
  }

  private write(): void {
    if (this.inFlight !== undefined || this.control.signal.aborted) return
    const now = this.opts.clock.now()
    this.lastWrite = now
    this.unwritten = false
    const { queue, worker, leaseMs, onEvent } = this.opts
    this.inFlight = queue
      .heartbeat(this.job.id, worker, this.progress, now, leaseMs)
      .then(
        (mine) => {
          if (mine) return
          this.lost = true
          this.control.abort(new Error(`job ${this.job.id} is no longer this worker's: its lease lapsed`))
        },
        (e: unknown) => onEvent({ type: 'store_error', job: this.job, error: messageOf(e) }),
      )
      .finally(() => {
        this.inFlight = undefined
      })
  }
}

/** A runner polling the queue on a timer. */
export interface JobLoop {
  /**
   * Stops claiming; waits up to `graceMs` for the jobs running now to end, then abandons them to their leases
   * (another worker reclaims them once the lease lapses) and resolves.
   */
  stop(graceMs: number): Promise<void>
}

/**
 * Runs `runOnce` every `everyMs` (at once again after a claim, so a backlog drains without waiting), one batch at a
 * time. A failure of the queue itself (the store is unavailable) is reported and retried on the next tick.
 */
export function startJobLoop(
  runner: JobRunner,
  opts: { readonly everyMs: number; readonly onError?: (e: unknown) => void },
): JobLoop {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let current: Promise<void> | undefined
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms)
  }
  const tick = () => {
    timer = undefined
    current = runner.runOnce().then(
      (r) => schedule(r.claimed > 0 ? 0 : opts.everyMs),
      (e: unknown) => {
        opts.onError?.(e)
        schedule(opts.everyMs)
      },
    )
  }
  schedule(0)
  return {
    async stop(graceMs) {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      if (current === undefined) return
      let grace: ReturnType<typeof setTimeout> | undefined
      const ended = await Promise.race([
        current.then(() => true),
        new Promise<false>((resolve) => {
          grace = setTimeout(() => resolve(false), graceMs)
        }),
      ])
      clearTimeout(grace)
      // A handler that does not heed its signal may go on for a while: it is no longer waited for, and nothing it
      // does is recorded (the lease is no longer extended either).
      if (!ended) runner.abandonRunning()
    },
  }
}
