import type { Instant } from '../core/time.ts'

/** `queued` waits for a worker (from `runAfter` on); `running` is claimed under a lease; `done` and `failed` are final. */
export type JobState = 'queued' | 'running' | 'done' | 'failed'

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobState[]

/** How far a running job has come, as its handler last reported it; `total` null while unknown. */
export interface JobProgress {
  readonly done: number
  readonly total: number | null
  /** What the job is doing now (a sweep: `reading`, `evaluating`, `applying`). */
  readonly phase?: string
}

/**
 * A unit of background work kept in the store, so that it survives the process that enqueued it and the one that
 * runs it. Handlers must be idempotent: a job whose worker died (its lease lapsed) is claimed and run again from the
 * start, so whatever the first run wrote must be recognised and not written twice (a sweep's decisions are keyed).
 */
export interface Job {
  /** 1, 2, … in the order jobs were enqueued. */
  readonly id: number
  /** Which handler runs it: `sweep`, `webhook`, … */
  readonly kind: string
  /** What makes an enqueue the same one again (an Idempotency-Key); null when none was given. */
  readonly key: string | null
  /** The handler's input: any JSON value. */
  readonly payload: unknown
  readonly state: JobState
  /** Times the job was claimed (a retry or a reclaim after a worker died counts one more). */
  readonly attempts: number
  /** Not claimed before this instant (a retry waits out its backoff). */
  readonly runAfter: Instant
  /** The worker that claimed it last (null until claimed, and again while queued for a retry). */
  readonly claimedBy: string | null
  /** While running: the worker owns the job until then; after it, another worker may reclaim it. */
  readonly leaseUntil: Instant | null
  readonly progress: JobProgress | null
  /** What the handler returned (any JSON value), once done. */
  readonly result: unknown | null
  /** The last failure's message (kept while the job waits for a retry). */
  readonly error: string | null
  readonly createdBy: string
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/** What `enqueue` takes. */
export interface NewJob {
  readonly kind: string
  readonly payload: unknown
  /** Enqueueing a key that exists (in any state) returns that job and adds nothing. */
  readonly key?: string
  /** Default `at`. */
  readonly runAfter?: Instant
  readonly createdBy: string
  readonly at: Instant
}

/**
 * A durable queue of jobs shared by every process on one store. Claims are leases: a worker owns a job until
 * `leaseUntil`, extends it with `heartbeat`, and loses it when it lapses (another worker may then reclaim the job).
 * Every write a worker makes (`heartbeat`, `complete`, `fail`) names the worker and answers false, changing nothing,
 * when the job is no longer that worker's. Times are the callers' clocks: workers must agree to well within a lease.
 *
 * Handlers must be idempotent: a job runs at least once, and again after a crash or a lost lease.
 */
export interface JobQueue {
  /** Adds a job; with a key already enqueued (any state), returns the existing job instead (idempotent enqueue). */
  enqueue(job: NewJob): Promise<Job>
  /**
   * Claims up to `limit` jobs of these kinds that are queued with runAfter <= now, or running with an expired lease
   * (a worker that died), oldest `runAfter` first, then by id: sets running, claimedBy, leaseUntil = now + leaseMs,
   * attempts + 1. Never hands one job to two claimers (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer,
   * BEGIN IMMEDIATE).
   */
  claim(opts: {
    readonly kinds: readonly string[]
    readonly worker: string
    readonly limit: number
    readonly now: Instant
    readonly leaseMs: number
  }): Promise<readonly Job[]>
  /** Progress and lease extension; false when the job is no longer this worker's (lease lost). */
  heartbeat(id: number, worker: string, progress: JobProgress | null, now: Instant, leaseMs: number): Promise<boolean>
  /** Marks the job done with its result; false when the job is no longer this worker's. */
  complete(id: number, worker: string, result: unknown, now: Instant): Promise<boolean>
  /**
   * Records a failure. retryAt: back to queued with runAfter = retryAt; null: failed for good. False when the job is
   * no longer this worker's.
   */
  fail(id: number, worker: string, error: string, now: Instant, retryAt: Instant | null): Promise<boolean>
  get(id: number): Promise<Job | undefined>
  /** Jobs by id ascending, after `afterId`, at most `limit`; of one kind and in one state when given. */
  list(opts: {
    readonly kind?: string
    readonly state?: JobState
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Job[]>
}
