import type { FastifyInstance } from 'fastify'
import type { App } from '../compose.ts'
import { type ApiKey, canUseScope } from '../core/access/api-key.ts'
import { HttpError } from './http-errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The key the request presented, on routes that require one. */
    apiKey: ApiKey | null
  }
}

const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i

/**
 * Every route whose config names a scope requires `Authorization: Bearer <key>` with a working key holding that
 * scope: 401 without one (or with an unknown or revoked one), 403 when the key lacks the scope. Runs first, before
 * the body is read.
 */
export function registerAuthentication(server: FastifyInstance, app: App): void {
  server.decorateRequest('apiKey', null)
  server.addHook('onRequest', async (request, reply) => {
    const scope = request.routeOptions.config?.scope
    if (scope === undefined) return
    const presented = BEARER.exec(request.headers.authorization ?? '')?.[1]
    const key = presented === undefined ? undefined : await app.authenticateApiKey(presented)
    if (key === undefined) {
      reply.header('www-authenticate', 'Bearer realm="oneseller"')
      throw new HttpError(
        401,
        'unauthorized',
        presented === undefined
          ? 'send an API key: Authorization: Bearer <key> (oneseller apikey create)'
          : 'the API key is unknown or revoked',
      )
    }
    if (!canUseScope(key, scope)) {
      throw new HttpError(403, 'forbidden', `this API key lacks the "${scope}" scope this route requires`)
    }
    request.apiKey = key
  })
}
