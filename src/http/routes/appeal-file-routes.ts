import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  APPEAL_FILE_MAX_BYTES,
  APPEAL_UPLOADS_MAX,
  APPEAL_UPLOADS_MAX_TOTAL_BYTES,
  type AppealUpload,
  formatTime,
} from '../../app/index.ts'
import type { App } from '../../compose.ts'
import { isOnesellerError } from '../../core/errors.ts'
import { MAX_STATEMENT_CHARS } from '../../core/verification/appeal.ts'
import { actorOf, type Principal, READERS } from '../authenticate.ts'
import { HttpError } from '../http-errors.ts'
import { readMultipartParts } from '../multipart-parts.ts'
import { appealSchema, errorResponses } from '../schemas.ts'

const accountId = z.string().min(1).max(256).describe("the marketplace's account id")

function principalOf(request: FastifyRequest): Principal {
  // These routes name who may call them: authentication has put the principal here, or answered 401 already.
  if (request.principal === null) throw new Error('an authenticated route ran without a principal')
  return request.principal
}

export const appealFileSchema = z
  .object({
    id: z.number().int(),
    name: z.string().describe('as the seller named it'),
    mime: z.string().describe('read from the bytes: image/jpeg, image/png, image/webp or application/pdf'),
    size: z.number().int(),
    sha256: z.string(),
  })
  .meta({ id: 'AppealFile' })

/** An appeal with the files the seller attached (their names, types and sizes; the bytes at their own route). */
export const appealWithFilesSchema = appealSchema
  .extend({ uploads: z.array(appealFileSchema) })
  .meta({ id: 'AppealWithFiles' })

/**
 * Reads an appeal sent as multipart/form-data: the text parts `decision` and `statement`, and each file part (any
 * field name) an attachment. The reader's own limits answer 413 as the submissions' do.
 */
async function readAppealParts(
  request: FastifyRequest,
): Promise<{ decision: unknown; statement: unknown; uploads: AppealUpload[] }> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send the appeal as multipart/form-data: a "decision" part, a "statement" part and one part per file (or JSON, without files, to POST /v1/accounts/{id}/appeals)',
    )
  }
  const parts = await readMultipartParts(request, {
    describe: `at most ${APPEAL_UPLOADS_MAX} files of ${APPEAL_FILE_MAX_BYTES} bytes each, ${APPEAL_UPLOADS_MAX_TOTAL_BYTES} in all`,
    check: (files, totalBytes) =>
      files > APPEAL_UPLOADS_MAX || totalBytes > APPEAL_UPLOADS_MAX_TOTAL_BYTES
        ? `at most ${APPEAL_UPLOADS_MAX} files of ${APPEAL_FILE_MAX_BYTES} bytes each, ${APPEAL_UPLOADS_MAX_TOTAL_BYTES} in all`
        : undefined,
  })
  const uploads: AppealUpload[] = parts.files.map((f) => ({ name: f.filename, bytes: f.bytes }))
  const text: Record<string, unknown> = {}
  for (const { field, value } of parts.texts) text[field] = value
  return { decision: text.decision, statement: text.statement, uploads }
}

const appealPartsSchema = z.object({
  decision: z.coerce.number().int().min(1),
  statement: z.string().trim().min(1).max(MAX_STATEMENT_CHARS),
})

/** A file the appeal checks refused: 415 when of a type not accepted, 413 when too large or too many. */
function toAppealUploadError(e: unknown): unknown {
  if (!isOnesellerError(e) || e.code !== 'invalid_input') return e
  switch (e.details.reason) {
    case 'unsupported_format':
      return new HttpError(415, 'unsupported_media_type', e.message)
    case 'too_many_bytes':
    case 'too_many_files':
      return new HttpError(413, 'payload_too_large', e.message)
    default:
      return e
  }
}

/**
 * Appeals with files attached: the seller's multipart upload, and each file for the reviewer. Registered by the
 * submission routes, after the multipart reader they share.
 */
export function registerAppealFileRoutes(server: FastifyInstance, app: App): void {
  const api = server.withTypeProvider<ZodTypeProvider>()
  const time = (t: number | null) => (t === null ? null : formatTime(t))

  api.post(
    '/v1/accounts/:id/appeals/upload',
    {
      config: { scope: 'ingest', seller: true },
      schema: {
        tags: ['act'],
        summary: 'Appeal a decision with files attached (the seller, with a portal token, or the marketplace for them)',
        description:
          'The same as `POST /v1/accounts/{id}/appeals`, as multipart/form-data: a `decision` part (the decision id), a `statement` part, and one part per file. Files: JPEG, PNG or WebP pictures or PDF scans (told by their bytes), at most 5 files of 10 MB each and 25 MB in all: anything else 415, larger 413. Stored with the appeal in its transaction; reviewers read them at `GET /v1/appeals/{n}/files/{f}`.',
        consumes: ['multipart/form-data'],
        params: z.object({ id: accountId }),
        response: {
          201: appealWithFilesSchema,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request)
      const parts = await readAppealParts(request)
      const parsed = appealPartsSchema.safeParse(parts)
      if (!parsed.success) {
        throw new HttpError(
          400,
          'invalid_input',
          'give the decision appealed (a "decision" part) and a statement (a "statement" part)',
          parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        )
      }
      const appeal = await app
        .fileAppeal({
          account: request.params.id,
          decision: parsed.data.decision,
          statement: parsed.data.statement,
          uploads: parts.uploads,
          actor: actorOf(principal),
        })
        .catch((e: unknown) => {
          throw toAppealUploadError(e)
        })
      const uploads = await app.workflows.appealFilesOf([appeal.id])
      return reply.code(201).send({
        ...appeal,
        files: [...appeal.files],
        filedAt: formatTime(appeal.filedAt),
        decidedAt: time(appeal.decidedAt),
        uploads: uploads.map(({ id, name, mime, size, sha256 }) => ({ id, name, mime, size, sha256 })),
      })
    },
  )

  api.get(
    '/v1/appeals/:appeal/files/:file',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'One file attached to an appeal, as the seller sent it, for the reviewer',
        params: z.object({ appeal: z.coerce.number().int().min(1), file: z.coerce.number().int().min(1) }),
        produces: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
        response: {
          // Bytes are sent as they are: a Buffer bypasses the serializer.
          200: z.unknown().describe('the file as uploaded, with the media type read from its bytes'),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { appeal, file } = request.params
      const found = await app.workflows.readAppealFile(appeal, file)
      if (found === undefined) throw new HttpError(404, 'not_found', `appeal ${appeal} has no file ${file}`)
      return reply
        .header('content-type', found.mime)
        .header('content-disposition', `inline; filename="appeal-${appeal}-file-${file}"`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength))
    },
  )
}
