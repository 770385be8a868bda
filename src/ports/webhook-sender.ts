import type { WebhookEvent } from '../core/webhooks/webhook-event.ts'

/** How one delivery attempt went: the receiver's HTTP status, or why there was none. */
export interface WebhookAttempt {
  readonly url: string
  /** Null when no answer came (refused, timed out). */
  readonly status: number | null
  readonly error: string | null
  readonly durationMs: number
}

/** Posts signed webhook events to the marketplace's endpoint. */
export interface WebhookSender {
  readonly url: string
  /** One attempt; never throws: a failure is an attempt without a 2xx status. */
  send(event: WebhookEvent, nowSeconds: number): Promise<WebhookAttempt>
}
