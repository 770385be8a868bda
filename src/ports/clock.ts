import type { Instant } from '../core/time.ts'

/** The current time, injected so that tests can run weeks in milliseconds. */
export interface Clock {
  now(): Instant
}
