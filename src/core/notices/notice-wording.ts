import type { ExpiryConsequence } from '../policy/policy.ts'
import type { NoticeMethodState } from './notice-facts.ts'

/** What a restriction takes away. */
export type RestrictionKind = ExpiryConsequence

/** Why a restriction was lifted. */
export type LiftCause = 'late_pass' | 'appeal' | 'reviewer'

/** What a decision asked for, in words, for notices about it (appeals). */
export type ActionInWords =
  | { readonly type: 'approve' | 'review' }
  | { readonly type: 'require_verification'; readonly methods: string }
  | { readonly type: RestrictionKind }

/** The ways to seek redress, each a paragraph. */
export interface RedressWording {
  readonly appeal: string
  readonly complaintHandling: string
  readonly outOfCourt: string
  readonly judicial: string
}

/**
 * The sentences of one language for every notice. Arguments are already in words (dates in the seller's zone,
 * method names, masked ids); each result is plain text, escaped by the HTML renderer. Every notice's layout is the
 * composer's, so both languages say the same things in the same order.
 */
export interface NoticeWording {
  /** HTML `lang`. */
  readonly lang: string
  greeting(name: string | undefined): string
  signOff(sender: string | undefined): readonly string[]
  footer(ref: {
    readonly account: string
    /** Undefined before the account registered on a storefront. */
    readonly marketplace: string | undefined
    readonly decision: number
    readonly requirement?: number
    readonly appeal?: number
  }): string
  /** The seller's account as a sentence names it: "your seller account A1 on the US storefront". */
  accountRef(account: string, marketplace: string | undefined): string

  readonly headings: {
    readonly decided: string
    readonly facts: string
    readonly automation: string
    readonly ground: string
    readonly redress: string
    readonly whatToDo: string
    readonly deadline: string
    readonly why: string
    readonly disagree: string
    readonly beforeEffective: string
    readonly liftRestriction: string
    readonly nextSteps: string
    readonly statement: string
    readonly reasons: string
    readonly furtherRedress: string
  }

  restrictionName(kind: RestrictionKind): string
  /** Mid-sentence, now in force: "your account is suspended". */
  restrictionNow(kind: RestrictionKind): string
  /** What it does, in force since `when` or from `when` on. */
  restrictionEffect(kind: RestrictionKind, when: string, future: boolean): string
  /** Mid-sentence, what a missed deadline will lead to: "your selling privileges will be suspended". */
  restrictionWillApply(kind: RestrictionKind): string
  /** How long it lasts and what ends it. */
  restrictionLasts(kind: RestrictionKind, lateFix: boolean): string
  /** What the seller can do again once it is lifted. */
  restrictionLifted(kind: RestrictionKind): string
  actionSummary(action: ActionInWords): string

  scopeAccount: string
  /** `others`: how many other accounts it reaches, when known. */
  scopeCluster(others: number | undefined): string
  /** Taken for a linked account and reaching this one; `via` masked, or undefined when it cannot be shown. */
  scopeVia(via: string | undefined): string
  readonly automatedDetection: string
  automatedDecision(automated: boolean): string
  ground(g: {
    readonly policy: string
    readonly version: number
    readonly rule: string
    readonly description: string | undefined
    readonly reason: string
  }): readonly string[]
  terms(url: string | undefined): string
  noFurtherFacts: string

  redress(r: {
    readonly days: number
    readonly by: string | undefined
    readonly outOfCourtBody: string | undefined
  }): RedressWording
  readonly appealButton: string
  contact(contact: string): string
  disagreeBrief(days: number): string

  readonly requested: {
    subject(day: string): string
    readonly title: string
    intro(ref: string): string
  }
  readonly reminder: {
    subject(day: string): string
    readonly title: string
    intro(ref: string, askedAt: string): string
    timeLeft(days: number, hours: number): string
    done(methods: string): string
  }
  method(name: string, how: string, state: NoticeMethodState | undefined): string
  readonly startButton: string
  readonly noPortal: string
  deadlineCallout(at: string): string
  ifMissed(kind: RestrictionKind): string
  lateFix(fixes: boolean): string
  readonly retry: string
  requestedBy(policy: string, version: number, rule: string, automated: boolean): string

  readonly passed: {
    readonly subject: string
    readonly title: string
    intro(ref: string, askedAt: string, methods: string): string
  }
  readonly failed: {
    subject(day: string): string
    readonly title: string
    intro(ref: string, methods: string): string
    reviewerReason: string
    refusedSubject(kind: RestrictionKind): string
    readonly refusedTitle: string
    refusedIntro(ref: string, methods: string, kind: RestrictionKind): string
    refusedFact(methods: string): string
  }
  readonly expired: {
    subject(kind: RestrictionKind): string
    readonly title: string
    intro(ref: string, deadline: string, kind: RestrictionKind): string
    missing(deadline: string, methods: string): string
    askedBecause(askedAt: string): string
    readonly howToLift: string
  }
  readonly restriction: {
    subject(kind: RestrictionKind, from: string | undefined): string
    readonly title: string
    intro(ref: string): string
  }
  readonly termination: {
    subject(day: string): string
    readonly title: string
    intro(ref: string, effective: string, days: number): string
    clarify(effective: string): string
    advanceNotice(days: number): string
  }
  readonly reinstatement: {
    subject(kind: RestrictionKind): string
    readonly title: string
    intro(cause: LiftCause, kind: RestrictionKind, ref: string, when: string | undefined): string
    readonly note: string
  }
  readonly appeal: {
    readonly receivedSubject: string
    readonly receivedTitle: string
    receivedIntro(ref: string, receivedAt: string | undefined, decidedAt: string, action: string): string
    readonly nextSteps: readonly string[]
    readonly upheldSubject: string
    readonly overturnedSubject: string
    readonly outcomeTitle: string
    upheldIntro(ref: string, decidedAt: string, action: string): string
    overturnedIntro(ref: string, decidedAt: string, action: string): string
    decidedOn(at: string): string
    readonly upheldDefaultReason: string
    readonly overturnedEffect: string
    readonly apology: string
  }
}
