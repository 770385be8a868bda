// What each method takes (files by role, typed fields) and how its evidence is read: images inspected, faces read,
// and the checks that need only the submission and the account. Searches across accounts are in submissions.ts.
import { z } from 'zod'
import type { AccountState } from '../core/accounts/index.ts'
import { OnesellerError } from '../core/errors.ts'
import { postalAddressSchema } from '../core/interchange/schema.ts'
import type { Instant } from '../core/time.ts'
import { type FaceReading, type FaceVerdict, matchFaces } from '../core/verification/face-match.ts'
import type {
  FaceEmbedder,
  ImageFacts,
  SubmissionFileRole,
  SubmissionImageReader,
  SubmissionMethod,
} from '../ports/index.ts'
import {
  billAddressCheck,
  billDateCheck,
  billNameCheck,
  businessLicenceChecks,
  type DocumentChecks,
  formatCheck,
  identityDocumentChecks,
  metadataCheck,
  type SubmissionCheck,
} from './submission-checks.ts'

/** A file as uploaded: the form field it came in names its role. */
export interface UploadedFile {
  readonly role: string
  readonly bytes: Uint8Array
  /** The media type the client declared (only a video's is taken as given: videos are stored, not decoded). */
  readonly mime: string
}

/** How many files of each role a method takes. */
export const FILE_RULES: Readonly<
  Record<SubmissionMethod, Readonly<Partial<Record<SubmissionFileRole, { min: number; max: number }>>>>
> = {
  id_document: { front: { min: 1, max: 1 }, back: { min: 0, max: 1 } },
  business_licence: { front: { min: 1, max: 1 }, back: { min: 0, max: 1 } },
  utility_bill: { bill: { min: 1, max: 1 } },
  // The still frames captured while the seller followed the prompts (see core/verification/face-match MIN_FRAMES).
  video: { photo: { min: 1, max: 1 }, frame: { min: 3, max: 10 }, video: { min: 0, max: 1 } },
}

/** Media types a video file may declare. */
const VIDEO_MIME = /^video\/(mp4|webm|quicktime|x-matroska|3gpp)$/

/** Checks the roles and counts of the files for the method; `invalid_input` naming the role otherwise. */
export function checkFileRoles(method: SubmissionMethod, files: readonly UploadedFile[]): void {
  const rules = FILE_RULES[method]
  const counts = new Map<string, number>()
  for (const f of files) {
    if (!(f.role in rules)) {
      throw new OnesellerError(
        'invalid_input',
        `a ${method} submission takes files named ${Object.keys(rules).join(', ')}; "${f.role}" is none of them`,
      )
    }
    counts.set(f.role, (counts.get(f.role) ?? 0) + 1)
    if (f.bytes.byteLength === 0) throw new OnesellerError('invalid_input', `the ${f.role} file is empty`)
    if (f.role === 'video' && !VIDEO_MIME.test(f.mime)) {
      throw new OnesellerError(
        'invalid_input',
        `the video file is ${f.mime || 'of no declared type'}: send video/mp4, video/webm or video/quicktime`,
        { details: { reason: 'unsupported_format', role: 'video' } },
      )
    }
  }
  for (const [role, { min, max }] of Object.entries(rules)) {
    const n = counts.get(role) ?? 0
    if (n < min || n > max) {
      throw new OnesellerError(
        'invalid_input',
        `a ${method} submission takes ${min === max ? min : `${min} to ${max}`} ${role} file${max === 1 ? '' : 's'}; ${n} sent`,
      )
    }
  }
}

const documentNumber = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters')
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code in capitals')
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD')

/** What each method takes beside its files: typed by the seller, or read by the marketplace's OCR. */
const FIELDS = {
  id_document: z.strictObject({
    documentNumber,
    documentType: z.enum(['national_id', 'passport', 'driving_licence']).optional(),
    country: country.optional(),
  }),
  business_licence: z.strictObject({ documentNumber, country: country.optional() }),
  utility_bill: z.strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(512),
    address: postalAddressSchema,
    issueDate: date,
  }),
  video: z.strictObject({}),
} as const

export type SubmissionFields = {
  readonly documentNumber?: string
  readonly documentType?: 'national_id' | 'passport' | 'driving_licence'
  readonly country?: string
  readonly name?: string
  readonly address?: z.output<typeof postalAddressSchema>
  readonly issueDate?: string
}

