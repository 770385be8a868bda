import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatPolicyErrors, type JobEvent, startJobLoop } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import type { ServerConfig } from '../../config/index.ts'
import { REVIEWER_PERMISSIONS } from '../../core/access/reviewer.ts'
import { isOnesellerError } from '../../core/errors.ts'
import type { PolicyError } from '../../core/policy/index.ts'
import { JOB_STATES } from '../../ports/index.ts'
import { READERS } from '../authenticate.ts'
import { HttpError } from '../http-errors.ts'
import { pageOf, readCursor, writeCursor } from '../pagination.ts'
import type { RecordsBody } from '../request-body.ts'
import { errorResponses, pageQuerySchema, pageSchema } from '../schemas.ts'
import {
  jobSchema,
  loadedPolicySchema,
  loadPolicyBodySchema,
  policyVersionSchema,
  storedPolicySchema,
  sweepBodySchema,
  toJobView,
  toPolicyVersion,
} from './job-routes-schemas.ts'

/** Media types a policy may be sent as, besides JSON `{source, mode}`. */
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain']

/** How long a closing server waits for the job it runs before leaving it to its lease (another server takes it). */
const JOB_STOP_GRACE_MS = 10_000

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('any unique string (a UUID): a retry with the same key and body returns the first answer'),
})

const policyName = z.string().min(1).max(200).describe('the policy name')

/** The body of a policy upload as the parsers leave it: YAML text, or the JSON texts of the shared JSON parser. */
type PolicyUpload = { readonly kind: 'yaml'; readonly text: string; readonly fingerprint: string } | RecordsBody

/** What each request's body was, before it was replaced by the object the route validates. */
const fingerprints = new WeakMap<FastifyRequest, string>()

/**
 * Policies and sweeps as background jobs: load and read policy versions, enqueue a sweep (202 with the job), and
 * follow jobs. Registered in a context of their own, so that the YAML body parser serves only these routes.
 */
export async function registerJobRoutes(server: FastifyInstance, app: App): Promise<void> {
  await server.register(async (scope) => {
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'buffer' }, (_req, bytes: Buffer, done) => {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
      try {
        done(null, { kind: 'yaml', text: text.decode(bytes), fingerprint: fingerprint('yaml', bytes) })
      } catch {
        done(new HttpError(400, 'invalid_input', 'the body is not valid UTF-8'), undefined)
      }
    })
    registerPolicyRoutes(scope, app)
    registerSweepAndJobRoutes(scope, app)
  })
}

function registerPolicyRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/v1/policies',
    {
      config: { scope: 'policies:write' },
      // The route validates an object: YAML text becomes `{source, mode}`, JSON its one object.
      preValidation: async (request) => replaceBody(request, toPolicyObject),
      schema: {
        tags: ['policies'],
        summary: 'Load a policy: check it and store it as the next version of its name',
        description: [
          'Send the YAML itself (`application/yaml`, `text/yaml` or `text/plain`; the mode in `?mode=`) or JSON',
          '`{"source": "<yaml>", "mode": "live" | "shadow", "file"?: "name for messages"}`. 201 with the version',
          'stored; 200 with `changed: false` when the latest version already has this text and mode (nothing stored).',
          '422 when it does not compile: one issue per error, `field` being `file:line: path`. With `Idempotency-Key`,',
          'a retry returns the first answer.',
        ].join(' '),
        consumes: ['application/json', 'application/yaml'],
        querystring: z.object({
          mode: z.enum(['live', 'shadow']).optional().describe('for a YAML body: live (default) or shadow'),
        }),
        headers: idempotencyHeaders,
        body: loadPolicyBodySchema,
        response: {
          200: loadedPolicySchema,
          201: loadedPolicySchema,
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const body = request.body
      return answerOnce(app, request, reply, async () => {
        const loaded = await loadPolicy(app, {
          source: body.source,
          file: body.file,
          mode: body.mode,
          actor: actorOf(request),
        })
        const view = { policy: toPolicyVersion(loaded.stored), changed: loaded.changed, rules: loaded.rules }
        return {
          status: loaded.changed ? 201 : 200,
          location: `/v1/policies/${encodeURIComponent(loaded.stored.name)}?version=${loaded.stored.version}`,
          body: loadedPolicySchema.parse(view),
        }
      })
    },
  )

  api.get(
    '/v1/policies',
    {
      config: READERS,
      schema: {
        tags: ['policies'],
        summary: 'Every stored policy version, the latest loaded first',
        querystring: pageQuerySchema,
        response: {
          200: z.object({ policies: z.array(policyVersionSchema), page: pageSchema }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const all = (await app.listPolicies()).map(toPolicyVersion)
      const { items, page } = pageOf(all, request.query, `policies:${all.length}`)
      return { policies: [...items], page }
    },
  )

  api.get(
    '/v1/policies/:name',
    {
      config: READERS,
      schema: {
        tags: ['policies'],
        summary: 'One policy version with its YAML: the latest, or `?version=`',
        params: z.object({ name: policyName }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 200: storedPolicySchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { name } = request.params
      const { version } = request.query
      const stored = await app.getPolicy(name, version)
      if (stored === undefined) {
        throw new HttpError(
          404,
          'not_found',
          version === undefined ? `no policy named "${name}" is stored` : `policy "${name}" has no version ${version}`,
        )
      }
      return { ...toPolicyVersion(stored), source: stored.source }
    },
  )
}

function registerSweepAndJobRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/v1/sweeps',
    {
      config: { scope: 'policies:write', role: REVIEWER_PERMISSIONS['sweeps.run'] },
      preValidation: async (request) => replaceBody(request, (r, body) => toJsonObject(r, body)),
      schema: {
        tags: ['policies'],
        summary: 'Start a sweep of a stored policy version as a background job: 202 with the job to poll',
        description: [
          'The job is stored, then run by a server (any one, when several share the database) as',
          '`oneseller sweep` runs: a dry run by default, `apply: true` records the decisions. The answer is 202 with',
          'the job and `Location: /v1/jobs/{id}`: poll it until `state` is `done` (the report is in `result`) or',
          '`failed` (`error`). An apply that is interrupted (a crash, a restart) runs again on another server once',
          'its lease lapses and records only what the first run did not. With `Idempotency-Key`, a retry returns the',
          'same job, never a second one.',
        ].join(' '),
        headers: idempotencyHeaders,
        body: sweepBodySchema,
        response: { 202: z.object({ job: jobSchema }), ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const body = request.body
      const owner = ownerOf(request)
      const idempotencyKey = request.headers['idempotency-key']
      return answerOnce(app, request, reply, async () => {
        const job = await app.enqueueSweep({
          policy: body.policy,
          ...(body.version === undefined ? {} : { version: body.version }),
          apply: body.apply,
          trigger: body.trigger,
          sampleSize: body.sample,
          actor: actorOf(request),
          // Two servers answering the same retry at once still enqueue one job.
          ...(idempotencyKey === undefined ? {} : { key: `http:${owner}:${idempotencyKey}` }),
        })
        return { status: 202, location: `/v1/jobs/${job.id}`, body: { job: jobSchema.parse(toJobView(job)) } }
      })
    },
  )

  api.get(
    '/v1/jobs/:id',
    {
      config: READERS,
      schema: {
        tags: ['policies'],
        summary: 'One job: its state, progress, and once ended its result or error',
        params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: jobSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const job = await app.jobs.get(request.params.id)
      if (job === undefined) throw new HttpError(404, 'not_found', `no job ${request.params.id}`)
      return toJobView(job)
    },
  )

  api.get(
    '/v1/jobs',
    {
      config: READERS,
      schema: {
        tags: ['policies'],
        summary: 'Jobs, oldest first, of one kind and in one state when asked',
        querystring: pageQuerySchema.extend({
          kind: z.string().min(1).max(100).optional(),
          state: z.enum(JOB_STATES).optional(),
        }),
        response: {
          200: z.object({ jobs: z.array(jobSchema), page: pageSchema }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { kind, state, limit, cursor } = request.query
      const list = `jobs:${kind ?? ''}:${state ?? ''}`
      const afterId = cursor === undefined ? 0 : readCursor(cursor, list)
      const found = await app.jobs.list({
        afterId,
        limit: limit + 1,
        ...(kind === undefined ? {} : { kind }),
        ...(state === undefined ? {} : { state }),
      })
      const jobs = found.slice(0, limit)
      const last = jobs.at(-1)
      return {
        jobs: jobs.map(toJobView),
        page: { limit, nextCursor: found.length > limit && last !== undefined ? writeCursor(last.id, list) : null },
      }
    },
  )
}

/**
 * Runs the app's jobs (sweeps) in this server on a timer from the moment it is ready; closing the server stops the
 * loop, waiting a while for the job in hand. Several servers on one database each claim different jobs.
 */
export function runJobsInServer(server: FastifyInstance, app: App, config: ServerConfig): void {
  if (config.jobConcurrency === 0) return
  const worker = `${hostname()}:${process.pid}:${app.secrets.randomToken(4)}`
  const runner = app.jobRunner({
    worker,
    leaseMs: config.jobLeaseMs,
    batch: config.jobConcurrency,
    onEvent: (e) => logJobEvent(server, e),
  })
  let loop: ReturnType<typeof startJobLoop> | undefined
  server.addHook('onReady', async () => {
    loop = startJobLoop(runner, {
      everyMs: config.jobPollMs,
      onError: (e) => server.log.error({ err: errorOf(e), worker }, 'job runner: the queue cannot be read'),
    })
  })
  server.addHook('onClose', async () => {
    await loop?.stop(Math.min(JOB_STOP_GRACE_MS, config.jobLeaseMs))
  })
}

function logJobEvent(server: FastifyInstance, e: JobEvent): void {
  const job = { id: e.job.id, kind: e.job.kind, attempt: e.job.attempts, worker: e.job.claimedBy }
  const [level, fields, message] = describeJobEvent(e)
  server.log[level]({ job, ...fields }, message)
}

/** A job event as a log line: its level, its fields beside the job, its message. */
function describeJobEvent(e: JobEvent): readonly ['info' | 'warn' | 'error', Record<string, unknown>, string] {
  switch (e.type) {
    case 'claimed':
      return ['info', {}, 'job started']
    case 'done':
      return ['info', { ms: e.ms }, 'job done']
    case 'retry':
      return ['warn', { error: e.error, retryAt: new Date(e.retryAt).toISOString() }, 'job failed: retry']
    case 'failed':
      return ['error', { error: e.error }, 'job failed for good']
    case 'lost':
      return ['warn', {}, 'job lost: its lease lapsed and another worker has it']
    case 'abandoned':
      return ['warn', {}, 'job left to its lease: the server is stopping']
    case 'store_error':
      return ['error', { error: e.error }, 'job: the queue cannot be written']
  }
}

const errorOf = (e: unknown) => (e instanceof Error ? { type: e.name, message: e.message } : { message: String(e) })

/** Who a request acts as, for the job and the audit trail: its API key, or the reviewer signed in. */
const actorOf = (request: FastifyRequest): string =>
  request.principal?.kind === 'reviewer'
    ? `reviewer:${request.principal.reviewer.name}`
    : `api-key:${request.apiKey?.id ?? 'open'}`

/** Whose Idempotency-Keys a request's key is among: its API key's, or the reviewer's. */
const ownerOf = (request: FastifyRequest): string =>
  request.principal?.kind === 'reviewer' ? `reviewer:${request.principal.reviewer.id}` : (request.apiKey?.id ?? 'open')

/** Loads a policy; one that does not compile is 422 with one issue per error, each with its file and line. */
async function loadPolicy(app: App, request: Parameters<App['loadPolicy']>[0]) {
  try {
    return await app.loadPolicy(request)
  } catch (e) {
    const errors = isOnesellerError(e) ? (e.details.policyErrors as readonly PolicyError[] | undefined) : undefined
    if (errors === undefined) throw e
    throw new HttpError(
      422,
      'invalid_input',
      `the policy does not load (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing was stored:\n${formatPolicyErrors(errors)}`,
      errors.map((x) => ({
        field: `${x.file}:${x.line}${x.path === '' ? '' : `: ${x.path}`}`,
        message: x.message,
      })),
    )
  }
}

interface Answer {
  readonly status: number
  readonly location: string
  readonly body: unknown
}

/** Answers a write, at most once per Idempotency-Key (as the ingest routes do): a retry gets the first answer. */
async function answerOnce(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
  produce: () => Promise<Answer>,
): Promise<FastifyReply> {
  const send = (a: Answer) => reply.code(a.status).header('location', a.location).send(a.body)
  const key = (request.headers as Record<string, string | undefined>)['idempotency-key']
  if (key === undefined) return send(await produce())
  const once = await app.answerOnce(
    {
      owner: ownerOf(request),
      key,
      fingerprint: `${request.url.split('?')[0]}\n${fingerprints.get(request)}`,
    },
    async () => JSON.stringify(await produce()),
  )
  switch (once.kind) {
    case 'mismatch':
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different request: use a new key for a new request',
      )
    case 'in_flight':
      throw new HttpError(
        409,
        'idempotency_key_in_flight',
        'a request with this Idempotency-Key is being answered: retry when it is done',
      )
    case 'replayed':
      reply.header('idempotent-replayed', 'true')
      return send(JSON.parse(once.answer) as Answer)
    case 'answered':
      return send(JSON.parse(once.answer) as Answer)
  }
}

/**
 * Replaces the body the parsers left by the object the route's schema validates (validation runs after this hook),
 * keeping the fingerprint of what was sent for the Idempotency-Key.
 */
function replaceBody(
  request: FastifyRequest,
  toObject: (request: FastifyRequest, body: PolicyUpload | undefined, mode: unknown) => unknown,
): void {
  const raw = request as unknown as { body: unknown; query: { mode?: unknown } }
  raw.body = toObject(request, raw.body as PolicyUpload | undefined, raw.query.mode)
}

/** A policy upload as the object the route validates: YAML text with the mode of the query, or the JSON object. */
function toPolicyObject(request: FastifyRequest, body: PolicyUpload | undefined, mode: unknown): unknown {
  if (body?.kind === 'yaml') {
    fingerprints.set(request, `${body.fingerprint}\n${typeof mode === 'string' ? mode : ''}`)
    return { source: body.text, ...(mode === undefined ? {} : { mode }) }
  }
  return toJsonObject(request, body)
}

/** The one JSON object a body holds (the shared JSON parser keeps it as text). */
function toJsonObject(request: FastifyRequest, body: PolicyUpload | undefined): unknown {
  if (body?.kind !== 'json' || body.texts.length !== 1) {
    throw new HttpError(400, 'invalid_input', 'send one JSON object as application/json')
  }
  fingerprints.set(request, body.fingerprint)
  const value = JSON.parse(body.texts[0] as string) as unknown
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_input', 'send one JSON object as application/json')
  }
  return value
}

function fingerprint(kind: string, bytes: Buffer): string {
  return createHash('sha256').update(kind).update('\n').update(bytes).digest('hex')
}
