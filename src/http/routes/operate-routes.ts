import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { App } from '../../compose.ts'
import { HttpError } from '../http-errors.ts'
import type { HttpMetrics } from '../metrics.ts'
import { errorResponses, healthSchema } from '../schemas.ts'

/** A store that has not answered by then is not ready: a probe must not hang with it. */
const READINESS_TIMEOUT_MS = 2_000

/** Probes for the orchestrator (open, without a key, free of any account data) and the metrics (behind a key). */
export function registerOperateRoutes(server: FastifyInstance, app: App, metrics: HttpMetrics): void {
  const api = server.withTypeProvider<ZodTypeProvider>()
  api.get(
    '/healthz',
    {
      schema: {
        tags: ['operate'],
        summary: 'Liveness: the process is up and answering',
        response: { 200: healthSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  api.get(
    '/readyz',
    {
      schema: {
        tags: ['operate'],
        summary: 'Readiness: the store answers a query',
        response: { 200: healthSchema, ...errorResponses(503) },
      },
    },
    async (request) => {
      try {
        await withTimeout(app.checkReadiness(), READINESS_TIMEOUT_MS)
      } catch (e) {
        request.log.warn({ err: { type: (e as Error).name, message: (e as Error).message } }, 'store not ready')
        throw new HttpError(503, 'not_ready', 'the store does not answer; see the server log')
      }
      return { status: 'ok' as const }
    },
  )

  api.get(
    '/metrics',
    {
      config: { scope: 'metrics' },
      schema: {
        tags: ['operate'],
        summary: 'Prometheus metrics: requests and durations by route and status, records ingested by outcome',
        description:
          'Behind an API key with the `metrics` scope: give Prometheus the key as a bearer token (`authorization` in the scrape config).',
        response: {
          200: { description: 'the Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
          ...errorResponses(401, 403, 429),
        },
      },
    },
    async (_request, reply) => {
      const { contentType, text } = await metrics.render()
      return reply.type(contentType).send(text)
    },
  )
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}
