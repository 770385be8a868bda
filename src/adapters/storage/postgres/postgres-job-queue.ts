import type { Pool, QueryResultRow } from 'pg'
import type { Instant } from '../../../core/time.ts'
import type { Job, JobProgress, JobQueue, NewJob } from '../../../ports/index.ts'
import { assertJobLimit, assertLeaseMs, byClaimOrder, fromJobRow, type JobRow, toJobJson } from '../job-rows.ts'
import { toPostgresError } from './postgres-errors.ts'

/** Every column, the JSON ones as text (so that a JSON string value is not mistaken for JSON text). */
const jobColumns = (t: string) =>
  `${t}.id, ${t}.kind, ${t}.key, ${t}.payload::text AS payload, ${t}.state, ${t}.attempts, ${t}.run_after,
   ${t}.claimed_by, ${t}.lease_until, ${t}.progress::text AS progress, ${t}.result::text AS result, ${t}.error,
   ${t}.created_by, ${t}.created_at, ${t}.updated_at`
const JOB_COLUMNS = jobColumns('jobs')

/**
 * The job queue in the event store's schema (migration 8), over its pool. A claim is one statement: it selects the
 * free jobs `FOR UPDATE SKIP LOCKED` and updates them, so claimers in any number of processes each take different
 * jobs without waiting on one another; a row another claimer updated meanwhile is re-checked against the condition
 * (its lease is no longer lapsed) before it could be taken twice.
 */
export class PostgresJobQueue implements JobQueue {
  constructor(
    private readonly pool: Pool,
    private readonly label: string,
  ) {}

  async enqueue(job: NewJob): Promise<Job> {
    const payload = toJobJson(job.payload, `the payload of a ${job.kind} job`)
    const doing = `enqueueing a ${job.kind} job`
    const [inserted] = await this.query<JobRow>(
      doing,
      `INSERT INTO jobs (kind, key, payload, state, attempts, run_after, created_by, created_at, updated_at)
       VALUES ($1, $2, $3::json, 'queued', 0, $4, $5, $6, $6) ON CONFLICT (key) DO NOTHING RETURNING ${JOB_COLUMNS}`,
      [job.kind, job.key ?? null, payload, job.runAfter ?? job.at, job.createdBy, job.at],
    )
    if (inserted !== undefined) return fromJobRow(inserted)
    // The key exists: the conflicting insert waited for the transaction that wrote it, which has committed.
    const [existing] = await this.query<JobRow>(doing, `SELECT ${JOB_COLUMNS} FROM jobs WHERE key = $1`, [job.key])
    return fromJobRow(existing!)
  }

  async claim(opts: Parameters<JobQueue['claim']>[0]): Promise<readonly Job[]> {
    assertJobLimit(opts.limit, 'claiming jobs')
    assertLeaseMs(opts.leaseMs)
    if (opts.kinds.length === 0) return []
    const rows = await this.query<JobRow>(
      'claiming jobs',
      `WITH free AS (
         SELECT id FROM jobs
         WHERE kind = ANY($1::text[])
           AND ((state = 'queued' AND run_after <= $2) OR (state = 'running' AND lease_until <= $2))
         ORDER BY run_after, id LIMIT $3
         FOR UPDATE SKIP LOCKED)
       UPDATE jobs SET state = 'running', claimed_by = $4, lease_until = $5, attempts = jobs.attempts + 1,
                       updated_at = $2
       FROM free WHERE jobs.id = free.id
       RETURNING ${JOB_COLUMNS}`,
      [[...opts.kinds], opts.now, opts.limit, opts.worker, opts.now + opts.leaseMs],
    )
    return rows.map(fromJobRow).sort(byClaimOrder)
  }

  // biome-ignore lint/complexity/useMaxParams: the JobQueue port's signature
  async heartbeat(
    id: number,
    worker: string,
    progress: JobProgress | null,
    now: Instant,
    leaseMs: number,
  ): Promise<boolean> {
    assertLeaseMs(leaseMs)
    return this.own(`recording the progress of job ${id}`, 'lease_until = $4, progress = $5::json', [
      id,
      worker,
      now,
      now + leaseMs,
      progress === null ? null : JSON.stringify(progress),
    ])
  }

  async complete(id: number, worker: string, result: unknown, now: Instant): Promise<boolean> {
    const json = toJobJson(result, `the result of job ${id}`)
    return this.own(`completing job ${id}`, `state = 'done', lease_until = NULL, result = $4::json, error = NULL`, [
      id,
      worker,
      now,
      json,
    ])
  }

  // biome-ignore lint/complexity/useMaxParams: the JobQueue port's signature
  async fail(id: number, worker: string, error: string, now: Instant, retryAt: Instant | null): Promise<boolean> {
    return retryAt === null
      ? this.own(`recording the failure of job ${id}`, `state = 'failed', lease_until = NULL, error = $4`, [
          id,
          worker,
          now,
          error,
        ])
      : this.own(
          `recording the failure of job ${id}`,
          `state = 'queued', lease_until = NULL, claimed_by = NULL, run_after = $5, error = $4`,
          [id, worker, now, error, retryAt],
        )
  }

  async get(id: number): Promise<Job | undefined> {
    const [row] = await this.query<JobRow>('reading a job', `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id])
    return row === undefined ? undefined : fromJobRow(row)
  }

  async list(opts: Parameters<JobQueue['list']>[0]): Promise<readonly Job[]> {
    assertJobLimit(opts.limit, 'listing jobs')
    const rows = await this.query<JobRow>(
      'listing jobs',
      `SELECT ${JOB_COLUMNS} FROM jobs
       WHERE id > $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR state = $3)
       ORDER BY id LIMIT $4`,
      [opts.afterId ?? 0, opts.kind ?? null, opts.state ?? null, opts.limit],
    )
    return rows.map(fromJobRow)
  }

  /** An update of a job this worker holds (running, claimed by it); false when it holds it no longer. */
  private async own(doing: string, set: string, values: readonly unknown[]): Promise<boolean> {
    try {
      const r = await this.pool.query(
        `UPDATE jobs SET ${set}, updated_at = $3 WHERE id = $1 AND claimed_by = $2 AND state = 'running'`,
        [...values],
      )
      return r.rowCount === 1
    } catch (e) {
      throw toPostgresError(e, doing, this.label)
    }
  }

  private async query<R extends QueryResultRow>(doing: string, sql: string, values: readonly unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, [...values])).rows
    } catch (e) {
      throw toPostgresError(e, doing, this.label)
    }
  }
}
