import {
  DEFAULT_PORTAL_TOKEN_TTL_SECONDS,
  parsePortalTokenTtl,
  portalToken,
  portalTokenText,
  readPortalToken,
} from '../core/access/portal-token.ts'
import { OnesellerError } from '../core/errors.ts'
import type { AccountId } from '../core/ids.ts'
import { err, ok, type Result } from '../core/result.ts'
import { type Instant, toInstant } from '../core/time.ts'
import type { Clock, EventStore, Secrets } from '../ports/index.ts'

export interface PortalTokenDeps {
  readonly events: Pick<EventStore, 'getAccount'>
  readonly secrets: Secrets
  readonly clock: Clock
}

/** A token for the seller of one account, to hand to them; it works until `expiresAt` and cannot be revoked. */
export interface IssuedPortalToken {
  readonly token: string
  readonly account: string
  readonly expiresAt: Instant
}

/** Whom a working token is for. */
export interface PortalSeller {
  readonly account: string
  readonly expiresAt: Instant
}

/**
 * Why a token was refused: `malformed` (not a token of this format), `forged` (altered, or signed under another
 * secret), `expired`. Expiry is only said of a token whose signature holds.
 */
export type PortalTokenRefusal = 'malformed' | 'forged' | 'expired'

/**
 * Signs a token for the seller of `account`, lasting `ttlSeconds` (default one hour, at most 24 hours; the expiry is
 * rounded down to a whole second). The account must be known. `secret` is the server's portal secret: every server
 * that must accept the token needs the same one. Throws `invalid_input` for a bad lifetime, `not_found` for an
 * unknown account.
 */
export async function issuePortalToken(
  deps: PortalTokenDeps,
  request: { readonly account: string; readonly ttlSeconds?: number | undefined; readonly secret: string },
): Promise<IssuedPortalToken> {
  const ttl = parsePortalTokenTtl(request.ttlSeconds ?? DEFAULT_PORTAL_TOKEN_TTL_SECONDS)
  if (!ttl.ok) throw new OnesellerError('invalid_input', `ttlSeconds: ${ttl.error}`)
  assertSecret(request.secret)
  if ((await deps.events.getAccount(request.account as AccountId)) === undefined) {
    throw new OnesellerError(
      'not_found',
      `no account ${JSON.stringify(request.account)}: a portal token is issued only for an account the store knows`,
    )
  }
  const expiresAt = toInstant((Math.floor(deps.clock.now() / 1000) + ttl.value) * 1000)
  const signed = portalTokenText(request.account, expiresAt)
  const token = portalToken(signed, deps.secrets.hmacSha256(request.secret, signed))
  return { token, account: request.account, expiresAt }
}

/** The seller a token is for, when its signature holds under `secret` and it has not expired. */
export function verifyPortalToken(
  deps: Pick<PortalTokenDeps, 'secrets' | 'clock'>,
  token: string,
  secret: string,
): Result<PortalSeller, PortalTokenRefusal> {
  assertSecret(secret)
  const claims = readPortalToken(token)
  if (!claims.ok) return err('malformed')
  const { signed, signature, account, expiresAt } = claims.value
  if (!deps.secrets.sameSecret(deps.secrets.hmacSha256(secret, signed), signature)) return err('forged')
  if (expiresAt <= deps.clock.now()) return err('expired')
  return ok({ account, expiresAt })
}

function assertSecret(secret: string): void {
  // The configuration refuses a short secret: an empty one here is a bug, and would sign tokens anyone can make.
  if (secret.length === 0) throw new Error('the portal secret is empty')
}