/** The method's fields, validated; `invalid_input` naming each field that does not hold. */
export function parseFields(method: SubmissionMethod, fields: Readonly<Record<string, unknown>>): SubmissionFields {
  const parsed = FIELDS[method].safeParse(fields)
  if (parsed.success) return parsed.data as SubmissionFields
  const issues = parsed.error.issues.map((i) => `fields.${[...i.path.map(String)].join('.') || '(all)'}: ${i.message}`)
  throw new OnesellerError('invalid_input', `the ${method} submission's fields do not hold: ${issues.join('; ')}`)
}

/** An image's facts with its role and place among the files. */
export interface InspectedImage {
  readonly index: number
  readonly role: SubmissionFileRole
  readonly facts: ImageFacts
}

/**
 * Inspects the submission's images (those `only` keeps; never a video); a refusal names the file (`details.role`) and
 * keeps its reason.
 */
export async function inspectImages(
  images: SubmissionImageReader,
  files: readonly UploadedFile[],
  only: (role: string) => boolean = () => true,
): Promise<InspectedImage[]> {
  const out: InspectedImage[] = []
  for (const [index, f] of files.entries()) {
    if (f.role === 'video' || !only(f.role)) continue
    out.push({
      index,
      role: f.role as SubmissionFileRole,
      facts: await withRole(f.role, index, images.inspect(f.bytes)),
    })
  }
  return out
}

/** Prefixes the refusal of one file with its role, keeping the reason the HTTP layer maps to a status. */
export async function withRole<T>(role: string, index: number, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (e) {
    if (!(e instanceof OnesellerError)) throw e
    throw new OnesellerError(e.code, `the ${role} file (file ${index + 1}): ${e.message}`, {
      cause: e,
      details: { ...e.details, role },
    })
  }
}

/** Format and metadata checks of a document's or a bill's images. */
export function imageChecks(images: readonly InspectedImage[]): SubmissionCheck[] {
  return images.flatMap((i) => [formatCheck(i.role, i.facts), metadataCheck(i.role, i.facts)])
}

/**
 * The checks of the typed fields against the account's declarations, by method, and the document number in its
 * canonical spelling (when there is one and it could be read).
 */
export function fieldChecks(
  method: SubmissionMethod,
  fields: SubmissionFields,
  account: AccountState,
  opts: { readonly now: Instant; readonly billMaxAgeMonths: number },
): DocumentChecks {
  switch (method) {
    case 'id_document':
      return identityDocumentChecks(
        fields.documentNumber ?? '',
        {
          ...(fields.documentType ? { type: fields.documentType } : {}),
          ...(fields.country ? { country: fields.country } : {}),
        },
        account.profile,
      )
    case 'business_licence':
      return businessLicenceChecks(
        fields.documentNumber ?? '',
        fields.country ? { country: fields.country } : {},
        account.profile,
      )
    case 'utility_bill':
      return {
        checks: [
          billNameCheck(fields.name ?? '', account.profile),
          billAddressCheck(fields.address!, account.profile),
          billDateCheck(fields.issueDate ?? '', opts.now, opts.billMaxAgeMonths),
        ],
        number: undefined,
      }
    case 'video':
      return { checks: [], number: undefined }
  }
}

/** What the face reader and `matchFaces` made of a video's ID photo and frames. */
export interface VideoFaces {
  readonly verdict: FaceVerdict
  readonly checks: SubmissionCheck[]
}

/**
 * Reads the faces of the ID photo and of every frame (in the order sent) and compares them (`matchFaces`): exactly one
 * face each, one person across the frames, close enough to the ID photo, anti-spoofing and liveness where read.
 */
export async function readVideoFaces(faces: FaceEmbedder, files: readonly UploadedFile[]): Promise<VideoFaces> {
  const photoAt = files.findIndex((f) => f.role === 'photo')
  const photo = await withRole('photo', photoAt, faces.embed(files[photoAt]!.bytes))
  const frames: FaceReading[] = []
  for (const [index, f] of files.entries()) {
    if (f.role === 'frame') frames.push(await withRole('frame', index, faces.embed(f.bytes)))
  }
  const verdict = matchFaces(photo, frames)
  return { verdict, checks: verdict.checks.map((c) => ({ kind: c.kind, outcome: c.outcome, detail: c.detail })) }
}

/** The verdict as the reviewer reads it (the embedding is kept apart, for the search across accounts). */
export function faceSummary(v: FaceVerdict): Record<string, unknown> {
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000)
  return {
    passed: v.passed,
    idPhotoSimilarity: round(v.idPhotoSimilarity),
    frameSimilarities: v.frameSimilarities.map(round),
    lowestFramePairSimilarity: round(v.lowestFramePairSimilarity),
    real: round(v.real),
    live: round(v.live),
    framesWithoutFace: [...v.framesWithoutFace],
    framesWithSeveralFaces: [...v.framesWithSeveralFaces],
  }
}
