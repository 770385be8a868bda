import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../compose.ts'
import { API_KEY_PREFIX, type ApiKey, canUseScope } from '../core/access/api-key.ts'
import { PORTAL_TOKEN_PREFIX } from '../core/access/portal-token.ts'
import { REVIEWER_PERMISSIONS, type Reviewer, type ReviewerRole, roleAtLeast } from '../core/access/reviewer.ts'
import { SESSION_TOKEN_PREFIX } from '../core/access/reviewer-session.ts'
import type { Instant } from '../core/time.ts'
import { HttpError } from './http-errors.ts'

/** Who sent a request, once its credential holds. */
export type Principal =
  /** A marketplace integration, with an API key (`osk_…`). */
  | { readonly kind: 'apiKey'; readonly key: ApiKey }
  /** A reviewer signed in, with a session token (`oss_…`), as a bearer token or in the session cookie. */
  | { readonly kind: 'reviewer'; readonly reviewer: Reviewer; readonly expiresAt: Instant; readonly token: string }
  /** The seller of one account, with a portal token (`osp_…`) the marketplace issued. */
  | { readonly kind: 'seller'; readonly account: string; readonly expiresAt: Instant }

declare module 'fastify' {
  interface FastifyRequest {
    /** The key the request presented, on routes that require one. */
    apiKey: ApiKey | null
    /** Who sent the request, on routes that require a credential. */
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Reviewers signed in with at least this role may call the route (besides API keys with `scope`). */
    role?: ReviewerRole
    /** The seller of the account the route's `:id` names may call it with a portal token for that account. */
    seller?: boolean
    /** Any principal may call the route: an API key of any scope, any reviewer, any seller (`GET /v1/me`). */
    anyPrincipal?: boolean
  }
}

/** Who may read accounts, clusters and statistics: API keys with the `read` scope and every reviewer. */
export const READERS = { scope: 'read', role: REVIEWER_PERMISSIONS['accounts.read'] } as const

/** Who may read one account's own routes (`:id`): the {@link READERS} and that account's seller. */
export const ACCOUNT_READERS = { ...READERS, seller: true } as const

/** The cookie a browser keeps the session token in (set by `POST /v1/session`). */
export const SESSION_COOKIE = 'oneseller_session'

/** The OpenAPI security schemes of the three kinds of principal. */
export const SECURITY_SCHEMES = {
  apiKey: { type: 'http', scheme: 'bearer', description: 'an API key (`osk_…`) from `oneseller apikey create`' },
  reviewerSession: {
    type: 'http',
    scheme: 'bearer',
    description: 'a reviewer session token (`oss_…`) from `POST /v1/session`; the roles are the least role needed',
  },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'the same session, in a browser' },
  portalToken: {
    type: 'http',
    scheme: 'bearer',
    description: "a seller portal token (`osp_…`) from `POST /v1/portal-tokens`: reads only its own account's routes",
  },
} as const

const BEARER = /^Bearer +([\x21-\x7e]{1,2048})$/i
const COOKIE_VALUE = /^[\x21-\x7e]{1,512}$/

/**
 * Every route whose config names who may call it (`scope`, `role`, `seller`, `anyPrincipal`) requires a credential,
 * as `Authorization: Bearer <credential>`, told apart by its prefix: an API key (`osk_`), a reviewer session (`oss_`,
 * also read from the session cookie when no Authorization header is sent) or a seller portal token (`osp_`).
 * 401 without one, or with one that is unknown, revoked, expired or altered; 403 when the route does not accept that
 * principal (an API key without the scope, a reviewer below the role, the seller of another account). Runs first,
 * before the body is read.
 */
export function registerAuthentication(
  server: FastifyInstance,
  app: App,
  opts: { readonly portalSecret: string },
): void {
  server.decorateRequest('apiKey', null)
  server.decorateRequest('principal', null)
  server.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config
    if (!isProtectedRoute(config)) return
    const credential = presentedCredential(request)
    if (credential === undefined) throw unauthorized(reply, `send ${credentialsFor(config)}`)
    const identified = await identify(app, credential, opts.portalSecret)
    if (typeof identified === 'string') throw unauthorized(reply, identified)
    const refusal = refusalOf(identified, config, request.params)
    if (refusal !== undefined) throw new HttpError(403, 'forbidden', refusal)
    request.principal = identified
    if (identified.kind === 'apiKey') request.apiKey = identified.key
  })
}

/** True when the route requires a credential. */
export function isProtectedRoute(config: FastifyContextConfig | undefined): boolean {
  return (
    config?.scope !== undefined ||
    config?.role !== undefined ||
    config?.seller === true ||
    config?.anyPrincipal === true
  )
}

/** How a principal is named as the actor of what it does (audit trail, decisions). */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'apiKey':
      return `apikey:${principal.key.id}`
    case 'reviewer':
      return `reviewer:${principal.reviewer.name}`
    case 'seller':
      return `seller:${principal.account}`
  }
}

