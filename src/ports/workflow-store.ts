import type { NoticeKind, NoticeLocale } from '../core/notices/notice.ts'
import type { Instant } from '../core/time.ts'
import type { Appeal } from '../core/verification/appeal.ts'
import type { RequirementChange, RequirementSnapshot } from '../core/verification/requirement-lifecycle.ts'
import type { Restriction } from '../core/verification/restriction.ts'
import type { CaseOutcome, CaseState, ReviewCase } from '../core/verification/review-case.ts'
import type { Decision } from './policy-store.ts'
import type { WebhookAttempt } from './webhook-sender.ts'

/** A notice to the seller, rendered and kept in the store's outbox until sent (and afterwards, for the portal). */
export interface NewNotice {
  /** What makes it the same notice again (`audit:<seq>`): inserting a key that exists changes nothing. */
  readonly key: string
  readonly account: string
  readonly kind: NoticeKind
  readonly locale: NoticeLocale
  /** Where it is sent; null when the account declares no email (the notice is still kept for the portal). */
  readonly recipient: string | null
  readonly subject: string
  readonly text: string
  readonly html: string
  readonly createdAt: Instant
}

export interface Notice extends NewNotice {
  readonly id: number
  readonly sentAt: Instant | null
  /** `smtp` or `outbox` once sent. */
  readonly channel: string | null
  readonly attempts: number
  readonly lastError: string | null
}

/** A position in an ordered stream (the event log's seq, the audit trail's seq) that a follower has handled. */
export interface CursorMove {
  readonly name: string
  readonly position: number
}

/**
 * What the verification workflows keep: requirements as they move (reminders, submissions, expiry, late pass),
 * restrictions, the notices outbox and the followers' cursors. Every change is one transaction with its audit
 * records, chained into the same trail as the policy store's.
 */
