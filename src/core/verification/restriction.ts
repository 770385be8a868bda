import type { Action, ExpiryConsequence } from '../policy/policy.ts'
import { type Instant, MS_PER_DAY } from '../time.ts'

/** What a restriction takes away: payouts held, selling suspended, or the account closed. */
export type RestrictionKind = ExpiryConsequence

/** A restriction of an account's privileges, imposed by a decision or by a missed deadline, until lifted. */
export interface Restriction {
  readonly id: number
  readonly account: string
  readonly kind: RestrictionKind
  /** The decision that imposed it (directly, or through the requirement it made). */
  readonly decision: number | null
  /** The requirement whose missed deadline or refusal imposed it. */
  readonly requirement: number | null
  /** Reason code, as the decision's action names it. */
  readonly reason: string
  readonly createdAt: Instant
  /** When it takes effect: later than `createdAt` when given with advance notice (a termination, P2B: 30 days). */
  readonly effectiveAt: Instant
  /** When the scheduler saw it take effect (and told the marketplace); null before. */
  readonly inForceAt: Instant | null
  readonly liftedAt: Instant | null
  readonly liftedBy: string | null
  readonly liftReason: string | null
}

/** A restriction to impose, as a decision's action asks. */
export interface NewRestriction {
  readonly account: string
  readonly kind: RestrictionKind
  readonly decision: number | null
  readonly requirement: number | null
  readonly reason: string
  readonly createdAt: Instant
  readonly effectiveAt: Instant
}

/**
 * The restriction a live decision imposes, if any: hold payouts now; suspend or deactivate after the action's notice
 * period (0 days: now). Approvals, reviews and requirements impose nothing by themselves.
 */
export function restrictionForAction(
  decision: { readonly id: number; readonly account: string; readonly at: Instant; readonly mode: 'live' | 'shadow' },
  action: Action,
): NewRestriction | undefined {
  if (decision.mode !== 'live') return undefined
  if (action.type !== 'hold_payouts' && action.type !== 'suspend' && action.type !== 'deactivate') return undefined
  const noticeDays = action.type === 'hold_payouts' ? 0 : action.noticeDays
  return {
    account: decision.account,
    kind: action.type,
    decision: decision.id,
    requirement: null,
    reason: action.reason,
    createdAt: decision.at,
    effectiveAt: (decision.at + noticeDays * MS_PER_DAY) as Instant,
  }
}

/** Whether a restriction holds at `at`: it has taken effect and was not lifted by then. */
export function restrictionHolds(r: Restriction, at: Instant): boolean {
  return r.effectiveAt <= at && (r.liftedAt === null || r.liftedAt > at)
}
