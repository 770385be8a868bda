import sharp, { type Metadata, type OutputInfo } from 'sharp'
import { OnesellerError } from '../../core/errors.ts'
import { FACE_IMAGE_FORMATS, type FaceImageLimits, type FaceImageRefusal } from '../../ports/index.ts'

/**
 * Longest side of the pixels handed to the face models. The detector looks at the image at 256 × 256 and the
 * embedding model at a 224-pixel crop of the face, so more pixels add nothing a face reader can use, while a 40-Mpx
 * photo would take 480 MB as a float tensor.
 */
export const ANALYSED_MAX_SIDE = 1920

/** An image decoded to packed RGB, with the factor from its pixels back to the original's. */
export interface FacePixels {
  readonly rgb: Uint8Array
  readonly width: number
  readonly height: number
  /** Original width / analysed width (1 when not scaled down). */
  readonly scale: number
  /** The original image's size as displayed (EXIF orientation applied). */
  readonly originalWidth: number
  readonly originalHeight: number
}

function refuse(reason: FaceImageRefusal, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
  return new OnesellerError('invalid_input', message, { details: { reason, ...details }, cause })
}

/** Refuses an empty or too large file before anything reads it (the client calls this before a thread copy). */
export function checkImageBytes(image: Uint8Array, limits: FaceImageLimits): void {
  if (image.length === 0) throw refuse('empty', 'the image is empty: send a JPEG, PNG or WebP file')
  if (image.length > limits.maxBytes) {
    throw refuse(
      'too_many_bytes',
      `the image is ${image.length} bytes, more than the ${limits.maxBytes} accepted: send a smaller JPEG`,
      { bytes: image.length, maxBytes: limits.maxBytes },
    )
  }
}

/**
 * Decodes an encoded image for the face models, after checking it from its header alone: size in bytes, format
 * (JPEG, PNG, WebP) and pixel count. Applies EXIF orientation, flattens transparency onto white, converts to sRGB and
 * scales down to {@link ANALYSED_MAX_SIDE}. Throws OnesellerError('invalid_input') with a FaceImageRefusal reason.
 */
export async function decodeFaceImage(image: Uint8Array, limits: FaceImageLimits): Promise<FacePixels> {
  checkImageBytes(image, limits)
  const input = Buffer.from(image.buffer, image.byteOffset, image.byteLength)
  let meta: Metadata
  try {
    // Reading the header decodes no pixels: sharp's own pixel limit is lifted here so that the size can be reported.
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch (e) {
    throw refuse('not_an_image', 'the file is not an image: send a JPEG, PNG or WebP file', {}, e)
  }
  const format = meta.format as string | undefined
  if (!format || !(FACE_IMAGE_FORMATS as readonly string[]).includes(format)) {
    throw refuse(
      'unsupported_format',
      `the image is ${format ?? 'of an unknown format'}: send a JPEG, PNG or WebP file`,
      { format: format ?? null },
    )
  }
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (width * height > limits.maxPixels || width === 0 || height === 0) {
    throw refuse(
      'too_many_pixels',
      `the image is ${width} × ${height} pixels, more than the ${limits.maxPixels} accepted: send a smaller image`,
      { width, height, maxPixels: limits.maxPixels },
    )
  }
  // EXIF orientations 5–8 turn the image a quarter: the displayed width is the stored height.
  const turned = (meta.orientation ?? 1) >= 5
  const originalWidth = turned ? height : width
  const originalHeight = turned ? width : height
  let decoded: { data: Buffer; info: OutputInfo }
  try {
    decoded = await sharp(input, { limitInputPixels: limits.maxPixels })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: ANALYSED_MAX_SIDE, height: ANALYSED_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch (e) {
    throw refuse(
      'undecodable',
      `the ${format} image could not be decoded (truncated or corrupt): send it again`,
      { format },
      e,
    )
  }
  const { data, info } = decoded
  if (info.channels !== 3) throw new Error(`sharp decoded ${info.channels} channels where 3 were asked for`)
  return {
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    scale: originalWidth / info.width,
    originalWidth,
    originalHeight,
  }
}
