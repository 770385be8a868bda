import { toInstant } from '../core/time.ts'
import type { Clock, IdempotencyStore } from '../ports/index.ts'

export interface AnswerOnceDeps {
  readonly idempotency: IdempotencyStore
  readonly clock: Clock
  /** Requests being answered now, in this process, by `owner` and key. */
  readonly inFlight: Set<string>
}

/** A request that carries an idempotency key. */
export interface IdempotentRequest {
  /** Whose key space it is (the API key id): two integrations may choose the same key. */
  readonly owner: string
  readonly key: string
  /** Digest of what was sent. */
  readonly fingerprint: string
}

export type AnswerOnce =
  /** Done now, and saved for retries. */
  | { readonly kind: 'answered'; readonly answer: string }
  /** Done before: the first answer, not done again. */
  | { readonly kind: 'replayed'; readonly answer: string }
  /** The key was used before for a different request. */
  | { readonly kind: 'mismatch' }
  /** The same key is being answered right now. */
  | { readonly kind: 'in_flight' }

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000

/**
 * Does a write at most once per idempotency key: the first request runs `answer` and its result is saved; a retry
 * with the same key and the same fingerprint gets the saved answer; another request with that key is a mismatch.
 * A request that fails (throws) saves nothing, so it may be retried. Answers are kept {@link IDEMPOTENCY_RETENTION_MS}.
 */
export async function answerOnce(
  deps: AnswerOnceDeps,
  request: IdempotentRequest,
  answer: () => Promise<string>,
): Promise<AnswerOnce> {
  const saved = await deps.idempotency.find(request.owner, request.key)
  if (saved !== undefined) {
    return saved.fingerprint === request.fingerprint ? { kind: 'replayed', answer: saved.answer } : { kind: 'mismatch' }
  }
  const slot = `${request.owner}\u0000${request.key}`
  if (deps.inFlight.has(slot)) return { kind: 'in_flight' }
  deps.inFlight.add(slot)
  try {
    const fresh = await answer()
    const now = deps.clock.now()
    const kept = await deps.idempotency.save(request.owner, request.key, {
      fingerprint: request.fingerprint,
      answer: fresh,
      savedAt: now,
    })
    await deps.idempotency.forgetBefore(toInstant(now - IDEMPOTENCY_RETENTION_MS))
    // Another process may have saved first; the request was done either way, and records are idempotent.
    return kept.fingerprint === request.fingerprint ? { kind: 'answered', answer: fresh } : { kind: 'mismatch' }
  } finally {
    deps.inFlight.delete(slot)
  }
}
