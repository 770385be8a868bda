import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpError } from './http-errors.ts'
import { describeJsonSyntaxError, parseJsonText } from './json-text.ts'

export const NDJSON = 'application/x-ndjson'

/** A request body of interchange records as the parsers leave it, with the fingerprint of its bytes. */
export type RecordsBody =
  /** `application/json`: one compact JSON text per record (a lone object is a batch of one). */
  | { readonly kind: 'json'; readonly texts: readonly string[]; readonly fingerprint: string }
  /** `application/x-ndjson`: the bytes, split and checked line by line as `oneseller import` does. */
  | { readonly kind: 'ndjson'; readonly bytes: Buffer; readonly fingerprint: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Replaces the JSON body parser with one whose errors name the line and column, and adds NDJSON. Bodies are kept as
 * record texts, not objects: the interchange parser validates them, as it does for an import.
 */
export function registerBodyParsers(server: FastifyInstance): void {
  server.removeContentTypeParser('application/json')
  server.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, bytes: Buffer, done) => {
    try {
      done(null, toJsonBody(bytes))
    } catch (e) {
      done(e as Error, undefined)
    }
  })
  server.addContentTypeParser(NDJSON, { parseAs: 'buffer' }, (_req, bytes: Buffer, done) => {
    done(null, { kind: 'ndjson', bytes, fingerprint: fingerprint('ndjson', bytes) } satisfies RecordsBody)
  })
}

function toJsonBody(bytes: Buffer): RecordsBody {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw new HttpError(400, 'invalid_input', 'the body is not valid UTF-8')
  }
  const parsed = parseJsonText(text)
  if (!parsed.ok) {
    throw new HttpError(400, 'invalid_input', `the body is not valid JSON: ${describeJsonSyntaxError(parsed.error)}`, [
      { field: '(body)', message: describeJsonSyntaxError(parsed.error) },
    ])
  }
  const value = parsed.value
  const records = Array.isArray(value) ? value : [value]
  if (!Array.isArray(value) && (typeof value !== 'object' || value === null)) {
    throw new HttpError(400, 'invalid_input', 'the body must be a JSON object (one record) or an array of records')
  }
  return {
    kind: 'json',
    texts: records.map((r) => JSON.stringify(r) ?? 'null'),
    fingerprint: fingerprint('json', bytes),
  }
}

/** What an Idempotency-Key is bound to: the media type and the exact bytes. */
function fingerprint(kind: string, bytes: Buffer): string {
  return createHash('sha256').update(kind).update('\n').update(bytes).digest('hex')
}

/**
 * A `preValidation` hook for routes that take one JSON object: puts it where the route's schema validates it (the
 * shared JSON parser keeps bodies as record texts for ingest). Anything else is a 400.
 */
export async function jsonObjectBody(request: FastifyRequest): Promise<void> {
  const body = request.body as RecordsBody | undefined
  if (body?.kind !== 'json' || body.texts.length !== 1) {
    throw new HttpError(400, 'invalid_input', 'send one JSON object as application/json')
  }
  const value = JSON.parse(body.texts[0] as string) as unknown
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_input', 'send one JSON object as application/json')
  }
  ;(request as { body: unknown }).body = value
}
