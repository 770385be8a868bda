import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatTime, REVIEW_CHECKLISTS, type UploadedFile } from '../../app/index.ts'
import type { App } from '../../compose.ts'
import { canReviewer, REVIEWER_PERMISSIONS } from '../../core/access/reviewer.ts'
import { isOnesellerError } from '../../core/errors.ts'
import { SUBMISSION_STATES, type Submission } from '../../ports/index.ts'
import { ACCOUNT_READERS, actorOf, type Principal, READERS } from '../authenticate.ts'
import { HttpError } from '../http-errors.ts'
import { readMultipartParts } from '../multipart-parts.ts'
import { jsonObjectBody } from '../request-body.ts'
import { errorResponses } from '../schemas.ts'
import { registerAppealFileRoutes } from './appeal-file-routes.ts'

/** Largest file of a submission: a phone photo as JPEG is 3–8 MB (the face reader's own limit is the same). */
export const MAX_FILE_BYTES = 15_000_000
/** Files of one submission at most: a video's ID photo, 10 frames and the video itself. */
export const MAX_FILES = 12
/** All files of one submission together. */
export const MAX_TOTAL_BYTES = 60_000_000
/** Text parts (the typed fields): few and small. */
const MAX_FIELDS = 20
const MAX_FIELD_BYTES = 64 * 1024

const accountId = z.string().min(1).max(256).describe("the marketplace's account id")
const time = (t: number | null) => (t === null ? null : formatTime(t))

const fileSchema = z.object({
  id: z.number().int(),
  role: z.string().describe('front, back, photo, frame, bill or video'),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string().optional(),
})

const submissionSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    method: z.string(),
    state: z.enum(SUBMISSION_STATES),
    requirement: z.number().int().nullable().optional(),
    fields: z.record(z.string(), z.unknown()).describe('what was typed beside the files'),
    checks: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "the engine's checks: `passed`, `items` (kind, outcome, detail, accounts), `images`, `face`, `elsewhere` (other accounts found); not shown to sellers",
      ),
    files: z.array(fileSchema),
    createdAt: z.string(),
    createdBy: z.string().optional(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable().optional(),
    reason: z.string().nullable().describe("the reviewer's reason, told to the seller"),
    checklist: z.record(z.string(), z.boolean()).nullable().optional(),
    final: z.boolean().optional(),
  })
  .meta({ id: 'Submission' })

/**
 * A submission as its reader may see it: sellers see what they sent and the outcome, never the checks (they name other
 * accounts) nor who reviewed it.
 */
function toSubmissionView(s: Submission, principal: Principal): z.input<typeof submissionSchema> {
  const seller = principal.kind === 'seller'
  const base = {
    id: s.id,
    account: s.account,
    method: s.method,
    state: s.state,
    fields: s.fields,
    files: s.files.map((f) => (seller ? { id: f.id, role: f.role, mime: f.mime, size: f.size } : { ...f })),
    createdAt: formatTime(s.createdAt),
    decidedAt: time(s.decidedAt),
    reason: s.reason,
  }
  if (seller) return base
  return {
    ...base,
    requirement: s.requirement,
    checks: s.checks,
    createdBy: s.createdBy,
    decidedBy: s.decidedBy,
    checklist: s.checklist,
    final: s.final,
  }
}

function principalOf(request: FastifyRequest): Principal {
  // These routes name who may call them: authentication has put the principal here, or answered 401 already.
  if (request.principal === null) throw new Error('an authenticated route ran without a principal')
  return request.principal
}

/**
 * Reads a multipart body: each file part's field name is its role; a part named `fields` holds a JSON object of the
 * typed fields, any other text part one field. Limits: {@link MAX_FILE_BYTES} per file, {@link MAX_FILES} files,
 * {@link MAX_TOTAL_BYTES} in all (413 beyond).
 */
async function readSubmissionParts(
  request: FastifyRequest,
): Promise<{ files: UploadedFile[]; fields: Record<string, unknown> }> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send the files as multipart/form-data: one part per file, named by its role (front, back, photo, frame, bill, video), and the typed fields',
    )
  }
  const parts = await readMultipartParts(request, {
    describe: `at most ${MAX_FILES} files of ${MAX_FILE_BYTES} bytes each, ${MAX_TOTAL_BYTES} in all`,
    check: (_files, totalBytes) =>
      totalBytes > MAX_TOTAL_BYTES ? `the files are larger than ${MAX_TOTAL_BYTES} bytes together` : undefined,
  })
  const files: UploadedFile[] = parts.files.map((f) => ({ role: f.field, bytes: f.bytes, mime: f.mime }))
  const fields: Record<string, unknown> = {}
  for (const { field, value } of parts.texts) {
    if (field === 'fields') Object.assign(fields, fieldsObject(value))
    else fields[field] = value
  }
  return { files, fields }
}

