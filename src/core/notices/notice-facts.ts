import type { VerificationKind } from '../features/index.ts'
import type { Action, ExpiryConsequence } from '../policy/policy.ts'

/** The languages notices are written in: English and simplified Chinese. */
export type NoticeLocale = 'en' | 'zh'
export const NOTICE_LOCALES: readonly NoticeLocale[] = ['en', 'zh']

/** Every mail the verification workflow sends a seller. */
export type NoticeKind =
  | 'verification_requested'
  | 'verification_reminder'
  | 'verification_passed'
  /** An attempt did not pass (the deadline still runs), or, with `requirement.refused`, a reviewer's final refusal. */
  | 'verification_failed'
  /** The deadline passed: the consequence (hold payouts / suspend / deactivate) is now in force. */
  | 'verification_expired'
  /** hold_payouts / suspend / deactivate decided directly (DSA Art. 17 statement of reasons). */
  | 'restriction'
  /** Deactivation announced with advance notice, effective at `effectiveAt` (P2B: 30 days). */
  | 'termination_notice'
  /** A restriction lifted (late pass, appeal overturned, reviewer). */
  | 'reinstatement'
  | 'appeal_received'
  | 'appeal_upheld'
  | 'appeal_overturned'

export const NOTICE_KINDS: readonly NoticeKind[] = [
  'verification_requested',
  'verification_reminder',
  'verification_passed',
  'verification_failed',
  'verification_expired',
  'restriction',
  'termination_notice',
  'reinstatement',
  'appeal_received',
  'appeal_upheld',
  'appeal_overturned',
]

/** Where one method of a requirement stands (see `MethodProgress` in core/verification). */
export type NoticeMethodState = 'submitted' | 'passed' | 'failed'

/**
 * Everything a notice states, passed in by the caller: the notice reads no clock and no store. Times are epoch
 * milliseconds (UTC) and are shown in `timeZone`. Free texts (names, statements, reasons) are the caller's and are
 * escaped, never interpreted.
 */
export interface NoticeFacts {
  readonly kind: NoticeKind
  readonly locale: NoticeLocale
  /** IANA, e.g. 'Asia/Shanghai'; times are shown in it, with the zone named. */
  readonly timeZone: string
  /** The marketplace's account id (the seller's own: shown in full). */
  readonly account: string
  /** Business or representative name when known. */
  readonly sellerName?: string
  /** Storefront code; "" for an account not registered on one yet (the notice then names none). */
  readonly marketplace: string
  readonly decision: {
    readonly id: number
    readonly action: Action
    readonly policy: string
    readonly policyVersion: number
    readonly rule: string
    readonly ruleDescription?: string
    /** Epoch ms. */
    readonly at: number
    /** Decided by automated means (a policy) rather than by a reviewer. */
    readonly automated: boolean
    /** 'policy' or 'reviewer'. */
    readonly decidedBy: string
    /** Cluster-scoped: the linked account through which it reached this one (shown masked). */
    readonly via?: string
    readonly clusterSize?: number
  }
  /** The facts relied on, as `DecisionEvidence` in ports/policy-store.ts holds them. */
  readonly evidence: {
    readonly features: Readonly<Record<string, unknown>>
    /** Other accounts are shown masked; shared values never (only their kinds are known here). */
    readonly links: readonly { readonly other: string; readonly score: number; readonly shared: readonly string[] }[]
  }
  /** The requirement concerned; without it, verification notices read it off a `require_verification` action. */
  readonly requirement?: {
    readonly id: number
    readonly methods: readonly VerificationKind[]
    readonly deadline: number
    readonly onExpiry?: ExpiryConsequence
    readonly reinstateOnLatePass?: boolean
    /** Where each method stands: reminders list what is left, expiry notices what was missing. */
    readonly progress?: Readonly<Partial<Record<VerificationKind, NoticeMethodState>>>
    /** For `verification_failed`: the methods that did not pass (all of `methods` when absent). */
    readonly failedMethods?: readonly VerificationKind[]
    /** For `verification_failed`: a reviewer's final refusal; `onExpiry` is in force from `effectiveAt`. */
    readonly refused?: boolean
    /** For `verification_failed`: what the reviewer wrote. */
    readonly failureReason?: string
  }
  /** When a restriction / termination takes effect (a reinstatement: when the restriction was lifted). */
  readonly effectiveAt?: number
  readonly appeal?: {
    readonly id: number
    readonly statement?: string
    readonly outcome?: 'upheld' | 'overturned'
    readonly reason?: string
    readonly decidedAt?: number
    /** When the appeal was received. */
    readonly at?: number
  }
  readonly redress: {
    readonly appealUrl?: string
    readonly appealWithinDays: number
    /** The last moment to appeal, when the caller knows it (shown as a date). */
    readonly appealBy?: number
    readonly contact?: string
    readonly outOfCourtBody?: string
  }
  readonly portalUrl?: string
  /** The marketplace's terms and conditions for sellers, which the policies apply. */
  readonly termsUrl?: string
  /** For `reinstatement`: why the restriction was lifted, what it was, and the reviewer's note. */
  readonly lift?: {
    readonly cause?: 'late_pass' | 'appeal' | 'reviewer'
    readonly kind?: ExpiryConsequence
    readonly reason?: string
  }
  /** When the notice is sent: lets a reminder say how much time is left. */
  readonly sentAt?: number
  /** Who signs the mail (the marketplace's seller support); a neutral signature when absent. */
  readonly senderName?: string
}

export interface RenderedNotice {
  readonly subject: string
  readonly text: string
  readonly html: string
  readonly locale: NoticeLocale
}