export interface WorkflowStore {
  getRequirement(id: number): Promise<RequirementSnapshot | undefined>
  getDecision(id: number): Promise<Decision | undefined>
  /** Open (requested, reminded) requirements with a reminder due by `now`, earliest first. */
  dueReminders(now: Instant, limit: number): Promise<readonly RequirementSnapshot[]>
  /** Requested or reminded requirements whose deadline is at or before `now`, earliest first. */
  dueExpiries(now: Instant, limit: number): Promise<readonly RequirementSnapshot[]>
  /** The open or expired requirements of these accounts: what a new verification may move. */
  activeRequirementsOf(accounts: readonly string[]): Promise<readonly RequirementSnapshot[]>
  /**
   * Carries out changes in one transaction: each requirement row is updated only if it is still as the change read it
   * (same state and `updatedAt`; otherwise the change is skipped: someone else moved it first); restrictions imposed
   * or lifted; one audit record per change and per restriction; and the cursor, when given, moves.
   */
  applyRequirementChanges(
    changes: readonly RequirementChange[],
    opts: { readonly actor: string; readonly at: Instant; readonly cursor?: CursorMove },
  ): Promise<{ readonly applied: number; readonly skipped: number; readonly appliedIds: readonly number[] }>
  /** Marks restrictions whose time has come (effective by `now`, not lifted) in force, with an audit record each. */
  markRestrictionsInForce(now: Instant, limit: number): Promise<number>
  restrictionsOf(account: string): Promise<readonly Restriction[]>
  /** Lifts these restrictions (those not lifted yet), with an audit record each; returns how many were lifted. */
  liftRestrictions(
    ids: readonly number[],
    opts: { readonly actor: string; readonly reason: string; readonly at: Instant },
  ): Promise<number>
  /** Accounts with verification records stored after `afterSeq` (at most `limit` records read), and the last seq read. */
  verificationRecordsAfter(
    afterSeq: number,
    limit: number,
  ): Promise<{ readonly accounts: readonly string[]; readonly lastSeq: number }>
  /** Where a follower stands; 0 when it never moved. */
  cursor(name: string): Promise<number>
  /** Moves a follower forward (never back). */
  moveCursor(cursor: CursorMove): Promise<void>
  /** Inserts notices whose key is new, and moves the cursor, in one transaction; returns how many were new. */
  insertNotices(notices: readonly NewNotice[], cursor?: CursorMove): Promise<number>
  /** Notices not sent yet with fewer than `maxAttempts` failed attempts, oldest first. */
  unsentNotices(limit: number, maxAttempts: number): Promise<readonly Notice[]>
  markNoticeSent(id: number, channel: string, at: Instant): Promise<void>
  markNoticeFailed(id: number, error: string, at: Instant): Promise<void>
  noticesOf(account: string): Promise<readonly Notice[]>
  getNotice(id: number): Promise<Notice | undefined>
  /** Files an appeal (open) with its audit record; `conflict` when one against the decision is open already. */
  fileAppeal(appeal: NewAppeal): Promise<Appeal>
  /** The files attached to these appeals, by appeal then id. */
  appealFilesOf(appeals: readonly number[]): Promise<readonly AppealFileEntry[]>
  /** One file of an appeal with its bytes; undefined when the appeal has no such file. */
  readAppealFile(appeal: number, file: number): Promise<(AppealFileEntry & { readonly bytes: Uint8Array }) | undefined>
  getAppeal(id: number): Promise<Appeal | undefined>
  appealsOf(account: string): Promise<readonly Appeal[]>
  /** Appeals by id ascending after `afterId`; only open ones when `open`. */
  listAppeals(opts: {
    readonly open?: boolean
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Appeal[]>
  /**
   * Decides an open appeal in one transaction: its outcome and audit record; when overturned, the restrictions the
   * given decisions imposed are lifted and the requirement changes (withdrawals) carried out, each audited.
   * `conflict` when it is not open any more (another reviewer decided it first); `not_found` when unknown.
   */
  decideAppeal(decision: {
    readonly id: number
    readonly outcome: 'upheld' | 'overturned'
    readonly reason: string
    readonly actor: string
    readonly at: Instant
    readonly liftDecisions: readonly number[]
    readonly withdraw: readonly RequirementChange[]
  }): Promise<Appeal>
  /** Decisions of the account `root`, and those a cluster-scoped action made through it (`evidence.via = root`). */
  decisionsThrough(root: string): Promise<readonly Decision[]>
  /** Requirements made by these decisions. */
  requirementsOfDecisions(decisions: readonly number[]): Promise<readonly RequirementSnapshot[]>
  /**
   * Open (requested, reminded) requirements that ask for a postcard and have none issued, printed or used yet,
   * oldest first.
   */
  requirementsAwaitingPostcard(limit: number): Promise<readonly RequirementSnapshot[]>
  /** Stores a batch of issued postcards (state `issued`), each with an audit record `postcard.issue`. */
  issuePostcards(cards: readonly NewPostcard[]): Promise<readonly Postcard[]>
  /** The batch's PDF was written: its cards become `printed` (enterable). Returns how many. */
  markPostcardsPrinted(batch: string, at: Instant): Promise<number>
  /** Cards issued before `before` whose batch was never printed become `void`, so their requirements get new ones. */
  voidUnprintedPostcards(before: Instant): Promise<number>
  /** The account's latest printed or used postcard. */
  currentPostcardOf(account: string): Promise<Postcard | undefined>
  /**
   * Counts one entry of the code in one conditional update (only while unused and under `max_attempts`), marking the
   * card used when `accepted`; audited as `postcard.enter`. Undefined when the card could no longer take an entry
   * (another entry took the last attempt or used it first).
   */
  recordPostcardEntry(
    id: number,
    entry: { readonly accepted: boolean; readonly at: Instant; readonly actor: string },
  ): Promise<Postcard | undefined>
  postcardsOf(account: string): Promise<readonly Postcard[]>
  /** Cases by id, after `afterId`: those not closed unless a `state` is given; of one assignee or account when given. */
  listCases(opts: {
    readonly state?: CaseState
    readonly assignee?: string
    readonly account?: string
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly ReviewCase[]>
  getCase(id: number): Promise<ReviewCase | undefined>
  /**
   * Gives an open case to a reviewer (or one assigned to someone else, when `steal`), audited as `case.assign`;
   * `conflict` when it is closed or taken, `not_found` when unknown.
   */
  assignCase(
    id: number,
    opts: { readonly to: string; readonly actor: string; readonly at: Instant; readonly steal?: boolean },
  ): Promise<ReviewCase>
  /** Closes a case that is not closed, with its outcome, audited as `case.close`; `conflict` when closed already. */
  closeCase(
    id: number,
    opts: { readonly outcome: CaseOutcome; readonly note: string; readonly actor: string; readonly at: Instant },
  ): Promise<ReviewCase>
  /** Logs one webhook delivery attempt. */
  recordWebhookAttempt(attempt: WebhookAttemptRecord): Promise<void>
  /** The delivery log, newest first: of one event (`evt_<seq>`) when given. */
  webhookAttempts(opts: { readonly event?: string; readonly limit: number }): Promise<readonly WebhookAttemptRecord[]>
}

/** An appeal to file. */
export interface NewAppeal {
  readonly account: string
  readonly decision: number
  readonly statement: string
  readonly files: readonly string[]
  /** Files the seller attached, stored with the appeal in its transaction. */
  readonly uploads?: readonly NewAppealFile[]
  readonly filedBy: string
  readonly filedAt: Instant
}

/** A file attached to an appeal: `mime` as read from its bytes, `name` as the seller gave it. */
export interface NewAppealFile {
  readonly name: string
  readonly mime: string
  readonly sha256: string
  readonly bytes: Uint8Array
}

/** A stored file of an appeal, without its bytes. */
export interface AppealFileEntry {
  readonly id: number
  readonly appeal: number
  readonly name: string
  readonly mime: string
  readonly size: number
  readonly sha256: string
}

/** A postcard to issue: the code itself is never stored, only its keyed hash. */
export interface NewPostcard {
  readonly requirement: number
  readonly account: string
  readonly batch: string
  readonly codeHash: string
  readonly createdAt: Instant
  readonly expiresAt: Instant
  readonly maxAttempts: number
}

export interface Postcard extends NewPostcard {
  readonly id: number
  readonly state: 'issued' | 'printed' | 'used' | 'void'
  readonly printedAt: Instant | null
  readonly usedAt: Instant | null
  readonly attempts: number
}

/** One attempt at delivering a webhook event, as logged. */
export interface WebhookAttemptRecord extends WebhookAttempt {
  readonly event: string
  readonly at: Instant
}
