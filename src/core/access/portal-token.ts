import { err, ok, type Result } from '../result.ts'
import type { Instant } from '../time.ts'

/**
 * Seller portal tokens: the marketplace asks oneseller for one and hands it to the seller, who may then read only
 * their own account. A token is `osp_<payload>.<signature>`: `payload` is the base64url of `1.<expiry>.<account>`
 * (format version, expiry in epoch seconds, the account id as UTF-8) and `signature` the base64url HMAC-SHA256 of
 * everything before the dot, under the server's portal secret. Nothing is stored: the signature is the proof.
 * This module only reads and writes the format; signing is the `Secrets` port's.
 */
export const PORTAL_TOKEN_PREFIX = 'osp_'

/** How long a token lasts when the marketplace does not say: one visit to the portal. */
export const DEFAULT_PORTAL_TOKEN_TTL_SECONDS = 60 * 60

/** The longest a token may last: a token cannot be revoked, so it must not outlive a day. */
export const MAX_PORTAL_TOKEN_TTL_SECONDS = 24 * 60 * 60

/** Longest token read: a 256-character account id fits several times over; anything longer is not ours. */
const MAX_TOKEN_LENGTH = 2048

const FORMAT_VERSION = '1'

/** What a token says, once read: whom it is for and until when, with the text its signature covers. */
export interface PortalTokenClaims {
  readonly account: string
  /** The token is refused from this instant on. */
  readonly expiresAt: Instant
  /** `osp_<payload>`: the text the signature covers. */
  readonly signed: string
  readonly signature: string
}

/** The text to sign for a token for `account` that expires at `expiresAt` (rounded down to a whole second). */
export function portalTokenText(account: string, expiresAt: Instant): string {
  const seconds = Math.floor(expiresAt / 1000)
  return `${PORTAL_TOKEN_PREFIX}${toBase64Url(new TextEncoder().encode(`${FORMAT_VERSION}.${seconds}.${account}`))}`
}

/** The token: the signed text and its signature. */
export function portalToken(signed: string, signature: string): string {
  return `${signed}.${signature}`
}

/** Reads a token's parts, without checking the signature or the expiry; an error for anything not in the format. */
export function readPortalToken(token: string): Result<PortalTokenClaims, string> {
  if (token.length > MAX_TOKEN_LENGTH || !token.startsWith(PORTAL_TOKEN_PREFIX)) return err('not a portal token')
  const dot = token.lastIndexOf('.')
  if (dot < 0) return err('no signature')
  const signed = token.slice(0, dot)
  const signature = token.slice(dot + 1)
  const bytes = fromBase64Url(signed.slice(PORTAL_TOKEN_PREFIX.length))
  if (bytes === undefined || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return err('not base64url')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return err('not UTF-8')
  }
  const parts = /^([0-9]+)\.([0-9]{1,12})\.([\s\S]+)$/.exec(text)
  if (parts === null || parts[1] !== FORMAT_VERSION) return err('unknown format')
  return ok({
    account: parts[3] as string,
    expiresAt: (Number(parts[2]) * 1000) as Instant,
    signed,
    signature,
  })
}

/** Reads a lifetime in seconds: a whole number from 1 to {@link MAX_PORTAL_TOKEN_TTL_SECONDS}. */
export function parsePortalTokenTtl(seconds: number): Result<number, string> {
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_PORTAL_TOKEN_TTL_SECONDS
    ? ok(seconds)
    : err(`a whole number of seconds from 1 to ${MAX_PORTAL_TOKEN_TTL_SECONDS} (24 hours)`)
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const VALUE_OF = new Map([...ALPHABET].map((c, i) => [c, i]))

/** Base64url without padding (RFC 4648 §5). */
function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6))
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63]
  }
  return out
}

/** The bytes of base64url text without padding; undefined for any other text (a stray character, a bad length). */
function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined
  const out = new Uint8Array(Math.floor((text.length * 6) / 8))
  let bits = 0
  let value = 0
  let o = 0
  for (const c of text) {
    const v = VALUE_OF.get(c)
    if (v === undefined) return undefined
    value = ((value << 6) | v) & 0xffff // fewer than 14 bits are ever pending
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 255
    }
  }
  // Leftover bits must be zero, so that one byte string has one encoding and a token cannot be altered unnoticed.
  if ((value & ((1 << bits) - 1)) !== 0) return undefined
  return out
}
