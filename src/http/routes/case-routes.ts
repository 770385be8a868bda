import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatTime } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import { canReviewer, REVIEWER_PERMISSIONS } from '../../core/access/reviewer.ts'
import { CASE_OUTCOMES, type ReviewCase } from '../../core/verification/review-case.ts'
import { actorOf, type Principal, READERS } from '../authenticate.ts'
import { toDecisionView } from '../decision-views.ts'
import { HttpError } from '../http-errors.ts'
import { jsonObjectBody } from '../request-body.ts'
import { decisionSchema, errorResponses } from '../schemas.ts'

const caseSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    decision: z.number().int(),
    priority: z.enum(['urgent', 'high', 'normal', 'low']),
    reason: z.string(),
    state: z.enum(['open', 'assigned', 'closed']),
    assignee: z.string().nullable(),
    createdAt: z.string(),
    dueAt: z.string().describe('when it should be closed by (its priority’s service level)'),
    overdue: z.boolean(),
    assignedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    outcome: z.enum(['no_action', 'action_taken', 'escalated']).nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Case' })

const auditSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    detail: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .meta({ id: 'AuditRecord' })

function toCaseView(c: ReviewCase, now: number): z.input<typeof caseSchema> {
  const time = (t: number | null) => (t === null ? null : formatTime(t))
  return {
    ...c,
    createdAt: formatTime(c.createdAt),
    dueAt: formatTime(c.dueAt),
    overdue: c.state !== 'closed' && now > c.dueAt,
    assignedAt: time(c.assignedAt),
    closedAt: time(c.closedAt),
  }
}

function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error('an authenticated route ran without a principal')
  return request.principal
}

/** The review queue (cases from `review` decisions) and the audit trail. */
export function registerCaseRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()
  const caseId = z.object({ id: z.coerce.number().int().min(1) })

  api.get(
    '/v1/cases',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'The review queue: cases by id, those not closed unless `state` says otherwise',
        querystring: z.object({
          state: z.enum(['open', 'assigned', 'closed']).optional(),
          assignee: z.string().max(128).optional().describe('e.g. reviewer:ana'),
          account: z.string().max(256).optional(),
          after: z.coerce.number().int().min(0).optional().describe('the last case id of the previous page'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ cases: z.array(caseSchema), next: z.number().int().nullable() }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { after, limit, ...filters } = request.query
      const cases = await app.listCases({
        ...stripUndefined(filters),
        ...(after === undefined ? {} : { afterId: after }),
        limit,
      })
      const now = app.clock.now()
      return {
        cases: cases.map((c) => toCaseView(c, now)),
        next: cases.length === limit ? (cases.at(-1)?.id ?? null) : null,
      }
    },
  )

  api.get(
    '/v1/cases/:id',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'One case with the decision that opened it (its rule, reason and evidence)',
        params: caseId,
        response: {
          200: z.object({ case: caseSchema, decision: decisionSchema.nullable() }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      const c = await app.workflows.getCase(request.params.id)
      if (c === undefined) throw new HttpError(404, 'not_found', `there is no case ${request.params.id}`)
      const decision = await app.workflows.getDecision(c.decision)
      return {
        case: toCaseView(c, app.clock.now()),
        decision: decision === undefined ? null : toDecisionView(decision),
      }
    },
  )

  api.post(
    '/v1/cases/:id/assign',
    {
      config: { role: REVIEWER_PERMISSIONS['cases.work'] },
      preValidation: async (request) => {
        // No body, or `{"steal": true}` to take a case another reviewer holds (leads).
        if (request.body === undefined) (request as { body: unknown }).body = {}
        else await jsonObjectBody(request)
      },
      schema: {
        tags: ['act'],
        summary: 'Take a case ("assign to me"); `steal: true` takes it from another reviewer (leads)',
        params: caseId,
        body: z.object({ steal: z.boolean().optional() }),
        response: { 200: caseSchema, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const principal = principalOf(request)
      if (
        request.body.steal === true &&
        principal.kind === 'reviewer' &&
        !canReviewer(principal.reviewer, 'cases.reassign')
      ) {
        throw new HttpError(403, 'forbidden', 'taking a case from another reviewer is for leads')
      }
      const c = await app.assignCase({
        id: request.params.id,
        to: actorOf(principal),
        steal: request.body.steal === true,
      })
      return toCaseView(c, app.clock.now())
    },
  )

  api.post(
    '/v1/cases/:id/close',
    {
      config: { role: REVIEWER_PERMISSIONS['cases.work'] },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['act'],
        summary: 'Close a case with its outcome and a note',
        params: caseId,
        body: z.object({ outcome: z.enum(CASE_OUTCOMES), note: z.string().max(5000).default('') }),
        response: { 200: caseSchema, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const c = await app.closeCase({
        id: request.params.id,
        outcome: request.body.outcome,
        note: request.body.note,
        actor: actorOf(principalOf(request)),
      })
      return toCaseView(c, app.clock.now())
    },
  )

  api.post(
    '/v1/restrictions/:id/lift',
    {
      config: { role: REVIEWER_PERMISSIONS['restrictions.lift'] },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['act'],
        summary: 'Lift a restriction: reinstate the account outside an appeal (leads); the seller is told why',
        params: caseId,
        body: z.object({ reason: z.string().min(1).max(5000) }),
        response: { 200: z.object({ lifted: z.boolean() }), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const lifted = await app.liftRestriction({
        id: request.params.id,
        reason: request.body.reason,
        actor: actorOf(principalOf(request)),
      })
      return { lifted }
    },
  )

  api.get(
    '/v1/audit',
    {
      config: { scope: 'read', role: REVIEWER_PERMISSIONS['audit.read'] },
      schema: {
        tags: ['read'],
        summary: 'The audit trail in order: who did what to whom, each record chained to the one before by hash',
        querystring: z.object({
          subject: z
            .string()
            .max(256)
            .optional()
            .describe('an account id, policy:NAME@VERSION, sweep:ID, reviewer:NAME'),
          after: z.coerce.number().int().min(0).optional().describe('the last seq of the previous page'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ records: z.array(auditSchema), next: z.number().int().nullable() }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { subject, after, limit } = request.query
      const records = await app.listAudit({
        ...(subject === undefined ? {} : { subject }),
        afterSeq: after ?? 0,
        limit,
      })
      return {
        records: records.map((r) => ({ ...r, at: formatTime(r.at), detail: { ...r.detail } })),
        next: records.length === limit ? (records.at(-1)?.seq ?? null) : null,
      }
    },
  )
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never
}
