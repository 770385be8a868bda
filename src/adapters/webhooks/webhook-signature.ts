import { createHmac, timingSafeEqual } from 'node:crypto'

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'oneseller-signature'

/** How old a signed delivery may be before a receiver refuses it as a replay, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** Signs a webhook body at `timestamp` (unix seconds) with the endpoint's secret: the signature header's value. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${mac}`
}

export type SignatureCheck =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'mismatch' | 'too_old' | 'in_future' }

/**
 * What a receiver runs on each delivery: the signature must match the raw body (as received, before any JSON
 * parsing) and the timestamp must be within `toleranceSeconds` of the receiver's clock, so a captured delivery
 * cannot be replayed later. Compares in constant time. Several `v1=` values (a secret being rotated) are accepted.
 */
export function verifyWebhookSignature(delivery: {
  readonly secret: string
  /** The `oneseller-signature` header as received. */
  readonly header: string | undefined
  /** The raw body, as received. */
  readonly body: string
  readonly nowSeconds: number
  readonly toleranceSeconds?: number
}): SignatureCheck {
  const { secret, header, body, nowSeconds, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = delivery
  if (header === undefined) return { ok: false, reason: 'malformed' }
  const parts = header.split(',').map((p) => p.trim().split('='))
  const t = parts.find(([k]) => k === 't')?.[1]
  const macs = parts.filter(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => v!)
  if (t === undefined || !/^\d{1,12}$/.test(t) || macs.length === 0) return { ok: false, reason: 'malformed' }
  const timestamp = Number(t)
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'))
  if (!macs.some((m) => timingSafeEqual(Buffer.from(m), expected))) return { ok: false, reason: 'mismatch' }
  if (nowSeconds - timestamp > toleranceSeconds) return { ok: false, reason: 'too_old' }
  if (timestamp - nowSeconds > toleranceSeconds) return { ok: false, reason: 'in_future' }
  return { ok: true, timestamp }
}
