import type { Notice } from './workflow-store.ts'

/**
 * Delivers a notice to the seller. At least once: a notice whose delivery succeeded but was not marked sent (a crash
 * in between) is sent again, with the same Message-ID (`<notice key>@oneseller`) so that mail systems can tell.
 */
export interface NoticeSender {
  /** The channel recorded with each notice sent: `smtp` or `outbox`. */
  readonly channel: string
  /** Throws when the notice could not be handed over; the caller records the error and retries later. */
  send(notice: Notice): Promise<void>
}
