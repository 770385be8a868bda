import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatTime } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import { API_KEY_SCOPES } from '../../core/access/api-key.ts'
import { MAX_PORTAL_TOKEN_TTL_SECONDS } from '../../core/access/portal-token.ts'
import { MAX_PASSWORD_LENGTH, REVIEWER_PERMISSIONS, REVIEWER_ROLES, type Reviewer } from '../../core/access/reviewer.ts'
import { actorOf, type Principal, SESSION_COOKIE } from '../authenticate.ts'
import { HttpError } from '../http-errors.ts'
import { jsonObjectBody } from '../request-body.ts'
import { errorResponses } from '../schemas.ts'

/** Sign-in requests allowed per client address a minute: a person signs in a few times a day. */
const SIGN_IN_REQUESTS_PER_MINUTE = 30

const reviewerSchema = z
  .object({
    name: z.string(),
    role: z.enum(REVIEWER_ROLES),
    createdAt: z.string(),
    disabledAt: z.string().nullable().describe('when the reviewer was disabled; null while active'),
  })
  .meta({ id: 'Reviewer' })

const sessionSchema = z
  .object({
    token: z.string().describe('the session token (`oss_…`): send it as `Authorization: Bearer <token>`; shown once'),
    expiresAt: z.string(),
    reviewer: z.object({ name: z.string(), role: z.enum(REVIEWER_ROLES) }),
  })
  .meta({ id: 'Session' })

const meSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('apiKey'),
      apiKey: z.object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)) }),
    }),
    z.object({
      kind: z.literal('reviewer'),
      reviewer: z.object({ name: z.string(), role: z.enum(REVIEWER_ROLES) }),
      expiresAt: z.string(),
    }),
    z.object({ kind: z.literal('seller'), account: z.string(), expiresAt: z.string() }),
  ])
  .meta({ id: 'Principal' })

const portalTokenSchema = z
  .object({
    token: z.string().describe("the portal token (`osp_…`) to hand to the account's seller"),
    account: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'PortalToken' })

const reviewerName = z.string().min(1).max(256)

/**
 * Credentials: reviewers sign in and out (`/v1/session`), anyone asks who they are (`/v1/me`), marketplaces issue
 * seller portal tokens (`/v1/portal-tokens`), and reviewers are managed by role (`/v1/reviewers`).
 */
