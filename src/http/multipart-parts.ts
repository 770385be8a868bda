import type { FastifyRequest } from 'fastify'
import { HttpError } from './http-errors.ts'

/** Errors of the multipart reader that mean "too much": a file, the number of files or parts, a text part. */
const TOO_LARGE = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT'])

export interface MultipartFile {
  /** The part's field name. */
  readonly field: string
  /** The file name the client gave. */
  readonly filename: string
  /** The type the client declared (not trusted: the routes read the bytes). */
  readonly mime: string
  readonly bytes: Uint8Array
}

export interface MultipartLimits {
  /** What a 413 from the reader's own limits says after its message: "at most 12 files of … bytes each, …". */
  readonly describe: string
  /** Called as each file is read, with the files read so far (this one included) and their bytes together: a
   * message when that is too much (answered 413), else undefined. */
  readonly check: (files: number, totalBytes: number) => string | undefined
}

/**
 * Reads a multipart/form-data body: its files and its text parts, in the order they came. A body over the reader's
 * limits (set where the route registers the reader) or over `limits.check` is answered 413, naming the limits.
 */
export async function readMultipartParts(
  request: FastifyRequest,
  limits: MultipartLimits,
): Promise<{ files: MultipartFile[]; texts: { field: string; value: unknown }[] }> {
  const files: MultipartFile[] = []
  const texts: { field: string; value: unknown }[] = []
  let total = 0
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer()
        total += bytes.length
        const over = limits.check(files.length + 1, total)
        if (over !== undefined) throw new HttpError(413, 'payload_too_large', over)
        files.push({
          field: part.fieldname,
          filename: part.filename,
          mime: part.mimetype,
          bytes: new Uint8Array(bytes),
        })
      } else {
        texts.push({ field: part.fieldname, value: part.value })
      }
    }
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && TOO_LARGE.has(code)) {
      throw new HttpError(413, 'payload_too_large', `${(e as Error).message}: ${limits.describe}`)
    }
    throw e
  }
  return { files, texts }
}
