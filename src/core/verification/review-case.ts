import type { ReviewPriority } from '../policy/policy.ts'
import type { Instant } from '../time.ts'

/**
 * A case: an account a policy sent to a person (`review` action), with a priority and a service level. It is open
 * until a reviewer takes it (assigned) and closes it with an outcome.
 */
export type CaseState = 'open' | 'assigned' | 'closed'

/** What the reviewer concluded. */
export type CaseOutcome = 'no_action' | 'action_taken' | 'escalated'
export const CASE_OUTCOMES: readonly CaseOutcome[] = ['no_action', 'action_taken', 'escalated']

export interface ReviewCase {
  readonly id: number
  readonly account: string
  readonly decision: number
  readonly priority: ReviewPriority
  /** The decision's reason code. */
  readonly reason: string
  readonly state: CaseState
  readonly assignee: string | null
  readonly createdAt: Instant
  /** When it should be closed by, from its priority. */
  readonly dueAt: Instant
  readonly assignedAt: Instant | null
  readonly closedAt: Instant | null
  readonly outcome: CaseOutcome | null
  readonly note: string | null
}

/** How long a case of each priority may stay open: the service level the queue is measured against. */
export const CASE_SLA_HOURS: Readonly<Record<ReviewPriority, number>> = {
  urgent: 4,
  high: 24,
  normal: 72,
  low: 168,
}

/** When a case of this priority made at `at` is due. */
export function caseDueAt(priority: ReviewPriority, at: Instant): Instant {
  return (at + CASE_SLA_HOURS[priority] * 3_600_000) as Instant
}

/** Priorities from the most to the least pressing: the queue's order, before age. */
export const PRIORITY_ORDER: readonly ReviewPriority[] = ['urgent', 'high', 'normal', 'low']
