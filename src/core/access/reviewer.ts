import { err, ok, type Result } from '../result.ts'
import type { Instant } from '../time.ts'

/**
 * The roles of the people who work cases, each including the one before: a `reviewer` reads accounts and their
 * evidence, a `lead` also oversees the reviewers, an `admin` also manages them.
 */
export const REVIEWER_ROLES = ['reviewer', 'lead', 'admin'] as const

export type ReviewerRole = (typeof REVIEWER_ROLES)[number]

/** A person who signs in to review accounts. The password is never part of it (see the reviewer store). */
export interface Reviewer {
  readonly id: string
  /** The sign-in name: lowercase, unique. */
  readonly name: string
  readonly role: ReviewerRole
  readonly createdAt: Instant
  /** When the reviewer was disabled (no sign-in, every session ended); null while active. */
  readonly disabledAt: Instant | null
}

/** Which role each reviewer action needs at least. The HTTP routes take their requirement from this table. */
export const REVIEWER_PERMISSIONS = {
  /** Accounts, clusters, explanations, decisions, requirements, statistics. */
  'accounts.read': 'reviewer',
  'reviewers.list': 'lead',
  'reviewers.create': 'admin',
  'reviewers.disable': 'admin',
  /** Uphold or overturn the decision behind a seller's appeal, for that account. */
  'appeals.decide': 'reviewer',
  /** Overturn a cluster-wide decision for every account it reached. */
  'appeals.decide_cluster': 'lead',
  /** Pass or fail a seller's submitted evidence (documents, bills, videos) after the checklist. */
  'submissions.decide': 'reviewer',
  /** Fail a submission for good (a forged document): the requirement is refused and its consequence imposed at once. */
  'submissions.refuse': 'lead',
  /** Take a case, and close it with an outcome. */
  'cases.work': 'reviewer',
  /** Take a case someone else holds. */
  'cases.reassign': 'lead',
  /** Read the audit trail. */
  'audit.read': 'lead',
  /** Lift a restriction (reinstate) outside an appeal. */
  'restrictions.lift': 'lead',
  /** Start a sweep of a stored policy version over the API (a dry run, or an apply that records its decisions). */
  'sweeps.run': 'lead',
} as const satisfies Record<string, ReviewerRole>

export type ReviewerAction = keyof typeof REVIEWER_PERMISSIONS

/** Shortest password accepted when one is chosen by hand (a generated one is far longer). */
export const MIN_PASSWORD_LENGTH = 12

/** Longest password accepted: bounds the work one sign-in request can cause. */
export const MAX_PASSWORD_LENGTH = 1024

/** True when `role` is `min` or above it (`admin` ≥ `lead` ≥ `reviewer`). */
export function roleAtLeast(role: ReviewerRole, min: ReviewerRole): boolean {
  return REVIEWER_ROLES.indexOf(role) >= REVIEWER_ROLES.indexOf(min)
}

/** True when the reviewer is active and its role allows the action. */
export function canReviewer(reviewer: Reviewer, action: ReviewerAction): boolean {
  return reviewer.disabledAt === null && roleAtLeast(reviewer.role, REVIEWER_PERMISSIONS[action])
}

/** Reads a role name: `reviewer`, `lead` or `admin`. */
export function parseReviewerRole(text: string): Result<ReviewerRole, string> {
  const role = text.trim().toLowerCase()
  return (REVIEWER_ROLES as readonly string[]).includes(role)
    ? ok(role as ReviewerRole)
    : err(`unknown role ${JSON.stringify(text)}: choose from ${REVIEWER_ROLES.join(', ')}`)
}

const NAME = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}._@-]{0,63}$/u

/**
 * A sign-in name: 1 to 64 letters, digits and `._@-`, starting with a letter or digit; folded to lowercase, so that
 * `Ana` and `ana` are one reviewer.
 */
export function parseReviewerName(text: string): Result<string, string> {
  const name = text.trim().normalize('NFC').toLowerCase()
  return NAME.test(name)
    ? ok(name)
    : err('a name of 1 to 64 letters, digits and . _ @ -, starting with a letter or digit')
}

/** A password chosen by hand: at least {@link MIN_PASSWORD_LENGTH} characters, at most {@link MAX_PASSWORD_LENGTH}. */
export function parsePassword(text: string): Result<string, string> {
  if (text.length < MIN_PASSWORD_LENGTH) return err(`a password of at least ${MIN_PASSWORD_LENGTH} characters`)
  if (text.length > MAX_PASSWORD_LENGTH) return err(`a password of at most ${MAX_PASSWORD_LENGTH} characters`)
  return ok(text)
}