/** What the rate limit counts a request against: its principal, else the client address. */
export function rateLimitKey(request: FastifyRequest): string {
  const p = request.principal
  if (p === null) return `ip:${request.ip}`
  switch (p.kind) {
    case 'apiKey':
      return `key:${p.key.id}`
    case 'reviewer':
      return `reviewer:${p.reviewer.id}`
    case 'seller':
      return `seller:${p.account}`
  }
}

/** The OpenAPI security requirement of a route: one alternative per kind of principal it accepts. */
export function securityOf(config: FastifyContextConfig | undefined): Record<string, string[]>[] | undefined {
  if (config === undefined || !isProtectedRoute(config)) return undefined
  if (config.anyPrincipal === true) return Object.keys(SECURITY_SCHEMES).map((name) => ({ [name]: [] }))
  return [
    ...(config.scope === undefined ? [] : [{ apiKey: [config.scope as string] }]),
    ...(config.role === undefined ? [] : [{ reviewerSession: [config.role] }, { sessionCookie: [config.role] }]),
    ...(config.seller === true ? [{ portalToken: ['seller of {id}'] }] : []),
  ]
}

/** The credential a request carries: the bearer token, else (no Authorization header at all) the session cookie. */
function presentedCredential(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (authorization !== undefined) return BEARER.exec(authorization)?.[1]
  return sessionCookieOf(request.headers.cookie)
}

function sessionCookieOf(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue
    const value = part.slice(eq + 1).trim()
    // The cookie carries a session and nothing else: a key or portal token found there was not put there by us.
    return COOKIE_VALUE.test(value) && value.startsWith(SESSION_TOKEN_PREFIX) ? value : undefined
  }
  return undefined
}

/** The principal behind a credential, or why it is refused (the 401 message). */
async function identify(app: App, credential: string, portalSecret: string): Promise<Principal | string> {
  if (credential.startsWith(API_KEY_PREFIX)) {
    const key = await app.authenticateApiKey(credential)
    return key === undefined ? 'the API key is unknown or revoked' : { kind: 'apiKey', key }
  }
  if (credential.startsWith(SESSION_TOKEN_PREFIX)) {
    const session = await app.authenticateSession(credential)
    return session === undefined
      ? 'the session is unknown, expired or signed out: sign in again (POST /v1/session)'
      : { kind: 'reviewer', reviewer: session.reviewer, expiresAt: session.expiresAt, token: credential }
  }
  if (credential.startsWith(PORTAL_TOKEN_PREFIX)) {
    const seller = app.verifyPortalToken(credential, portalSecret)
    if (seller.ok) return { kind: 'seller', ...seller.value }
    switch (seller.error) {
      case 'expired':
        return 'the portal token has expired: ask the marketplace for a new one'
      case 'forged':
        return 'the portal token was not signed by this service (altered, or signed with another secret)'
      case 'malformed':
        return 'the portal token is malformed'
    }
  }
  return 'the credential is unknown: send an API key (osk_…), a session token (oss_…) or a portal token (osp_…)'
}

/** Why the route refuses this principal (the 403 message); undefined when it accepts it. */
function refusalOf(principal: Principal, config: FastifyContextConfig, params: unknown): string | undefined {
  if (config.anyPrincipal === true) return undefined
  switch (principal.kind) {
    case 'apiKey':
      if (config.scope === undefined) return 'API keys cannot call this route'
      return canUseScope(principal.key, config.scope)
        ? undefined
        : `this API key lacks the "${config.scope}" scope this route requires`
    case 'reviewer':
      if (config.role === undefined) return 'reviewers cannot call this route'
      return roleAtLeast(principal.reviewer.role, config.role)
        ? undefined
        : `this route needs the ${config.role} role or above; this reviewer is a ${principal.reviewer.role}`
    case 'seller': {
      if (config.seller !== true) return "a portal token reads only its own account's routes; this is not one of them"
      const id = (params as { readonly id?: unknown } | undefined)?.id
      return id === principal.account ? undefined : 'a portal token reads only the account it was issued for'
    }
  }
}

function credentialsFor(config: FastifyContextConfig): string {
  const kinds = [
    ...(config.scope !== undefined || config.anyPrincipal ? ['an API key (oneseller apikey create)'] : []),
    ...(config.role !== undefined || config.anyPrincipal ? ['a session token (POST /v1/session)'] : []),
    ...(config.seller === true || config.anyPrincipal ? ['a portal token'] : []),
  ]
  return `${kinds.join(' or ')}: Authorization: Bearer <credential>`
}

function unauthorized(reply: FastifyReply, message: string): HttpError {
  reply.header('www-authenticate', 'Bearer realm="oneseller"')
  return new HttpError(401, 'unauthorized', message)
}
