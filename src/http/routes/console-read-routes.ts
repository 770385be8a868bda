import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { accountTimeline, formatTime } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import { OnesellerError } from '../../core/errors.ts'
import { toInstant } from '../../core/time.ts'
import { READERS } from '../authenticate.ts'
import { toRequirementView } from '../decision-views.ts'
import { pageOf } from '../pagination.ts'
import { errorResponses, pageQuerySchema, pageSchema, requirementSchema } from '../schemas.ts'

const accountId = z.string().min(1).max(256).describe("the marketplace's account id")

const MS_PER_HOUR = 3_600_000
/** How far ahead "expiring soon" looks unless asked: the scheduler's last reminder goes out a day before. */
const DEFAULT_DUE_WITHIN_HOURS = 72
/** A week past the longest deadline policies give in practice: further is not "soon". */
const MAX_DUE_WITHIN_HOURS = 24 * 60

export const clusterMemberSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    marketplace: z.string().nullable(),
    kind: z.string().nullable(),
    registeredAt: z.string().nullable(),
    problems: z.array(z.string()).describe('problems of its current identifiers, `kind:code`'),
  })
  .meta({ id: 'ClusterMember' })

const timelineEntrySchema = z
  .object({
    at: z.string(),
    source: z
      .enum(['record', 'audit', 'notice'])
      .describe('a record the marketplace sent, an audit record, or a notice sent to the seller'),
    kind: z
      .string()
      .describe(
        'records: account, update, status; audit: its action (decision.record, appeal.decide…); notices: their kind',
      ),
    actor: z.string().nullable().describe('who did it (audit records)'),
    detail: z
      .record(z.string(), z.unknown())
      .describe(
        'records: fields, status, identifiers added and removed; audit: its detail and seq; notices: id, subject, sentAt',
      ),
  })
  .meta({ id: 'TimelineEntry' })

/**
 * What the console reads besides the account routes: the members of a cluster with their standing (the graph colours
 * nodes by status), and the open requirements whose deadline is near (the dashboard). Each calls one read of the app.
 */
export function registerConsoleReadRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/v1/accounts/:id/cluster/members',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: "The members of the account's cluster with their status, marketplace and kind, by id",
        params: z.object({ id: accountId }),
        querystring: pageQuerySchema,
        response: {
          200: z.object({ cluster: z.string(), members: z.array(clusterMemberSchema), page: pageSchema }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      // Members only: none of the links is read.
      const view = await app.clusterOf(request.params.id, { strongest: 0 })
      if (view === undefined) {
        throw new OnesellerError(
          'not_found',
          `account ${JSON.stringify(request.params.id)} is not in the latest linkage run; run "oneseller link" first`,
        )
      }
      const { items, page } = pageOf(view.members, request.query, `members:v${view.weightsVersion}`)
      const byId = new Map((await app.events.summariesOf(items)).map((s) => [s.id, s]))
      return {
        cluster: view.cluster,
        members: items.map((id) => {
          const s = byId.get(id)
          return {
            id,
            status: s?.status ?? 'unknown',
            marketplace: s?.marketplace ?? null,
            kind: s?.kind ?? null,
            registeredAt: s?.registeredAt == null ? null : formatTime(s.registeredAt),
            problems: [...(s?.problems ?? [])],
          }
        }),
        page,
      }
    },
  )

  api.get(
    '/v1/accounts/:id/timeline',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary:
          "Everything that happened to an account, newest first: records, the engine's and reviewers' acts, notices",
        description:
          'The registrations, updates and status changes the marketplace sent; every audit record about the account (decisions, requirements and their state changes, restrictions, appeals, cases, submissions, postcards); the notices sent to the seller. The latest `limit` (200 by default); `more` when there are older ones.',
        params: z.object({ id: accountId }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: {
          200: z.object({ entries: z.array(timelineEntrySchema), more: z.boolean() }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      const { entries, more } = await accountTimeline(app, { account: request.params.id, limit: request.query.limit })
      return { entries: entries.map((e) => ({ ...e, at: formatTime(e.at), detail: { ...e.detail } })), more }
    },
  )

  api.get(
    '/v1/requirements/due',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary:
          'Open verification requirements whose deadline falls within the next hours (or has passed), earliest first',
        description:
          'Requested or reminded requirements with a deadline at or before now + `withinHours` (72 by default), those already past first: what expires soon, and what the scheduler is about to expire.',
        querystring: z.object({
          withinHours: z.coerce.number().int().min(1).max(MAX_DUE_WITHIN_HOURS).default(DEFAULT_DUE_WITHIN_HOURS),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({
            until: z.string().describe('now + withinHours: every requirement listed is due by then'),
            requirements: z.array(requirementSchema),
            more: z.boolean().describe('true when more than `limit` are due by then'),
          }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { withinHours, limit } = request.query
      const until = toInstant(app.clock.now() + withinHours * MS_PER_HOUR)
      const due = await app.workflows.dueExpiries(until, limit + 1)
      return {
        until: formatTime(until),
        requirements: due.slice(0, limit).map(toRequirementView),
        more: due.length > limit,
      }
    },
  )
}
