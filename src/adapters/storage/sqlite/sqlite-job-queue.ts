import type Database from 'better-sqlite3'
import type { Instant } from '../../../core/time.ts'
import type { Job, JobProgress, JobQueue, NewJob } from '../../../ports/index.ts'
import { assertJobLimit, assertLeaseMs, byClaimOrder, fromJobRow, type JobRow, toJobJson } from '../job-rows.ts'
import { toStorageError } from './sqlite-errors.ts'
import { writeGroupsOf } from './sqlite-write-groups.ts'

/**
 * The job queue in the event store's SQLite file (migration 8), on its connection. SQLite has one writer at a time:
 * a claim is one `BEGIN IMMEDIATE` transaction, which takes the file's writer lock before it reads which jobs are
 * free, so two processes (or two connections) claiming at once are served one after the other and never share a job.
 */
export class SqliteJobQueue implements JobQueue {
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {}

  async enqueue(job: NewJob): Promise<Job> {
    const payload = toJobJson(job.payload, `the payload of a ${job.kind} job`)
    return this.write(`enqueueing a ${job.kind} job`, () => {
      const inserted = this.db
        .prepare(
          `INSERT INTO jobs (kind, key, payload, state, attempts, run_after, created_by, created_at, updated_at)
           VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING *`,
        )
        .get(job.kind, job.key ?? null, payload, job.runAfter ?? job.at, job.createdBy, job.at, job.at) as
        | JobRow
        | undefined
      const row = inserted ?? (this.db.prepare('SELECT * FROM jobs WHERE key = ?').get(job.key) as JobRow)
      return fromJobRow(row)
    })
  }

  async claim(opts: Parameters<JobQueue['claim']>[0]): Promise<readonly Job[]> {
    assertJobLimit(opts.limit, 'claiming jobs')
    assertLeaseMs(opts.leaseMs)
    if (opts.kinds.length === 0) return []
    const rows = this.write('claiming jobs', () =>
      this.db
        .prepare(
          `UPDATE jobs SET state = 'running', claimed_by = @worker, lease_until = @lease, attempts = attempts + 1,
                           updated_at = @now
           WHERE id IN (
             SELECT id FROM jobs
             WHERE kind IN (SELECT value FROM json_each(@kinds))
               AND ((state = 'queued' AND run_after <= @now) OR (state = 'running' AND lease_until <= @now))
             ORDER BY run_after, id LIMIT @limit)
           RETURNING *`,
        )
        .all({
          worker: opts.worker,
          lease: opts.now + opts.leaseMs,
          now: opts.now,
          kinds: JSON.stringify(opts.kinds),
          limit: opts.limit,
        }),
    ) as JobRow[]
    return rows.map(fromJobRow).sort(byClaimOrder)
  }

  // The port's shape: a worker names itself and the job on every write, with the time and the lease.
  // biome-ignore lint/complexity/useMaxParams: the JobQueue port's signature
  async heartbeat(
    id: number,
    worker: string,
    progress: JobProgress | null,
    now: Instant,
    leaseMs: number,
  ): Promise<boolean> {
    assertLeaseMs(leaseMs)
    return this.own(`recording the progress of job ${id}`, {
      set: 'lease_until = @lease, progress = @progress',
      values: { id, worker, now, lease: now + leaseMs, progress: progress === null ? null : JSON.stringify(progress) },
    })
  }

  async complete(id: number, worker: string, result: unknown, now: Instant): Promise<boolean> {
    const json = toJobJson(result, `the result of job ${id}`)
    return this.own(`completing job ${id}`, {
      set: `state = 'done', lease_until = NULL, result = @result, error = NULL`,
      values: { id, worker, now, result: json },
    })
  }

  // biome-ignore lint/complexity/useMaxParams: the JobQueue port's signature
  async fail(id: number, worker: string, error: string, now: Instant, retryAt: Instant | null): Promise<boolean> {
    return this.own(`recording the failure of job ${id}`, {
      set:
        retryAt === null
          ? `state = 'failed', lease_until = NULL, error = @error`
          : `state = 'queued', lease_until = NULL, claimed_by = NULL, run_after = @retryAt, error = @error`,
      values: { id, worker, now, error, ...(retryAt === null ? {} : { retryAt }) },
    })
  }

  async get(id: number): Promise<Job | undefined> {
    const row = this.read('reading a job', () => this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id)) as
      | JobRow
      | undefined
    return row === undefined ? undefined : fromJobRow(row)
  }

  async list(opts: Parameters<JobQueue['list']>[0]): Promise<readonly Job[]> {
    assertJobLimit(opts.limit, 'listing jobs')
    const rows = this.read('listing jobs', () =>
      this.db
        .prepare(
          `SELECT * FROM jobs
           WHERE id > @after AND (@kind IS NULL OR kind = @kind) AND (@state IS NULL OR state = @state)
           ORDER BY id LIMIT @limit`,
        )
        .all({ after: opts.afterId ?? 0, kind: opts.kind ?? null, state: opts.state ?? null, limit: opts.limit }),
    ) as JobRow[]
    return rows.map(fromJobRow)
  }

  /** An update of a job this worker holds (running, claimed by it); false when it holds it no longer. */
  private own(
    doing: string,
    update: { readonly set: string; readonly values: Record<string, unknown> & { worker: string; now: Instant } },
  ): boolean {
    const changed = this.write(
      doing,
      () =>
        this.db
          .prepare(
            `UPDATE jobs SET ${update.set}, updated_at = @now
             WHERE id = @id AND claimed_by = @worker AND state = 'running'`,
          )
          .run(update.values).changes,
    )
    return changed === 1
  }

  /** One transaction that takes the writer lock at BEGIN: what it reads stays true until it commits. */
  private write<T>(doing: string, f: () => T): T {
    try {
      return writeGroupsOf(this.db, this.file).write(f)
    } catch (e) {
      throw toStorageError(e, doing, this.file)
    }
  }

  private read<T>(doing: string, f: () => T): T {
    try {
      return f()
    } catch (e) {
      throw toStorageError(e, doing, this.file)
    }
  }
}
