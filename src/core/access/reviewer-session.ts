import type { Instant } from '../time.ts'

/** How long a session lasts from sign-in: one working day, so that a forgotten browser does not stay signed in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

/** Every session token starts with this, so that it is told apart from API keys (`osk_`) and portal tokens (`osp_`). */
export const SESSION_TOKEN_PREFIX = 'oss_'

/** Random bytes in a session token: 256 bits, so that SHA-256 stores it safely and one index lookup finds it. */
export const SESSION_TOKEN_BYTES = 32

/** Failed sign-ins of one name allowed in {@link FAILED_SIGN_IN_WINDOW_MS}; the next attempt is refused unchecked. */
export const FAILED_SIGN_IN_LIMIT = 10

/** The window failed sign-ins are counted in. */
export const FAILED_SIGN_IN_WINDOW_MS = 15 * 60 * 1000

/**
 * Failed sign-ins of one name, oldest first: what the limit counts. Kept by the caller between attempts, per name
 * (unknown names too, so that the limit says nothing about which names exist).
 */
export type FailedSignIns = readonly Instant[]

/** The failures still inside the window at `now`. */
export function recentFailures(failures: FailedSignIns, now: Instant): FailedSignIns {
  const since = now - FAILED_SIGN_IN_WINDOW_MS
  return failures.filter((at) => at > since)
}

/**
 * When the name may try again: undefined when it may now, else the instant its oldest counted failure leaves the
 * window.
 */
export function signInBlockedUntil(failures: FailedSignIns, now: Instant): Instant | undefined {
  const recent = recentFailures(failures, now)
  if (recent.length < FAILED_SIGN_IN_LIMIT) return undefined
  const oldest = recent[recent.length - FAILED_SIGN_IN_LIMIT] as Instant
  return (oldest + FAILED_SIGN_IN_WINDOW_MS) as Instant
}

/** The failures after one more at `now` (only those that still count are kept). */
export function nextFailures(failures: FailedSignIns, now: Instant): FailedSignIns {
  return [...recentFailures(failures, now), now]
}
