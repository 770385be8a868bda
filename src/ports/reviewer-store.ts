import type { Reviewer } from '../core/access/reviewer.ts'
import type { Instant } from '../core/time.ts'

/** A reviewer with the hash its password is checked against. */
export interface StoredReviewer extends Reviewer {
  /** `scrypt$N$r$p$salt$hash` (see `Secrets.hashPassword`): the password itself is never stored. */
  readonly passwordHash: string
}

/** A signed-in session of a reviewer. */
export interface ReviewerSession {
  /** SHA-256 of the session token, hexadecimal: the token itself is never stored. */
  readonly idHash: string
  /** The reviewer's id. */
  readonly reviewer: string
  readonly createdAt: Instant
  /** The session is refused from this instant on. */
  readonly expiresAt: Instant
  /** When it was signed out (or its reviewer disabled); null while it works. */
  readonly revokedAt: Instant | null
}

/** Reviewers and their sessions. */
export interface ReviewerStore {
  /** Adds a reviewer; throws `conflict` when the name is taken (disabled reviewers keep theirs). */
  insert(reviewer: StoredReviewer): Promise<void>
  findByName(name: string): Promise<StoredReviewer | undefined>
  /** Every reviewer, oldest first, disabled ones included. */
  list(): Promise<readonly StoredReviewer[]>
  /**
   * Disables the reviewer at `at` (a reviewer disabled before keeps its first time) and revokes its open sessions, in
   * one transaction; undefined when no reviewer has the name.
   */
  disable(name: string, at: Instant): Promise<StoredReviewer | undefined>
  /** Adds a session; its hash is new. */
  insertSession(session: ReviewerSession): Promise<void>
  /** The session with this hash and its reviewer, whatever their state; undefined when none has it. */
  findSession(
    idHash: string,
  ): Promise<{ readonly session: ReviewerSession; readonly reviewer: StoredReviewer } | undefined>
  /** Marks the session revoked at `at` unless it already is; false when no session has the hash. */
  revokeSession(idHash: string, at: Instant): Promise<boolean>
  /** Forgets the sessions that expired before `before`; returns how many. */
  forgetSessionsBefore(before: Instant): Promise<number>
}
