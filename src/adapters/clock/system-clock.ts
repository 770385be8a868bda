import { type Instant, toInstant } from '../../core/time.ts'
import type { Clock } from '../../ports/index.ts'

/** The machine's clock. */
export class SystemClock implements Clock {
  now(): Instant {
    return toInstant(Date.now())
  }
}

/** A clock that stands still until moved: for tests and for `--now`. */
export class FixedClock implements Clock {
  constructor(private at: Instant) {}
  now(): Instant {
    return this.at
  }
  advance(ms: number): void {
    this.at = toInstant(this.at + ms)
  }
}
