// Rows of the `jobs` table (migration 8) as either engine returns them, and their mapping to the port's Job.
import { OnesellerError } from '../../core/errors.ts'
import type { Instant } from '../../core/time.ts'
import type { Job, JobProgress, JobState } from '../../ports/index.ts'

/** Integers come back as numbers (SQLite, PostgreSQL integer) or text (PostgreSQL bigint); every value is below 2^53. */
type Int = number | string

/** JSON columns are read as text on both engines (PostgreSQL casts them), so a JSON string never reads as text. */
export interface JobRow {
  id: Int
  kind: string
  key: string | null
  payload: string
  state: JobState
  attempts: Int
  run_after: Int
  claimed_by: string | null
  lease_until: Int | null
  progress: string | null
  result: string | null
  error: string | null
  created_by: string
  created_at: Int
  updated_at: Int
}

const instant = (v: Int): Instant => Number(v) as Instant

export const fromJobRow = (r: JobRow): Job => ({
  id: Number(r.id),
  kind: r.kind,
  key: r.key,
  payload: JSON.parse(r.payload) as unknown,
  state: r.state,
  attempts: Number(r.attempts),
  runAfter: instant(r.run_after),
  claimedBy: r.claimed_by,
  leaseUntil: r.lease_until === null ? null : instant(r.lease_until),
  progress: r.progress === null ? null : (JSON.parse(r.progress) as JobProgress),
  result: r.result === null ? null : (JSON.parse(r.result) as unknown),
  error: r.error,
  createdBy: r.created_by,
  createdAt: instant(r.created_at),
  updatedAt: instant(r.updated_at),
})

/** Claimed jobs in claim order: the oldest `runAfter` first, then by id. */
export const byClaimOrder = (a: Job, b: Job): number => a.runAfter - b.runAfter || a.id - b.id

/**
 * The JSON text of a payload or result; `undefined` is stored as null. A value JSON cannot hold (a BigInt, a cycle)
 * is the caller's mistake, named with the job kind.
 */
export function toJobJson(value: unknown, what: string): string {
  try {
    return JSON.stringify(value ?? null)
  } catch (e) {
    throw new OnesellerError('invalid_input', `${what} is not JSON: ${(e as Error).message}`, { cause: e })
  }
}

/** A number of jobs to claim or list: a whole number of at least 1 (a limit of 0 would be a caller's bug). */
export function assertJobLimit(limit: number, what: string): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new OnesellerError('invalid_input', `${what}: limit must be a whole number of at least 1, got ${limit}`)
  }
}

/** A lease of at least 1 ms: a lease that has lapsed when granted would let two workers run one job. */
export function assertLeaseMs(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) {
    throw new OnesellerError(
      'invalid_input',
      `leaseMs must be a whole number of milliseconds, at least 1, got ${leaseMs}`,
    )
  }
}
