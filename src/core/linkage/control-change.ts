import { PROFILE_FIELDS } from '../interchange/index.ts'
import { MS_PER_DAY } from '../time.ts'

/** A session as change-of-control detection needs it. */
export interface SessionMark {
  readonly at: number
  readonly device: string
}

/** A change of declarations: when, and which profile fields it set or cleared. */
export interface ProfileChangeMark {
  readonly at: number
  readonly fields: readonly string[]
}

/** How long before the last session of the old devices a payout or contact change may come (set up for the buyer). */
export const TAKEOVER_LEAD_DAYS = 30
/** How long after the new devices appear the payout or contact change may come. */
export const TAKEOVER_LAG_DAYS = 14
/** A new legal representative, payout bank and contact declared within this many days of each other: a handover. */
export const HANDOVER_DAYS = 30
/** A new payout bank, email and phone all declared within this many days: a handover even with the same representative. */
export const QUICK_HANDOVER_DAYS = 7
/** Sessions needed before the switch (the registration itself is also before it) and after it. */
const MIN_SESSIONS_BEFORE = 1
const MIN_SESSIONS_AFTER = 2

const PAYOUT_OR_CONTACT: ReadonlySet<string> = new Set(['bank', 'email', 'phone'])

/**
 * When control of an account last passed to another party, or null. `changes` are the account's updates (not its
 * registration). Two signatures:
 *
 * - **A switch of devices** with a payout or contact change around it: from some moment on the account is used only
 *   from devices never seen before (no device spans the switch; one session or more before it, two or more after —
 *   one is enough when the change was made in the quiet gap between the two periods, as a buyer often changes the
 *   payout first and signs in weeks later), and the bank, email or phone changed from shortly before the last
 *   session of the old devices to shortly after the first of the new ones.
 * - **A handover of the declarations**: a new legal representative, a new payout bank and a new email or phone,
 *   all declared within {@link HANDOVER_DAYS} of each other (the business was sold, or the account was); or a new
 *   payout bank, email and phone within {@link QUICK_HANDOVER_DAYS} (everything that reaches or pays the seller
 *   replaced at once, typically right after a sale, before the buyer signs in); control changed at the first of them.
 *
 * A purchased account looks like this; an honest seller who replaces its computer, bank and phone at once can too, and
 * then loses only the links of its earlier period.
 */
export function detectControlChange(
  sessions: readonly SessionMark[],
  changes: readonly ProfileChangeMark[],
): number | null {
  const payout = changes.filter((c) => c.fields.some((f) => PAYOUT_OR_CONTACT.has(f))).map((c) => c.at)
  const switched = deviceSwitch(sessions, payout)
  const handed = handover(changes)
  if (switched === null || handed === null) return switched ?? handed
  // One takeover seen both ways starts at the earlier sign; two far apart are two sales, and the later one counts.
  const oneTakeover = Math.abs(switched - handed) <= (TAKEOVER_LEAD_DAYS + HANDOVER_DAYS) * MS_PER_DAY
  return oneTakeover ? Math.min(switched, handed) : Math.max(switched, handed)
}

function deviceSwitch(sessions: readonly SessionMark[], changes: readonly number[]): number | null {
  const n = sessions.length
  if (n < MIN_SESSIONS_BEFORE + 1 || changes.length === 0) return null
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
    if (cover !== 0 || k < MIN_SESSIONS_BEFORE) continue
    const at = ordered[k]!.at
    const lastOld = ordered[k - 1]!.at
    const inGap = changes.some((c) => c > lastOld && c < at)
    if (n - k < (inGap ? 1 : MIN_SESSIONS_AFTER)) continue
    const near = changes.some(
      (c) => c >= lastOld - TAKEOVER_LEAD_DAYS * MS_PER_DAY && c <= at + TAKEOVER_LAG_DAYS * MS_PER_DAY,
    )
    if (near) found = at
  }
  return found
}

function handover(changes: readonly ProfileChangeMark[]): number | null {
  const ordered = [...changes].sort((a, b) => a.at - b.at)
  const has = (near: readonly ProfileChangeMark[], field: string) => near.some((o) => o.fields.includes(field))
  let found: number | null = null
  for (const c of ordered) {
    const representative = c.fields.includes('representative')
    if (!representative && !c.fields.includes('bank')) continue
    const window = (representative ? HANDOVER_DAYS : QUICK_HANDOVER_DAYS) * MS_PER_DAY
    const near = ordered.filter((o) => Math.abs(o.at - c.at) <= window)
    const handedOver = representative
      ? has(near, 'bank') && (has(near, 'email') || has(near, 'phone'))
      : has(near, 'email') && has(near, 'phone')
    if (handedOver) {
      const involved = near.filter((o) => o.fields.some((f) => f === 'representative' || PAYOUT_OR_CONTACT.has(f)))
      const at = Math.min(...involved.map((o) => o.at))
      found = found === null ? at : Math.max(found, at)
    }
  }
  return found
}

/**
 * {@link detectControlChange} from records as stored: the devices of the sessions and the fields each update sets or
 * clears (what `accountHistory` gives for an update), for a store that fills in what an earlier linkage run did not
 * save without running linkage again.
 */
export function detectControlChangeOfRecords(
  sessions: readonly SessionMark[],
  updates: readonly { readonly at: number; readonly set: object }[],
): number | null {
  return detectControlChange(
    sessions,
    updates.map((u) => ({ at: u.at, fields: PROFILE_FIELDS.filter((f) => f in u.set) })),
  )
}