export function registerSessionRoutes(
  server: FastifyInstance,
  app: App,
  opts: { readonly portalSecret: string; readonly secureCookie: boolean },
): void {
  const api = server.withTypeProvider<ZodTypeProvider>()
  const cookie = (value: string, maxAgeSeconds: number) =>
    [
      `${SESSION_COOKIE}=${value}`,
      'Path=/',
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(opts.secureCookie ? ['Secure'] : []),
    ].join('; ')

  api.post(
    '/v1/session',
    {
      preValidation: jsonObjectBody,
      config: {
        rateLimit: {
          max: SIGN_IN_REQUESTS_PER_MINUTE,
          timeWindow: 60_000,
          allowList: () => false,
          keyGenerator: (request) => `sign-in:${request.ip}`,
          errorResponseBuilder: (_request, context) =>
            new HttpError(
              429,
              'rate_limited',
              `this address may try ${context.max} sign-ins a minute: retry after ${context.after}`,
            ),
        },
      },
      schema: {
        tags: ['access'],
        summary: 'Sign a reviewer in: name and password to a session token (12 hours), also set as a cookie',
        description: [
          'Answers the token once; only its SHA-256 is stored. The token also goes into the `oneseller_session` cookie',
          '(HttpOnly, SameSite=Strict, Secure in production) for a browser. An unknown name and a wrong password',
          'are refused alike (401); after 10 failures of one name in 15 minutes, that name is refused (429) until the',
          'oldest failure is 15 minutes old. A disabled reviewer with the right password is refused 403.',
        ].join(' '),
        body: z.object({ name: reviewerName, password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
        response: { 200: sessionSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      const signed = await app.signIn(request.body)
      if (!signed.ok) {
        switch (signed.error.code) {
          case 'invalid_credentials':
            throw new HttpError(401, 'unauthorized', 'the name or the password is wrong')
          case 'disabled':
            throw new HttpError(403, 'forbidden', 'this reviewer is disabled: ask an admin')
          case 'throttled': {
            const seconds = Math.max(1, Math.ceil((signed.error.retryAt - app.clock.now()) / 1000))
            reply.header('retry-after', String(seconds))
            throw new HttpError(
              429,
              'rate_limited',
              `too many failed sign-ins for this name: retry in ${seconds} seconds`,
            )
          }
        }
      }
      const { token, expiresAt, reviewer } = signed.value
      const maxAge = Math.floor((expiresAt - app.clock.now()) / 1000)
      reply.header('set-cookie', cookie(token, maxAge))
      return { token, expiresAt: formatTime(expiresAt), reviewer: { name: reviewer.name, role: reviewer.role } }
    },
  )

  api.delete(
    '/v1/session',
    {
      config: { role: 'reviewer' },
      schema: {
        tags: ['access'],
        summary: 'Sign out: the session token (bearer or cookie) stops working at once, and the cookie is cleared',
        response: { 204: z.null().describe('signed out'), ...errorResponses(401, 403, 429) },
      },
    },
    async (request, reply) => {
      const principal = reviewerOf(request.principal)
      await app.signOut(principal.token)
      reply.header('set-cookie', cookie('', 0))
      return reply.code(204).send(null)
    },
  )

  api.get(
    '/v1/me',
    {
      config: { anyPrincipal: true },
      schema: {
        tags: ['access'],
        summary: 'Who am I: the API key, reviewer or seller behind the credential sent',
        response: { 200: meSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => toPrincipalView(request.principal),
  )

  api.post(
    '/v1/portal-tokens',
    {
      config: { scope: 'portal:issue' },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['access'],
        summary: "Issue a seller portal token: the account's seller may then read that account, and only it",
        description: [
          'The token is signed (HMAC-SHA256) with the server secret `ONESELLER_PORTAL_SECRET` and lasts `ttlSeconds`',
          `(default 3600, at most ${MAX_PORTAL_TOKEN_TTL_SECONDS}); nothing is stored and it cannot be revoked, so keep`,
          'it short. The account must be known (404 otherwise). The seller sends it as `Authorization: Bearer <token>`.',
        ].join(' '),
        body: z.object({
          account: z.string().min(1).max(256).describe("the marketplace's account id"),
          ttlSeconds: z.number().int().min(1).max(MAX_PORTAL_TOKEN_TTL_SECONDS).optional(),
        }),
        response: { 200: portalTokenSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const issued = await app.issuePortalToken({ ...request.body, secret: opts.portalSecret })
      return { token: issued.token, account: issued.account, expiresAt: formatTime(issued.expiresAt) }
    },
  )

  api.get(
    '/v1/reviewers',
    {
      config: { role: REVIEWER_PERMISSIONS['reviewers.list'] },
      schema: {
        tags: ['access'],
        summary: 'Every reviewer, oldest first, disabled ones included (lead or admin)',
        response: { 200: z.object({ reviewers: z.array(reviewerSchema) }), ...errorResponses(401, 403, 429) },
      },
    },
    async () => ({ reviewers: (await app.listReviewers()).map(toReviewerView) }),
  )

  api.post(
    '/v1/reviewers',
    {
      config: { role: REVIEWER_PERMISSIONS['reviewers.create'] },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['access'],
        summary: 'Create a reviewer (admin); without a password one is generated and answered once',
        body: z.object({
          name: reviewerName,
          role: z.enum(REVIEWER_ROLES),
          password: z.string().max(MAX_PASSWORD_LENGTH).optional().describe('at least 12 characters'),
        }),
        response: {
          201: z.object({
            reviewer: reviewerSchema,
            password: z
              .string()
              .nullable()
              .describe('the generated password, shown this once; null when one was given'),
          }),
          ...errorResponses(400, 401, 403, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(reviewerOf(request.principal))
      const created = await app.createReviewer(request.body, actor)
      reply.header('cache-control', 'no-store')
      return reply.code(201).send({ reviewer: toReviewerView(created.reviewer), password: created.generatedPassword })
    },
  )

  api.post(
    '/v1/reviewers/:name/disable',
    {
      config: { role: REVIEWER_PERMISSIONS['reviewers.disable'] },
      schema: {
        tags: ['access'],
        summary: 'Disable a reviewer (admin): no more sign-ins, every session ended at once',
        params: z.object({ name: reviewerName }),
        response: { 200: reviewerSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const actor = actorOf(reviewerOf(request.principal))
      return toReviewerView(await app.disableReviewer(request.params.name, actor))
    },
  )
}

function reviewerOf(principal: Principal | null): Extract<Principal, { kind: 'reviewer' }> {
  // The route's config admits reviewers only: anything else here is a bug in authentication.
  if (principal?.kind !== 'reviewer') throw new Error('a reviewer route ran without a reviewer')
  return principal
}

function toReviewerView(r: Reviewer) {
  return {
    name: r.name,
    role: r.role,
    createdAt: formatTime(r.createdAt),
    disabledAt: r.disabledAt === null ? null : formatTime(r.disabledAt),
  }
}

function toPrincipalView(principal: Principal | null): z.input<typeof meSchema> {
  if (principal === null) throw new Error('/v1/me ran without a principal')
  switch (principal.kind) {
    case 'apiKey':
      return {
        kind: 'apiKey',
        apiKey: { id: principal.key.id, name: principal.key.name, scopes: [...principal.key.scopes] },
      }
    case 'reviewer':
      return {
        kind: 'reviewer',
        reviewer: { name: principal.reviewer.name, role: principal.reviewer.role },
        expiresAt: formatTime(principal.expiresAt),
      }
    case 'seller':
      return { kind: 'seller', account: principal.account, expiresAt: formatTime(principal.expiresAt) }
  }
}
