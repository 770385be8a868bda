import { MS_PER_DAY } from '../time.ts'

/** A session as change-of-control detection needs it. */
export interface SessionMark {
  readonly at: number
  readonly device: string
}

/** How long before a payout or contact change the new controller may have been signing in already. */
export const TAKEOVER_LEAD_DAYS = 30
/** How long after the new devices appear the payout or contact change may come. */
export const TAKEOVER_LAG_DAYS = 14
/** Sessions needed before the switch (the registration itself is also before it) and after it. */
const MIN_SESSIONS_BEFORE = 1
const MIN_SESSIONS_AFTER = 2

/**
 * When control of an account passed to another party, or null: the moment from which the account is used only from
 * devices never seen before (no device spans the switch; one session or more before it, two or more after), followed or
 * shortly preceded by a change of payout bank or contact details. A purchased account looks like this; an honest
 * seller who changes phone and bank at once can too, and then loses only the links of its earlier period.
 * `changes` are the times of updates that set the bank, email or phone.
 */
export function detectControlChange(sessions: readonly SessionMark[], changes: readonly number[]): number | null {
  const n = sessions.length
  if (n < MIN_SESSIONS_BEFORE + MIN_SESSIONS_AFTER || changes.length === 0) return null
  const ordered = [...sessions].sort((a, b) => a.at - b.at)
  const first = new Map<string, number>()
  const last = new Map<string, number>()
  ordered.forEach((s, i) => {
    if (!first.has(s.device)) first.set(s.device, i)
    last.set(s.device, i)
  })
  // crossing[k] > 0 when some device is used both before session k and at or after it.
  const crossing = new Int32Array(n + 1)
  for (const [device, f] of first) {
    const l = last.get(device)!
    if (l > f) {
      crossing[f + 1]! += 1
      crossing[l + 1]! -= 1
    }
  }
  let cover = 0
  let found: number | null = null
  for (let k = 1; k < n; k++) {
    cover += crossing[k]!
    if (cover !== 0 || k < MIN_SESSIONS_BEFORE || n - k < MIN_SESSIONS_AFTER) continue
    const at = ordered[k]!.at
    const near = changes.some(
      (c) => c >= at - TAKEOVER_LEAD_DAYS * MS_PER_DAY && c <= at + TAKEOVER_LAG_DAYS * MS_PER_DAY,
    )
    if (near) found = at
  }
  return found
}
