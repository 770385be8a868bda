import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { App } from '../../compose.ts'
import { ACCOUNT_READERS } from '../authenticate.ts'
import { toAccountDecisionView, toDecisionView, toRequirementView } from '../decision-views.ts'
import { HttpError } from '../http-errors.ts'
import type { RecordsBody } from '../request-body.ts'
import {
  decisionSchema,
  errorResponses,
  ingestResultSchema,
  registrationResultSchema,
  requirementSchema,
} from '../schemas.ts'
import { toLineSource, toRecordOutcome } from './ingest-routes.ts'

/** For the OpenAPI document only: the route validates with the interchange parser itself. */
export const REGISTRATION_BODY_DOC = z
  .looseObject({
    type: z.literal('account'),
    account: z.string().describe("the marketplace's account id"),
    at: z.string().describe('RFC 3339 timestamp with a time zone'),
  })
  .describe('an interchange `account` record: the fields docs/interchange.md lists')

const accountId = z.string().min(1).max(256).describe("the marketplace's account id")

/** The registration decision, and an account's decisions and requirements. */
export function registerDecisionRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/v1/registrations',
    {
      config: { scope: 'ingest' },
      schema: {
        tags: ['decide'],
        summary: 'Register an account and get the decision at once',
        description: [
          'Send one `account` record (the interchange format). It is stored as `POST /v1/records` stores it, then the',
          'live policies decide on the `registration` trigger: the answer has the action (approve when no rule hit),',
          'the verification requirements with their deadlines, the decisions recorded with their evidence, and the',
          "account's strongest links in the latest linkage run. Shadow versions are evaluated and recorded too, never",
          'acted on. Sending the same record again stores and decides nothing new and answers the same way.',
        ].join(' '),
        response: {
          200: registrationResultSchema,
          422: ingestResultSchema.omit({ decisions: true }),
          ...errorResponses(400, 401, 403, 413, 415, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as RecordsBody | undefined
      if (body === undefined || body.kind !== 'json' || body.texts.length !== 1) {
        throw new HttpError(400, 'invalid_input', 'send one account record as an application/json object')
      }
      const source = `api-key:${request.apiKey?.id ?? 'open'}`
      const report = await app.ingestRecords(toLineSource(body, source))
      const [outcome] = report.outcomes
      if (outcome === undefined) throw new HttpError(400, 'invalid_input', 'the body holds no record')
      if (outcome.status === 'rejected') {
        return reply.code(422).send({
          stored: 0,
          duplicate: 0,
          rejected: 1,
          records: [toRecordOutcome(outcome, 0, 'json')],
        })
      }
      if (outcome.type !== 'account') {
        throw new HttpError(
          400,
          'invalid_input',
          `a registration is an "account" record; this one is "${outcome.type}"`,
        )
      }
      const decision = await app.decideAccount({
        account: outcome.account,
        trigger: 'registration',
        cause: `seq:${outcome.seq}`,
        actor: source,
      })
      return reply.send({ ...toAccountDecisionView(decision), record: toRecordOutcome(outcome, 0, 'json') })
    },
  )

  api.get(
    '/v1/accounts/:id/decisions',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: "An account's decisions, oldest first, each with its policy version, rule, action and evidence",
        params: z.object({ id: accountId }),
        response: { 200: z.object({ decisions: z.array(decisionSchema) }), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      await known(app, request.params.id)
      return { decisions: (await app.decisionsOf(request.params.id)).map(toDecisionView) }
    },
  )

  api.get(
    '/v1/accounts/:id/requirements',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: "An account's verification requirements, with their deadlines and states",
        params: z.object({ id: accountId }),
        response: {
          200: z.object({ requirements: z.array(requirementSchema) }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      await known(app, request.params.id)
      return { requirements: (await app.requirementsOf(request.params.id)).map(toRequirementView) }
    },
  )
}

/** Throws not_found for an account the store does not know. */
async function known(app: App, id: string): Promise<void> {
  await app.describeAccount(id)
}
