import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type AppealReach, formatTime, previewAppeal } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import type { ServerConfig } from '../../config/index.ts'
import { canReviewer, REVIEWER_PERMISSIONS } from '../../core/access/reviewer.ts'
import { type Appeal, MAX_APPEAL_FILES, MAX_STATEMENT_CHARS } from '../../core/verification/appeal.ts'
import type { Notice } from '../../ports/index.ts'
import { ACCOUNT_READERS, actorOf, type Principal, READERS } from '../authenticate.ts'
import { toDecisionView, toRequirementView, toRestrictionView } from '../decision-views.ts'
import { HttpError } from '../http-errors.ts'
import { jsonObjectBody } from '../request-body.ts'
import {
  appealSchema,
  decisionSchema,
  errorResponses,
  noticeSchema,
  noticeSummarySchema,
  requirementSchema,
  restrictionSchema,
  webhookAttemptSchema,
} from '../schemas.ts'
import { appealWithFilesSchema } from './appeal-file-routes.ts'

const accountId = z.string().min(1).max(256).describe("the marketplace's account id")
const time = (t: number | null) => (t === null ? null : formatTime(t))

function toAppealView(a: Appeal): z.input<typeof appealSchema> {
  return { ...a, files: [...a.files], filedAt: formatTime(a.filedAt), decidedAt: time(a.decidedAt) }
}

/** The appeals as listed, each with its attached files (one read for all of them). */
async function withUploads(app: App, appeals: readonly Appeal[]): Promise<z.input<typeof appealWithFilesSchema>[]> {
  const files = await app.workflows.appealFilesOf(appeals.map((a) => a.id))
  return appeals.map((a) => ({
    ...toAppealView(a),
    uploads: files
      .filter((f) => f.appeal === a.id)
      .map(({ id, name, mime, size, sha256 }) => ({ id, name, mime, size, sha256 })),
  }))
}

const appealReachSchema = z
  .object({
    decisions: z.array(decisionSchema).describe('the decisions overturned'),
    restrictions: z.array(restrictionSchema).describe('the restrictions lifted (in force or pending)'),
    requirements: z.array(requirementSchema).describe('the requirements withdrawn'),
  })
  .meta({ id: 'AppealReach' })

function toReachView(r: AppealReach): z.input<typeof appealReachSchema> {
  return {
    decisions: r.decisions.map(toDecisionView),
    restrictions: r.restrictions.map(toRestrictionView),
    requirements: r.requirements.map(toRequirementView),
  }
}

function principalOf(request: FastifyRequest): Principal {
  // These routes name who may call them: authentication has put the principal here, or answered 401 already.
  if (request.principal === null) throw new Error('an authenticated route ran without a principal')
  return request.principal
}

function toNoticeSummary(n: Notice): z.input<typeof noticeSummarySchema> {
  return {
    id: n.id,
    kind: n.kind,
    locale: n.locale,
    subject: n.subject,
    recipient: n.recipient,
    createdAt: formatTime(n.createdAt),
    sentAt: time(n.sentAt),
    channel: n.channel,
    attempts: n.attempts,
    lastError: n.lastError,
  }
}

