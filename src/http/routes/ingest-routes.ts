import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { IngestOutcome, IngestReport } from '../../app/index.ts'
import { type App, openLineStream } from '../../compose.ts'
import type { LineSource, SourceLine } from '../../ports/index.ts'
import { toAccountDecisionView } from '../decision-views.ts'
import { HttpError } from '../http-errors.ts'
import type { HttpMetrics } from '../metrics.ts'
import { NDJSON, type RecordsBody } from '../request-body.ts'
import { errorResponses, ingestResultSchema, recordsBodySchema } from '../schemas.ts'

/** The ingest answer and the status it goes with. */
export interface IngestAnswer {
  readonly status: 200 | 422
  readonly body: z.output<typeof ingestResultSchema>
}

/** Ingest: interchange records, one or a batch, validated and stored exactly as `oneseller import` does. */
export function registerIngestRoutes(server: FastifyInstance, app: App, metrics: HttpMetrics): void {
  const ingest = async (body: RecordsBody, source: string): Promise<IngestAnswer> => {
    const answer = await ingestBody(app, body, source)
    metrics.countRecords(answer.body)
    return answer
  }
  server.withTypeProvider<ZodTypeProvider>().post(
    '/v1/records',
    {
      config: { scope: 'ingest' },
      schema: {
        tags: ['ingest'],
        summary: 'Store interchange records: one object, an array, or NDJSON',
        description: [
          'Each record is validated and stored as `oneseller import` does it, and idempotently: a record already',
          'stored for its account is a `duplicate`, never stored twice. A batch is one transaction. The answer has',
          'one outcome per record, in order; a rejected record names the field and the reason.',
          '200: at least one record stored or already there (check `rejected`); 422: every record was rejected.',
          'Send `Idempotency-Key` to make a retry safe: the same key with the same body returns the first answer',
          '(with `Idempotent-Replayed: true`) for 24 hours; the same key with another body is refused with 422.',
        ].join(' '),
        consumes: ['application/json', NDJSON],
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(1)
            .max(255)
            .optional()
            .describe('any unique string (a UUID): a retry with the same key and body returns the first answer'),
        }),
        response: {
          200: ingestResultSchema,
          422: z.union([ingestResultSchema, errorResponses(422)[422]]),
          ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as RecordsBody | undefined
      if (body === undefined) {
        throw new HttpError(
          400,
          'invalid_input',
          `send the records as application/json (an object or an array) or ${NDJSON} (one record a line)`,
        )
      }
      // Authentication ran first: every request here has its key.
      const owner = request.apiKey?.id ?? 'open'
      const source = `api-key:${owner}`
      const idempotencyKey = request.headers['idempotency-key']
      if (idempotencyKey === undefined) {
        const answer = await ingest(body, source)
        return reply.code(answer.status).send(answer.body)
      }
      const once = await app.answerOnce({ owner, key: idempotencyKey, fingerprint: body.fingerprint }, async () =>
        JSON.stringify(await ingest(body, source)),
      )
      switch (once.kind) {
        case 'mismatch':
          throw new HttpError(
            422,
            'idempotency_key_reused',
            'this Idempotency-Key was used for a different body: use a new key for a new request',
          )
        case 'in_flight':
          throw new HttpError(
            409,
            'idempotency_key_in_flight',
            'a request with this Idempotency-Key is being answered: retry when it is done',
          )
        case 'replayed':
          reply.header('idempotent-replayed', 'true')
          break
        case 'answered':
          break
      }
      const answer = JSON.parse(once.answer) as IngestAnswer
      return reply.code(answer.status).send(answer.body)
    },
  )
}

/** The records body of the OpenAPI document (the route validates with the interchange parser, not a schema). */
export const RECORDS_BODY_DOC = recordsBodySchema

async function ingestBody(app: App, body: RecordsBody, source: string): Promise<IngestAnswer> {
  const report = await app.ingestRecords(toLineSource(body, source))
  if (report.outcomes.length === 0) {
    throw new HttpError(400, 'invalid_input', 'the body holds no records')
  }
  const decisions = await app.decideOnIngest(report, source)
  return {
    status: report.stored + report.duplicate === 0 ? 422 : 200,
    body: { ...toIngestResult(report, body.kind), decisions: decisions.map(toAccountDecisionView) },
  }
}

export function toLineSource(body: RecordsBody, name: string): LineSource {
  if (body.kind === 'ndjson') return openLineStream(name, Readable.from([body.bytes]))
  const lines: SourceLine[] = body.texts.map((text, i) => ({ lineNo: i + 1, text, endOffset: 0 }))
  return {
    name,
    size: undefined,
    lines: (async function* () {
      yield* lines
    })(),
  }
}

function toIngestResult(report: IngestReport, kind: RecordsBody['kind']): Omit<IngestAnswer['body'], 'decisions'> {
  return {
    stored: report.stored,
    duplicate: report.duplicate,
    rejected: report.rejected,
    records: report.outcomes.map((o, index) => toRecordOutcome(o, index, kind)),
  }
}

export function toRecordOutcome(o: IngestOutcome, index: number, kind: RecordsBody['kind']) {
  const where = kind === 'ndjson' ? { index, line: o.line } : { index }
  return o.status === 'rejected'
    ? {
        ...where,
        status: o.status,
        type: o.type,
        errors: o.issues.map((i) => ({ field: i.field, message: i.message })),
      }
    : { ...where, status: o.status, type: o.type, account: o.account, seq: o.seq }
}
