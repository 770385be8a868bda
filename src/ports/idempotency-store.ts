import type { Instant } from '../core/time.ts'

/** The first answer given to a request that carried an idempotency key. */
export interface SavedAnswer {
  /** Digest of what the request sent: a retry must send the same. */
  readonly fingerprint: string
  /** The answer, opaque to the store (the edge that saved it reads it back). */
  readonly answer: string
  readonly savedAt: Instant
}

/** Answers kept per (owner, idempotency key), so that a retried write is answered without being done twice. */
export interface IdempotencyStore {
  find(owner: string, key: string): Promise<SavedAnswer | undefined>
  /** Keeps the answer unless one is already kept for (owner, key); returns the one kept. */
  save(owner: string, key: string, saved: SavedAnswer): Promise<SavedAnswer>
  /** Forgets the answers saved before `before`; returns how many. */
  forgetBefore(before: Instant): Promise<number>
}
