import type { Brand } from './ids.ts'

/** A point in time: epoch milliseconds, UTC. */
export type Instant = Brand<number, 'Instant'>

export const MS_PER_DAY = 86_400_000

/** Marks a number of epoch milliseconds as an {@link Instant}. */
export function toInstant(epochMs: number): Instant {
  return epochMs as Instant
}

/** ISO 8601 / RFC 3339 text of an instant, in UTC with milliseconds. */
export function formatInstant(at: Instant): string {
  return new Date(at).toISOString()
}
