import type { VerificationKind } from '../features/index.ts'

/**
 * A policy as loaded: a named, versioned list of rules (trigger, condition, action), with the exceptions and caps
 * that keep it from hitting what it must not. Parsed from YAML by `parsePolicy`; evaluated by `evaluatePolicy`.
 */

/** When a rule is considered. */
export type Trigger = 'registration' | 'activation' | 'event' | 'schedule' | 'sweep'
export const TRIGGERS: readonly Trigger[] = ['registration', 'activation', 'event', 'schedule', 'sweep']

/** The events an `event` trigger can name. */
export type PolicyEvent =
  | 'new_link'
  | 'link_to_deactivated'
  | 'change_of_control'
  | 'verification_failed'
  | 'status_change'
  | 'profile_update'
export const POLICY_EVENTS: readonly PolicyEvent[] = [
  'new_link',
  'link_to_deactivated',
  'change_of_control',
  'verification_failed',
  'status_change',
  'profile_update',
]

/** What happens to the account (or its cluster) when a rule hits, from the mildest to the most severe. */
export type ActionType = 'approve' | 'review' | 'require_verification' | 'hold_payouts' | 'suspend' | 'deactivate'
export const ACTION_SEVERITY: Readonly<Record<ActionType, number>> = {
  approve: 0,
  review: 1,
  require_verification: 2,
  hold_payouts: 3,
  suspend: 4,
  deactivate: 5,
}

/** What a missed verification deadline leads to. */
export type ExpiryConsequence = 'hold_payouts' | 'suspend' | 'deactivate'

export type ReviewPriority = 'low' | 'normal' | 'high' | 'urgent'

export interface ActionBase {
  /** Reason code (snake_case) that notices, reports and audit records name. */
  readonly reason: string
  /** `cluster`: the action extends to every member of the account's cluster. */
  readonly scope: 'account' | 'cluster'
}

export type Action =
  | (ActionBase & { readonly type: 'approve' })
  | (ActionBase & { readonly type: 'review'; readonly priority: ReviewPriority })
  | (ActionBase & {
      readonly type: 'require_verification'
      readonly methods: readonly VerificationKind[]
      readonly deadlineDays: number
      readonly onExpiry: ExpiryConsequence
      /** Whether a pass after the deadline restores what expiry took away. */
      readonly reinstateOnLatePass: boolean
    })
  | (ActionBase & { readonly type: 'hold_payouts' })
  | (ActionBase & { readonly type: 'suspend'; readonly noticeDays: number })
  | (ActionBase & { readonly type: 'deactivate'; readonly noticeDays: number })

export interface Rule {
  readonly id: string
  readonly description: string
  readonly on: readonly Trigger[]
  /** For the `event` trigger: the events that fire it (all of them when the policy names none). */
  readonly events: readonly PolicyEvent[]
  /** The condition as written (the policy language), compiled when the policy loads. */
  readonly when: string
  readonly action: Action
  /** Where the rule starts in its file (1-based), for messages. */
  readonly line: number
}

/** Accounts approved to do what a rule would hit them for (a brand with regional stores), until `expires`. */
export interface PolicyException {
  /** Accounts named, and accounts whose cluster contains one of `clustersOf`. */
  readonly accounts: readonly string[]
  readonly clustersOf: readonly string[]
  /** Rules it exempts from; every rule when empty. */
  readonly rules: readonly string[]
  readonly reason: string
  /** Epoch milliseconds (UTC) at which the exception lapses. */
  readonly expires: number
  readonly line: number
}

export interface PolicyCaps {
  /** At most this many accounts hit by one rule per UTC day (live and applied sweeps). */
  readonly perRulePerDay: number
}

export interface Policy {
  readonly name: string
  readonly description: string
  readonly rules: readonly Rule[]
  readonly exceptions: readonly PolicyException[]
  readonly caps: PolicyCaps
}
