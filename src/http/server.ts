import type { IncomingMessage } from 'node:http'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify'
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import { type DestinationStream, pino } from 'pino'
import { z } from 'zod'
import type { App } from '../compose.ts'
import type { ServerConfig } from '../config/index.ts'
import type { ApiKeyScope } from '../core/access/api-key.ts'
import { isOnesellerError } from '../core/errors.ts'
import { isProtectedRoute, rateLimitKey, registerAuthentication, SECURITY_SCHEMES, securityOf } from './authenticate.ts'
import { type ErrorIssue, errorBody, HttpError, STATUS_BY_CODE } from './http-errors.ts'
import { HttpMetrics } from './metrics.ts'
import { registerBodyParsers } from './request-body.ts'
import { registerCaseRoutes } from './routes/case-routes.ts'
import { registerConsoleReadRoutes } from './routes/console-read-routes.ts'
import { REGISTRATION_BODY_DOC, registerDecisionRoutes } from './routes/decision-routes.ts'
import { registerDocsRoutes } from './routes/docs-routes.ts'
import { RECORDS_BODY_DOC, registerIngestRoutes } from './routes/ingest-routes.ts'
import { registerJobRoutes, runJobsInServer } from './routes/job-routes.ts'
import { registerOperateRoutes } from './routes/operate-routes.ts'
import { registerReadRoutes } from './routes/read-routes.ts'
import { registerSessionRoutes } from './routes/session-routes.ts'
import { registerSubmissionRoutes } from './routes/submission-routes.ts'
import { registerWebRoutes } from './routes/web-routes.ts'
import { registerWorkflowRoutes, runWorkflowsInServer } from './routes/workflow-routes.ts'

export const API_VERSION = '0.1.0'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** API keys holding this scope may call the route (see authenticate.ts for reviewers and sellers). */
    scope?: ApiKeyScope
  }
}

export interface ServerOptions {
  readonly app: App
  readonly config: ServerConfig
  /** Where the JSON log lines go; standard output when absent. */
  readonly logStream?: DestinationStream
}

/** An incoming request id is kept when it is short and plain (it goes into every log line); otherwise a new one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * The HTTP API over the app's use cases: routes validate their input with zod schemas, call one use case and map the
 * result; the OpenAPI document is generated from the same schemas. Not listening yet: the caller calls `listen`.
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { app, config } = opts
  const logger = pino(
    {
      level: config.logLevel,
      base: { service: 'oneseller' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Nothing logs headers or bodies; should a library try, the credentials are hidden.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
        censor: '[hidden]',
      },
    },
    opts.logStream ?? pino.destination(1),
  )
  const server = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    // Fastify's own request lines carry the URL (account ids) and errors: the onResponse hook logs instead.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : app.secrets.randomToken(12)
    },
    return503OnClosing: true,
  }) as unknown as FastifyInstance
  server.setValidatorCompiler(validatorCompiler)
  server.setSerializerCompiler(serializerCompiler)
  registerBodyParsers(server)
  server.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toErrorAnswer(error, config)
    if (status >= 500) {
      request.log.error(
        { err: { type: error.name, code: error.code, message: error.message, stack: error.stack } },
        'request failed',
      )
    }
    return reply.code(status).send(body)
  })
  server.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}; see /docs`)),
  )
  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  const portalSecret = resolvePortalSecret(config, app)
  registerAuthentication(server, app, { portalSecret })
  // Writes of one turn of the event loop commit together (SQLite); every answer waits for the commit of the writes
  // made before it, so nothing is acknowledged that is not stored. A failed commit answers 503 instead.
  app.events.groupCommits()
  server.addHook('onSend', async (request, reply) => {
    // Answers about accounts are never kept by a browser or a proxy.
    if (isProtectedRoute(request.routeOptions.config)) reply.header('cache-control', 'no-store')
    await app.events.committed()
  })
  await registerProtections(server, config)
  const metrics = new HttpMetrics()
  server.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the URL: URLs carry account ids.
    const route = request.routeOptions.url ?? '(none)'
    metrics.observeRequest({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000)
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(request.apiKey ? { key: request.apiKey.id } : {}),
        ...(request.principal?.kind === 'reviewer' ? { reviewer: request.principal.reviewer.id } : {}),
      },
      'request',
    )
  })

  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'oneseller API',
        version: API_VERSION,
        description:
          'Marketplaces send interchange records and read accounts, clusters and evidence; reviewers sign in; sellers read their own account. Every `/v1` route but the sign-in takes `Authorization: Bearer <credential>`: an API key made by `oneseller apikey create` (`osk_…`), a reviewer session token from `POST /v1/session` (`oss_…`, or its cookie), or a seller portal token from `POST /v1/portal-tokens` (`osp_…`); each route names which it accepts. Errors answer `{ "error": { "code", "message", "issues"? } }`.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input)
      const security = securityOf(input.route.config)
      const schema = out.schema as Record<string, unknown>
      if (security !== undefined) schema.security = security
      if (input.url === '/v1/records' && !schema.hide) schema.body = RECORDS_BODY_JSON_SCHEMA
      if (input.url === '/v1/registrations' && !schema.hide) schema.body = REGISTRATION_BODY_JSON_SCHEMA
      return out
    },
    transformObject: jsonSchemaTransformObject,
  })
  registerOperateRoutes(server, app, metrics)
  registerDocsRoutes(server)
  registerWebRoutes(server)
  registerIngestRoutes(server, app, metrics)
  registerReadRoutes(server, app)
  registerDecisionRoutes(server, app)
  registerSessionRoutes(server, app, { portalSecret, secureCookie: config.production })
  registerWorkflowRoutes(server, app)
  await registerSubmissionRoutes(server, app)
  registerCaseRoutes(server, app)
  registerConsoleReadRoutes(server, app)
  await registerJobRoutes(server, app)
  runJobsInServer(server, app, config)
  runWorkflowsInServer(server, app, config)
  return server
}

/**
 * Secure headers on every answer; CORS only for the origins configured (none by default: no CORS header at all);
 * a rate limit per API key on the routes that need one, checked after authentication and before the body is read.
 */