function fieldsObject(value: unknown): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(String(value))
  } catch {
    throw new HttpError(400, 'invalid_input', 'the "fields" part must be a JSON object', [
      { field: 'fields', message: 'not valid JSON' },
    ])
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'invalid_input', 'the "fields" part must be a JSON object')
  }
  return parsed as Record<string, unknown>
}

/** An image the checks refused: 415 when it is no image of an accepted format, 413 when it is too large. */
function toUploadError(e: unknown): unknown {
  if (!isOnesellerError(e) || e.code !== 'invalid_input') return e
  switch (e.details.reason) {
    case 'not_an_image':
    case 'unsupported_format':
      return new HttpError(415, 'unsupported_media_type', e.message)
    case 'too_many_bytes':
    case 'too_many_pixels':
      return new HttpError(413, 'payload_too_large', e.message)
    default:
      return e
  }
}

/** Evidence sellers submit, the review queue, the files for the reviewer's screen, and the reviewer's decision. */
export async function registerSubmissionRoutes(server: FastifyInstance, app: App): Promise<void> {
  await server.register(multipart, {
    limits: {
      fileSize: MAX_FILE_BYTES,
      files: MAX_FILES,
      fields: MAX_FIELDS,
      fieldSize: MAX_FIELD_BYTES,
      parts: MAX_FILES + MAX_FIELDS,
    },
  })
  const api = server.withTypeProvider<ZodTypeProvider>()
  // The appeal's files share the multipart reader registered above.
  registerAppealFileRoutes(server, app)

  api.post(
    '/v1/accounts/:id/submissions/:method',
    {
      config: { scope: 'ingest', seller: true },
      schema: {
        tags: ['act'],
        summary: 'Submit evidence for a verification method (the seller, with a portal token, or the marketplace)',
        description:
          'multipart/form-data. Files by role: id_document and business_licence `front` (and `back`); utility_bill `bill`; video `photo` (the ID photo), 3 to 10 `frame`s captured while the seller followed the prompts, optionally `video` (stored, not decoded). Typed fields as a `fields` part holding a JSON object (or one text part each): documents `documentNumber` (and optionally `documentType`, `country`); utility_bill `name`, `address` (a postal address object), `issueDate` (YYYY-MM-DD). Images: JPEG, PNG or WebP, at most 15 MB each (413), 12 files and 60 MB in all; anything else 415. The same files sent again answer the first submission (200, `idempotent-replayed: true`).',
        consumes: ['multipart/form-data'],
        params: z.object({ id: accountId, method: z.string().min(1).max(64) }),
        response: {
          200: submissionSchema,
          201: submissionSchema,
          ...errorResponses(400, 401, 403, 404, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request)
      const { files, fields } = await readSubmissionParts(request)
      const outcome = await app
        .submitEvidence({
          account: request.params.id,
          method: request.params.method,
          files,
          fields,
          actor: actorOf(principal),
        })
        .catch((e: unknown) => {
          throw toUploadError(e)
        })
      const view = toSubmissionView(outcome.submission, principal)
      if (!outcome.created) return reply.header('idempotent-replayed', 'true').code(200).send(view)
      return reply.header('location', `/v1/submissions/${outcome.submission.id}`).code(201).send(view)
    },
  )

  api.get(
    '/v1/accounts/:id/submissions',
    {
      config: ACCOUNT_READERS,
      schema: {
        tags: ['read'],
        summary: "An account's submissions, oldest first (its seller sees no checks)",
        params: z.object({ id: accountId }),
        response: {
          200: z.object({ submissions: z.array(submissionSchema) }),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      await app.describeAccount(request.params.id)
      const principal = principalOf(request)
      const submissions = await app.submissions.submissionsOf(request.params.id)
      return { submissions: submissions.map((s) => toSubmissionView(s, principal)) }
    },
  )

  api.get(
    '/v1/submissions',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'Submissions of every account by id; `state=in_review` for the review queue',
        querystring: z.object({
          state: z.enum(SUBMISSION_STATES).optional(),
          after: z.coerce.number().int().min(0).optional().describe('the last submission id of the previous page'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ submissions: z.array(submissionSchema), next: z.number().int().nullable() }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
    },
    async (request) => {
      const { state, after, limit } = request.query
      const submissions = await app.submissions.listSubmissions({
        ...(state === undefined ? {} : { state }),
        ...(after === undefined ? {} : { afterId: after }),
        limit,
      })
      const principal = principalOf(request)
      return {
        submissions: submissions.map((s) => toSubmissionView(s, principal)),
        next: submissions.length === limit ? (submissions.at(-1)?.id ?? null) : null,
      }
    },
  )

  api.get(
    '/v1/submissions/:submission',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: 'One submission with its checks and files',
        params: z.object({ submission: z.coerce.number().int().min(1) }),
        response: { 200: submissionSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const s = await app.submissions.get(request.params.submission)
      if (s === undefined) throw new HttpError(404, 'not_found', `there is no submission ${request.params.submission}`)
      return toSubmissionView(s, principalOf(request))
    },
  )

  api.get(
    '/v1/submissions/:submission/files/:file',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: "One submitted file as it was uploaded, for the reviewer's screen",
        params: z.object({ submission: z.coerce.number().int().min(1), file: z.coerce.number().int().min(1) }),
        produces: ['image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'video/webm', 'video/quicktime'],
        response: {
          // Bytes are sent as they are: a Buffer bypasses the serializer.
          200: z.unknown().describe('the file as uploaded, with its media type'),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { submission, file } = request.params
      const found = await app.submissions.readFile(submission, file)
      if (found === undefined) throw new HttpError(404, 'not_found', `submission ${submission} has no file ${file}`)
      return reply
        .header('content-type', found.mime)
        .header('content-disposition', `inline; filename="submission-${submission}-${found.role}-${file}"`)
        .send(Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength))
    },
  )

  api.get(
    '/v1/review-checklists',
    {
      config: READERS,
      schema: {
        tags: ['read'],
        summary: "Each verification method's checklist: the items a reviewer ticks before deciding a submission",
        description:
          'The keys `POST /v1/submissions/{id}/decision` expects in `checklist`, in the order to show them; a pass needs every one ticked.',
        response: {
          200: z.object({ checklists: z.record(z.string(), z.array(z.string())) }),
          ...errorResponses(401, 403, 429),
        },
      },
    },
    async () => ({
      checklists: Object.fromEntries(Object.entries(REVIEW_CHECKLISTS).map(([method, items]) => [method, [...items]])),
    }),
  )

  api.post(
    '/v1/submissions/:submission/decision',
    {
      config: { role: REVIEWER_PERMISSIONS['submissions.decide'] },
      preValidation: jsonObjectBody,
      schema: {
        tags: ['act'],
        summary: 'Pass or fail a submission in review (reviewers; a final failure, leads)',
        description:
          "Every item of the method's checklist ticked (true) or not (false); a pass needs all ticked. `final: true` on a failure (a forged document) refuses the requirement for good: its consequence applies at once. The outcome reaches the requirement at the next scheduler run.",
        params: z.object({ submission: z.coerce.number().int().min(1) }),
        body: z.object({
          outcome: z.enum(['passed', 'failed']),
          reason: z.string().min(1).max(5000).describe('told to the seller'),
          checklist: z.record(z.string(), z.boolean()),
          final: z.boolean().optional(),
        }),
        response: {
          200: z.object({
            submission: submissionSchema,
            refused: z.array(z.number().int()).describe('the requirements refused for good'),
          }),
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request)
      if (
        request.body.final === true &&
        principal.kind === 'reviewer' &&
        !canReviewer(principal.reviewer, 'submissions.refuse')
      ) {
        throw new HttpError(403, 'forbidden', 'a final refusal is for leads: fail without final, or ask a lead')
      }
      const outcome = await app.decideSubmission({
        submission: request.params.submission,
        outcome: request.body.outcome,
        reason: request.body.reason,
        checklist: request.body.checklist,
        ...(request.body.final === undefined ? {} : { final: request.body.final }),
        actor: actorOf(principal),
      })
      return { submission: toSubmissionView(outcome.submission, principal), refused: [...outcome.refused] }
    },
  )
}