/** An account's restrictions and notices, and the webhook delivery log. */
export function registerWorkflowRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/v1/accounts/:id/restrictions',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary:
          "An account's restrictions (payouts held, selling suspended, deactivated), lifted or not, oldest first",
        params: z.object({ id: accountId }),
        response: {
          200: z.object({ restrictions: z.array(restrictionSchema) }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      await app.describeAccount(request.params.id)
      return { restrictions: (await app.restrictionsOf(request.params.id)).map(toRestrictionView) }
    },
  )

  api.get(
    '/v1/accounts/:id/notices',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: 'The notices sent to the seller of an account, oldest first (subjects; fetch one for its text)',
        params: z.object({ id: accountId }),
        response: {
          200: z.object({ notices: z.array(noticeSummarySchema) }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      await app.describeAccount(request.params.id)
      return { notices: (await app.noticesOf(request.params.id)).map(toNoticeSummary) }
    },
  )

  api.get(
    '/v1/accounts/:id/notices/:notice',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: 'One notice as the seller received it: subject, plain text and HTML',
        params: z.object({ id: accountId, notice: z.coerce.number().int().min(1) }),
        response: { 200: noticeSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const notice = await app.workflows.getNotice(request.params.notice)
      if (notice === undefined || notice.account !== request.params.id) {
        throw new HttpError(404, 'not_found', `account ${request.params.id} has no notice ${request.params.notice}`)
      }
      return { ...toNoticeSummary(notice), account: notice.account, text: notice.text, html: notice.html }
    },
  )

  api.get(
    '/v1/webhooks/attempts',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'The webhook delivery log, newest first: every attempt with its status or error',
        querystring: z.object({
          event: z
            .string()
            .regex(/^evt_\d+$/)
            .optional()
            .describe('only the attempts at this event'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ attempts: z.array(webhookAttemptSchema) }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { event, limit } = request.query
      const attempts = await app.workflows.webhookAttempts({ ...(event === undefined ? {} : { event }), limit })
      return { attempts: attempts.map((a) => ({ ...a, at: formatTime(a.at) })) }
    },
  )

  api.post(
    '/v1/accounts/:id/appeals',
    {
      config: { scope: 'ingest', seller: true },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['act'],
        summary: 'Appeal a decision of the account (the seller, with a portal token, or the marketplace for them)',
        description:
          'Within the appeal period (ONESELLER_APPEAL_DAYS, 183 days by default) of a live decision, one open appeal per decision. The seller is told it was received; a reviewer decides.',
        params: z.object({ id: accountId }),
        body: z.object({
          decision: z
            .number()
            .int()
            .min(1)
            .describe('the decision appealed: an id from GET /v1/accounts/{id}/decisions'),
          statement: z.string().min(1).max(MAX_STATEMENT_CHARS),
          files: z.array(z.string().min(1).max(1024)).max(MAX_APPEAL_FILES).optional(),
        }),
        response: { 201: appealSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const appeal = await app.fileAppeal({
        account: request.params.id,
        decision: request.body.decision,
        statement: request.body.statement,
        files: request.body.files ?? [],
        actor: actorOf(principalOf(request)),
      })
      return reply.code(201).send(toAppealView(appeal))
    },
  )

  api.get(
    '/v1/accounts/:id/appeals',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: "An account's appeals and their outcomes, oldest first",
        params: z.object({ id: accountId }),
        response: {
          200: z.object({ appeals: z.array(appealWithFilesSchema) }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      await app.describeAccount(request.params.id)
      return { appeals: await withUploads(app, await app.workflows.appealsOf(request.params.id)) }
    },
  )

  api.get(
    '/v1/appeals',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'Appeals of every account, oldest first; `open=true` for the queue',
        querystring: z.object({
          open: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          after: z.coerce.number().int().min(0).optional().describe('the last appeal id of the previous page'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ appeals: z.array(appealWithFilesSchema), next: z.number().int().nullable() }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { open, after, limit } = request.query
      const appeals = await app.listAppeals({ open, ...(after === undefined ? {} : { afterId: after }), limit })
      return {
        appeals: await withUploads(app, appeals),
        next: appeals.length === limit ? (appeals.at(-1)?.id ?? null) : null,
      }
    },
  )

  api.get(
    '/v1/appeals/:appeal/reach',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'What overturning the decision behind an appeal would change, before anyone decides',
        description:
          'Read from the rows the decision would write: `own` overturns for this account only; `cluster` (null unless the decision was cluster-wide) for every account the decision reached. Each lists the decisions overturned, the restrictions lifted and the requirements withdrawn. Writes nothing.',
        params: z.object({ appeal: z.coerce.number().int().min(1) }),
        response: {
          200: z.object({
            appeal: appealSchema,
            decision: decisionSchema,
            own: appealReachSchema,
            cluster: appealReachSchema.nullable(),
          }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      const preview = await previewAppeal({ workflows: app.workflows, clock: app.clock }, request.params.appeal)
      return {
        appeal: toAppealView(preview.appeal),
        decision: toDecisionView(preview.decision),
        own: toReachView(preview.own),
        cluster: preview.cluster === null ? null : toReachView(preview.cluster),
      }
    },
  )

  api.post(
    '/v1/appeals/:appeal/decision',
    {
      config: { role: REVIEWER_PERMISSIONS['appeals.decide'] },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['act'],
        summary: 'Uphold or overturn the decision behind an appeal (reviewers; for a whole cluster, leads)',
        description:
          'Overturning lifts the restrictions the decision imposed and withdraws its requirements (and lifts what their expiry imposed), in one transaction. `cluster: true` does so for every account a cluster-wide decision reached; otherwise the answer lists those accounts to reconsider.',
        params: z.object({ appeal: z.coerce.number().int().min(1) }),
        body: z.object({
          outcome: z.enum(['upheld', 'overturned']),
          reason: z.string().min(1).max(5000).describe('told to the seller'),
          cluster: z.boolean().optional(),
        }),
        response: {
          200: z.object({
            appeal: appealSchema,
            overturned: z.array(z.number().int()).describe('the decisions overturned'),
            toReconsider: z.array(z.object({ decision: z.number().int(), account: z.string() })),
          }),
          ...errorResponses(400, 401, 403, 404, 409, 422, 429),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request)
      if (
        request.body.cluster === true &&
        principal.kind === 'reviewer' &&
        !canReviewer(principal.reviewer, 'appeals.decide_cluster')
      ) {
        throw new HttpError(403, 'forbidden', 'overturning a decision for a whole cluster is for leads')
      }
      const outcome = await app.decideAppeal({
        appeal: request.params.appeal,
        outcome: request.body.outcome,
        reason: request.body.reason,
        actor: actorOf(principal),
        cluster: request.body.cluster === true,
      })
      return {
        appeal: toAppealView(outcome.appeal),
        overturned: [...outcome.overturned],
        toReconsider: outcome.toReconsider.map((d) => ({ decision: d.id, account: d.account })),
      }
    },
  )

  api.post(
    '/v1/accounts/:id/postcard-code',
    {
      config: { scope: 'ingest', seller: true },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['act'],
        summary: 'Enter the code from the postcard mailed to the account (the seller, or the marketplace for them)',
        description:
          'Answers the outcome whatever it is: accepted (the address is confirmed; the requirement passes at the next scheduler run), wrong_code (with the entries left), malformed (a character never in a code: no entry counted), expired, already_used, locked (too many entries), no_postcard.',
        params: z.object({ id: accountId }),
        body: z.object({ code: z.string().min(1).max(64) }),
        response: {
          200: z.object({
            outcome: z.enum([
              'accepted',
              'wrong_code',
              'malformed',
              'expired',
              'already_used',
              'locked',
              'no_postcard',
            ]),
            accepted: z.boolean(),
            attemptsLeft: z.number().int(),
            message: z.string(),
          }),
          ...errorResponses(400, 401, 403, 404, 422, 429),
        },
      },
    },
    async (request) => {
      await app.describeAccount(request.params.id)
      const entry = await app.enterPostcardCode({
        account: request.params.id,
        code: request.body.code,
        actor: actorOf(principalOf(request)),
      })
      return { ...entry, accepted: entry.outcome === 'accepted' }
    },
  )
}

/**
 * Runs the scheduler (`app.tick`) every `tickSeconds` while the server is up, one run at a time; a run that fails
 * (the database is away) is logged and the next one tries again. 0 turns it off (another process runs `tick`).
 */
export function runWorkflowsInServer(server: FastifyInstance, app: App, config: ServerConfig): void {
  if (config.tickSeconds === 0) return
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  const once = async () => {
    try {
      const r = await app.tick()
      const busy = r.reminded + r.expired + r.passed + r.latePassed + r.inForce + r.noticesComposed + r.noticesSent
      if (busy > 0 || (r.webhooks?.queued ?? 0) > 0) server.log.info({ tick: r }, 'scheduler run')
    } catch (e) {
      server.log.error({ err: e instanceof Error ? e.message : String(e) }, 'scheduler run failed; retrying later')
    }
  }
  server.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running === undefined) running = once().finally(() => (running = undefined))
    }, config.tickSeconds * 1000)
    timer.unref()
  })
  server.addHook('onClose', async () => {
    clearInterval(timer)
    await running
  })
}
