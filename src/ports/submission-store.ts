import type { Instant } from '../core/time.ts'

/** The methods a seller submits evidence for (a postcard is answered with its code, not with files). */
export const SUBMISSION_METHODS = ['id_document', 'business_licence', 'utility_bill', 'video'] as const
export type SubmissionMethod = (typeof SUBMISSION_METHODS)[number]

/**
 * `received`: stored, its pending verification record not yet stored; `in_review`: the record is stored and a reviewer
 * decides; `passed`, `failed`: decided.
 */
export const SUBMISSION_STATES = ['received', 'in_review', 'passed', 'failed'] as const
export type SubmissionState = (typeof SUBMISSION_STATES)[number]

/** What a file is within its submission. */
export const SUBMISSION_FILE_ROLES = ['front', 'back', 'photo', 'frame', 'bill', 'video'] as const
export type SubmissionFileRole = (typeof SUBMISSION_FILE_ROLES)[number]

/** A file as listed with its submission (the bytes are read one file at a time). */
export interface SubmissionFileEntry {
  readonly id: number
  readonly role: SubmissionFileRole
  readonly mime: string
  readonly size: number
  /** SHA-256 of the bytes, 64 lowercase hex digits. */
  readonly sha256: string
}

/** A file to store, with its perceptual hash when it is an image that goes into the cross-account index. */
export interface NewSubmissionFile {
  readonly role: SubmissionFileRole
  readonly mime: string
  readonly sha256: string
  readonly bytes: Uint8Array
  /** 16 hex digits; indexed for the search of near-identical images across accounts. */
  readonly imageHash?: string
}

export interface NewSubmission {
  readonly account: string
  /** The open requirement it answers, when there is one. */
  readonly requirement: number | null
  readonly method: SubmissionMethod
  /** SHA-256 of the sorted SHA-256s of the files: the same files sent again are the same submission. */
  readonly fingerprint: string
  /** What the seller (or the marketplace's OCR) typed beside the files: document number, bill name, address, date. */
  readonly fields: Readonly<Record<string, unknown>>
  /** What the engine checked, as JSON for the reviewer. */
  readonly checks: Readonly<Record<string, unknown>>
  /** The typed document number as linkage keys it, searched across accounts. */
  readonly documentKey: string | null
  /** A video's person: unit embedding, searched across accounts. */
  readonly face: Float32Array | null
  /** The pending `verification` record (one JSON line) that tells the requirement of this submission. */
  readonly record: string
  readonly files: readonly NewSubmissionFile[]
  readonly createdAt: Instant
  /** `seller:<account>`, `apikey:<id>`. */
  readonly createdBy: string
}

export interface Submission {
  readonly id: number
  readonly account: string
  readonly requirement: number | null
  readonly method: SubmissionMethod
  readonly state: SubmissionState
  readonly fingerprint: string
  readonly fields: Readonly<Record<string, unknown>>
  readonly checks: Readonly<Record<string, unknown>>
  readonly documentKey: string | null
  readonly files: readonly SubmissionFileEntry[]
  readonly createdAt: Instant
  readonly createdBy: string
  readonly decidedAt: Instant | null
  readonly decidedBy: string | null
  /** The reviewer's reason, told to the seller. */
  readonly reason: string | null
  /** What the reviewer ticked. */
  readonly checklist: Readonly<Record<string, boolean>> | null
  /** A failure the reviewer made final (a forged document): the requirement was refused. */
  readonly final: boolean
}

/** A stored image whose perceptual hash is within the distance asked of one searched for. */
export interface ImageHashMatch {
  /** The hash searched for. */
  readonly searched: string
  readonly hash: string
  /** Bits that differ, 0–64. */
  readonly distance: number
  readonly account: string
  readonly submission: number
  readonly file: number
}

/** A reviewer's outcome for a submission in review. */
export interface SubmissionDecision {
  readonly id: number
  readonly outcome: 'passed' | 'failed'
  readonly reason: string
  readonly checklist: Readonly<Record<string, boolean>>
  readonly final: boolean
  readonly actor: string
  readonly at: Instant
}

/**
 * Submissions of evidence, their files and the indexes searched across accounts. Every change of state is one
 * transaction with its audit record (`submission.receive`, `submission.review`, `submission.pass`, `submission.fail`,
 * subject the account), chained into the same trail as the policy store's.
 */
export interface SubmissionStore {
  /**
   * Stores a submission (state `received`) with its files, their image hashes and band keys, and its audit record, in
   * one transaction. When the account already has a submission of the method with the same fingerprint, stores
   * nothing and returns that one with `created: false`.
   */
  receive(submission: NewSubmission): Promise<{ readonly submission: Submission; readonly created: boolean }>
  /** The account's submission of the method with these files, if any. */
  findByFingerprint(account: string, method: SubmissionMethod, fingerprint: string): Promise<Submission | undefined>
  /**
   * Moves a `received` submission to `in_review` (its pending verification record is stored), audited; a submission
   * already past `received` is returned as it is. `not_found` when unknown.
   */
  markInReview(id: number, opts: { readonly actor: string; readonly at: Instant }): Promise<Submission>
  /**
   * Records a reviewer's outcome of a submission `in_review`, audited. `conflict` when it is not in review (decided
   * by someone else first, or not yet in review); `not_found` when unknown.
   */
  decide(decision: SubmissionDecision): Promise<Submission>
  get(id: number): Promise<Submission | undefined>
  /** The pending verification record stored with a submission (see {@link NewSubmission.record}). */
  pendingRecord(id: number): Promise<string | undefined>
  /** The account's submissions, oldest first. */
  submissionsOf(account: string): Promise<readonly Submission[]>
  /** Submissions by id ascending after `afterId`; of one state when given (`in_review`: the review queue). */
  listSubmissions(opts: {
    readonly state?: SubmissionState
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Submission[]>
  /** One file of a submission with its bytes; undefined when the submission has no such file. */
  readFile(
    submission: number,
    file: number,
  ): Promise<(SubmissionFileEntry & { readonly bytes: Uint8Array }) | undefined>
  /**
   * Stored images whose hash is within `maxBits` (at most 6) of one of `hashes`, found through the band index
   * without a scan, closest first.
   */
  nearImages(hashes: readonly string[], maxBits: number): Promise<readonly ImageHashMatch[]>
  /** Submissions whose typed document number has this key (every account), oldest first, at most `limit`. */
  submissionsWithDocument(
    key: string,
    limit: number,
  ): Promise<readonly { readonly account: string; readonly submission: number; readonly method: SubmissionMethod }[]>
  /** The video embeddings of the latest `limit` submissions that have one, newest first. */
  recentFaces(
    limit: number,
  ): Promise<readonly { readonly account: string; readonly submission: number; readonly face: Float32Array }[]>
}
