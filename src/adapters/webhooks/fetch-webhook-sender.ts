import type { WebhookEvent } from '../../core/webhooks/webhook-event.ts'
import type { WebhookAttempt, WebhookSender } from '../../ports/index.ts'
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.ts'

/** A receiver that has not answered within this long is treated as down; the delivery is retried later. */
const TIMEOUT_MS = 10_000

/**
 * Delivers each event as a JSON POST signed with HMAC-SHA256 over the timestamp and the exact body
 * (`oneseller-signature: t=…,v1=…`), with the event's id in `oneseller-event-id` so a receiver can drop a repeat.
 */
export class FetchWebhookSender implements WebhookSender {
  constructor(
    readonly url: string,
    private readonly secret: string,
  ) {}

  async send(event: WebhookEvent, nowSeconds: number): Promise<WebhookAttempt> {
    const body = JSON.stringify(event)
    const started = performance.now()
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'oneseller-webhooks/1',
          'oneseller-event-id': event.id,
          'oneseller-event-type': event.type,
          [SIGNATURE_HEADER]: signWebhook(this.secret, body, nowSeconds),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined)
      return {
        url: this.url,
        status: response.status,
        error: response.ok ? null : `the receiver answered ${response.status}`,
        durationMs: Math.round(performance.now() - started),
      }
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code
      const message =
        (e as Error).name === 'TimeoutError'
          ? `no answer within ${TIMEOUT_MS / 1000} s`
          : (cause ?? (e as Error).message)
      return { url: this.url, status: null, error: message, durationMs: Math.round(performance.now() - started) }
    }
  }
}
