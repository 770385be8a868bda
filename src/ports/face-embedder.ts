import type { FaceBox, FaceFound, FaceReading } from '../core/verification/face-match.ts'

export type { FaceBox, FaceFound, FaceReading }

/** How large an image the reader accepts, checked from the image's header before it is decoded. */
export interface FaceImageLimits {
  /** Size of the encoded file in bytes. */
  readonly maxBytes: number
  /** Width × height of the image in pixels. */
  readonly maxPixels: number
}

/**
 * 15 MB is a few times a phone photo as JPEG (3–8 MB); 40 megapixels is more than a phone camera or an A4 scan at
 * 600 dpi (35 Mpx) produces and decodes in at most 160 MB, where a forged header could otherwise ask for gigabytes.
 */
export const DEFAULT_FACE_IMAGE_LIMITS: FaceImageLimits = { maxBytes: 15_000_000, maxPixels: 40_000_000 }

/** Encodings a face reader accepts: what browsers capture (JPEG, WebP) and what people upload (also PNG). */
export const FACE_IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const

/**
 * Why an image was refused, in `OnesellerError.details.reason` (the error's code is `invalid_input`):
 * `empty`, `too_many_bytes` (details `bytes`, `maxBytes`), `not_an_image`, `unsupported_format` (`format`),
 * `too_many_pixels` (`width`, `height`, `maxPixels`), `undecodable` (a valid header on a truncated or corrupt body).
 */
export type FaceImageRefusal =
  | 'empty'
  | 'too_many_bytes'
  | 'not_an_image'
  | 'unsupported_format'
  | 'too_many_pixels'
  | 'undecodable'

/**
 * Reads the faces of an encoded image (JPEG, PNG or WebP): every face with its embedding, box, detection score and,
 * when the reader has the models, anti-spoofing and liveness scores. An image without a face is a reading with no
 * faces, not an error. Rejects with `OnesellerError('invalid_input')` (see {@link FaceImageRefusal}) for input that
 * is empty, too large, not an image, in another format or undecodable; any other rejection is a failure of the
 * reader itself. Boxes are in pixels of the image as displayed (EXIF orientation applied).
 */
export interface FaceEmbedder {
  embed(image: Uint8Array): Promise<FaceReading>
  /** Releases the reader (threads, models); later calls to `embed` reject. */
  close(): Promise<void>
}
