import type { VerificationSummaries } from '../accounts/index.ts'
import type { VerificationKind } from '../features/index.ts'
import type { ExpiryConsequence } from '../policy/policy.ts'
import { type Instant, MS_PER_DAY } from '../time.ts'

/**
 * A verification requirement is a small state machine:
 *
 *   requested ─(reminder)─▶ reminded ─┐
 *       │                             ├─(a submission of every method, some awaiting an outcome)─▶ submitted
 *       └─────────────────────────────┤
 *                                     ├─(every method passed since the requirement was made)─▶ passed
 *                                     └─(deadline, nothing submitted)─▶ expired ─(late pass)─▶ passed
 *   submitted ─(outcomes)─▶ passed | back to requested/reminded after a failed attempt (the deadline still runs)
 *   any open state ─(a reviewer's final refusal)─▶ failed;  ─(an appeal overturned the decision)─▶ withdrawn
 *
 * Only what the seller controls expires: a requirement whose evidence is all submitted and waits on a reviewer is
 * not expired by the deadline (the delay is the marketplace's). A failed attempt before the deadline leaves it open,
 * so the seller can try again; the deadline does not move. These functions decide; the store carries out.
 */
export type RequirementState =
  | 'requested'
  | 'reminded'
  | 'submitted'
  | 'in_review'
  | 'passed'
  | 'failed'
  | 'expired'
  | 'withdrawn'

export const REQUIREMENT_STATES: readonly RequirementState[] = [
  'requested',
  'reminded',
  'submitted',
  'in_review',
  'passed',
  'failed',
  'expired',
  'withdrawn',
]

/** States still waiting on the seller or a reviewer. */
export const OPEN_REQUIREMENT_STATES: readonly RequirementState[] = ['requested', 'reminded', 'submitted', 'in_review']

/** States the deadline can expire: nothing complete has been submitted yet. */
const EXPIRABLE: ReadonlySet<RequirementState> = new Set(['requested', 'reminded'])

/** Reminders go this many days before the deadline, each only when it falls after the requirement was made. */
export const REMINDER_DAYS_BEFORE_DEADLINE: readonly number[] = [3, 1]

/** Where one method of a requirement stands, from the submissions made since the requirement was created. */
export interface MethodProgress {
  readonly state: 'submitted' | 'passed' | 'failed'
  /** When that submission was made. */
  readonly at: Instant
}

export type RequirementProgress = Readonly<Partial<Record<VerificationKind, MethodProgress>>>

export interface RequirementSnapshot {
  readonly id: number
  readonly account: string
  readonly decision: number
  readonly methods: readonly VerificationKind[]
  readonly deadline: Instant
  readonly state: RequirementState
  readonly createdAt: Instant
  readonly updatedAt: Instant
  /** What a missed deadline leads to. */
  readonly onExpiry: ExpiryConsequence
  /** Whether a pass after the deadline lifts what expiry imposed. */
  readonly reinstateOnLatePass: boolean
  readonly progress: RequirementProgress
  readonly remindersSent: number
  /** When the next reminder is due; null when none is. */
  readonly nextReminderAt: Instant | null
  /** When it reached passed, failed, expired or withdrawn. */
  readonly resolvedAt: Instant | null
}

/** What happened to a requirement: each names the audit action it is recorded under (`requirement.<event>`). */
export type RequirementEvent =
  | 'remind'
  | 'submit'
  | 'attempt_failed'
  | 'pass'
  | 'late_pass'
  | 'expire'
  | 'fail'
  | 'withdraw'

/** A change the store carries out in one transaction, with its audit record. */
export interface RequirementChange {
  readonly requirement: RequirementSnapshot
  readonly event: RequirementEvent
  readonly next: RequirementSnapshot
  /** For `expire`: the restriction to impose now. */
  readonly impose?: ExpiryConsequence
  /** For `late_pass` with reinstatement, `withdraw`: lift the restrictions this requirement imposed. */
  readonly liftImposed?: boolean
  /** For `submit`, `attempt_failed`: the methods concerned. */
  readonly methods?: readonly VerificationKind[]
}

/** The first reminder of a requirement made at `createdAt` (the earliest offset that falls after it), or null. */
export function firstReminderAt(createdAt: Instant, deadline: Instant): Instant | null {
  return reminderAfter(createdAt, deadline)
}

function reminderAfter(after: number, deadline: Instant): Instant | null {
  for (const days of REMINDER_DAYS_BEFORE_DEADLINE) {
    const at = deadline - days * MS_PER_DAY
    if (at > after && at < deadline) return at as Instant
  }
  return null
}