async function registerProtections(server: FastifyInstance, config: ServerConfig): Promise<void> {
  // The server speaks plain HTTP (TLS ends at the load balancer): asking browsers to upgrade would break /docs locally.
  await server.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })
  if (config.corsOrigins.length > 0) {
    await server.register(cors, {
      origin: [...config.corsOrigins],
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
    })
  }
  await server.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    hook: 'preParsing',
    // Open routes (probes, documentation) are not limited: an orchestrator must always reach them.
    allowList: (request) => !isProtectedRoute(request.routeOptions.config),
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'rate_limited',
        `these credentials may send ${context.max} requests a minute: retry after ${context.after}`,
      ),
  })
}

/** Random bytes of a per-process portal secret. */
const PORTAL_SECRET_BYTES = 32

/**
 * The secret that signs seller portal tokens: the configured one, or outside production a random one of this process
 * (`oneseller serve` says so when it starts: its tokens stop working when the process stops, and other processes
 * refuse them).
 */
function resolvePortalSecret(config: ServerConfig, app: App): string {
  if (config.portalSecret !== null) return config.portalSecret
  if (config.production) throw new Error('ONESELLER_PORTAL_SECRET is required in production (loadServerConfig says so)')
  return app.secrets.randomToken(PORTAL_SECRET_BYTES)
}

const RECORDS_BODY_JSON_SCHEMA = z.toJSONSchema(RECORDS_BODY_DOC, { target: 'draft-2020-12', io: 'input' })
const REGISTRATION_BODY_JSON_SCHEMA = z.toJSONSchema(REGISTRATION_BODY_DOC, { target: 'draft-2020-12', io: 'input' })

/** The status and body of a failed request. */
function toErrorAnswer(
  error: FastifyError,
  config: ServerConfig,
): { status: number; body: ReturnType<typeof errorBody> } {
  const answer = (status: number, body: ReturnType<typeof errorBody>) => ({ status, body })
  if (error instanceof HttpError) return answer(error.statusCode, errorBody(error.code, error.message, error.issues))
  if (isOnesellerError(error)) return answer(STATUS_BY_CODE[error.code], errorBody(error.code, error.message))
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: ErrorIssue[] = error.validation.map((v) => ({
      field: [
        error.validationContext === 'querystring' ? 'query' : error.validationContext,
        ...v.instancePath.split('/').filter((p) => p !== ''),
      ].join('.'),
      message: v.message ?? 'invalid',
    }))
    return answer(400, errorBody('invalid_input', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues))
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answer(
        413,
        errorBody(
          'payload_too_large',
          `the body is larger than ${config.bodyLimitBytes} bytes: send the records in smaller batches`,
        ),
      )
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return answer(415, errorBody('unsupported_media_type', 'send application/json or application/x-ndjson'))
  }
  if (
    !isResponseSerializationError(error) &&
    typeof error.statusCode === 'number' &&
    error.statusCode >= 400 &&
    error.statusCode < 500
  ) {
    return answer(
      error.statusCode,
      errorBody(error.statusCode === 429 ? 'rate_limited' : 'invalid_input', error.message),
    )
  }
  return answer(500, errorBody('internal', 'internal error: the server log has the details under this request id'))
}