/** A reminder that is due at `now`, if any: one per call, so a late tick sends one reminder, not every missed one. */
export function reminderDue(r: RequirementSnapshot, now: Instant): RequirementChange | undefined {
  if (r.state !== 'requested' && r.state !== 'reminded') return undefined
  if (r.nextReminderAt === null || r.nextReminderAt > now || now >= r.deadline) return undefined
  return {
    requirement: r,
    event: 'remind',
    next: {
      ...r,
      state: 'reminded',
      remindersSent: r.remindersSent + 1,
      // The next offset after now: reminders missed while nothing ran are not sent late in a burst.
      nextReminderAt: reminderAfter(now, r.deadline),
      updatedAt: now,
    },
  }
}

/** The expiry of a requirement whose deadline has passed with nothing complete submitted. */
export function deadlinePassed(r: RequirementSnapshot, now: Instant): RequirementChange | undefined {
  if (!EXPIRABLE.has(r.state) || now < r.deadline) return undefined
  return {
    requirement: r,
    event: 'expire',
    next: { ...r, state: 'expired', nextReminderAt: null, resolvedAt: now, updatedAt: now },
    impose: r.onExpiry,
  }
}

/**
 * What the account's verifications since the requirement was made mean for it: the latest submission of each method
 * counts when it was made at or after the requirement's creation (older evidence is what is being re-checked).
 * A method passes when it passed since then, even if a later attempt is pending.
 */
export function progressFromVerifications(
  r: RequirementSnapshot,
  verifications: VerificationSummaries,
  now: Instant,
): RequirementChange | undefined {
  if (!OPEN_REQUIREMENT_STATES.includes(r.state) && r.state !== 'expired') return undefined
  const progress: Partial<Record<VerificationKind, MethodProgress>> = { ...r.progress }
  const changed: VerificationKind[] = []
  for (const method of r.methods) {
    const v = verifications[method]
    if (v === undefined) continue
    const before = progress[method]
    let now_: MethodProgress | undefined
    if (v.passedAt !== null && v.passedAt >= r.createdAt) now_ = { state: 'passed', at: v.passedAt }
    else if (v.at >= r.createdAt) now_ = { state: v.outcome === 'failed' ? 'failed' : 'submitted', at: v.at }
    if (now_ === undefined || before?.state === 'passed') continue
    if (before !== undefined && before.state === now_.state && before.at === now_.at) continue
    progress[method] = now_
    changed.push(method)
  }
  if (changed.length === 0) return undefined
  const states = r.methods.map((m) => progress[m]?.state)
  if (states.every((s) => s === 'passed')) {
    const late = r.state === 'expired'
    return {
      requirement: r,
      event: late ? 'late_pass' : 'pass',
      next: { ...r, progress, state: 'passed', nextReminderAt: null, resolvedAt: now, updatedAt: now },
      ...(late && r.reinstateOnLatePass ? { liftImposed: true } : {}),
      methods: changed,
    }
  }
  if (r.state === 'expired') {
    // Progress after the deadline is kept, so that a late pass of the remaining methods counts.
    return { requirement: r, event: 'submit', next: { ...r, progress, updatedAt: now }, methods: changed }
  }
  const failedNow = changed.filter((m) => progress[m]?.state === 'failed')
  if (failedNow.length > 0) {
    // The seller may try again until the deadline: the requirement goes back to waiting on them.
    const waiting: RequirementState = r.remindersSent > 0 ? 'reminded' : 'requested'
    return {
      requirement: r,
      event: 'attempt_failed',
      next: { ...r, progress, state: waiting, updatedAt: now },
      methods: failedNow,
    }
  }
  // Every method has something submitted or passed: the seller has done their part, the deadline no longer runs.
  const complete = states.every((s) => s === 'passed' || s === 'submitted')
  return {
    requirement: r,
    event: 'submit',
    next: { ...r, progress, state: complete ? 'submitted' : r.state, updatedAt: now },
    methods: changed,
  }
}

/** A reviewer's final refusal (a forged document): the requirement fails and its consequence applies now. */
export function refuse(r: RequirementSnapshot, now: Instant): RequirementChange | undefined {
  if (!OPEN_REQUIREMENT_STATES.includes(r.state)) return undefined
  return {
    requirement: r,
    event: 'fail',
    next: { ...r, state: 'failed', nextReminderAt: null, resolvedAt: now, updatedAt: now },
    impose: r.onExpiry,
  }
}

/** The decision behind it was overturned (an appeal): nothing is asked any more and what it imposed is lifted. */
export function withdraw(r: RequirementSnapshot, now: Instant): RequirementChange | undefined {
  if (r.state === 'passed' || r.state === 'withdrawn') return undefined
  return {
    requirement: r,
    event: 'withdraw',
    next: { ...r, state: 'withdrawn', nextReminderAt: null, resolvedAt: now, updatedAt: now },
    liftImposed: true,
  }
}
