import sharp from 'sharp'
import { phashFromGrayscale } from '../../core/identifiers/index.ts'
import {
  DEFAULT_FACE_IMAGE_LIMITS,
  type ExifFacts,
  type FaceImageLimits,
  type ImageFacts,
  type SubmissionImageReader,
} from '../../ports/index.ts'
import { decodeFaceImage } from '../faces/face-image.ts'

const PHASH_SIZE = 32
const MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const

/**
 * Reads submitted images with sharp, under the face reader's limits and header checks (`decodeFaceImage`: bytes,
 * JPEG/PNG/WebP, pixel count from the header before any pixel is decoded, then a bounded decode with EXIF orientation
 * applied). The perceptual hash is taken of the image as displayed, so one photo stored turned with an orientation
 * flag hashes as the same photo stored upright.
 */
export class SharpSubmissionImages implements SubmissionImageReader {
  private readonly limits: FaceImageLimits

  constructor(limits: Partial<FaceImageLimits> = {}) {
    this.limits = { ...DEFAULT_FACE_IMAGE_LIMITS, ...limits }
  }

  async inspect(image: Uint8Array): Promise<ImageFacts> {
    const pixels = await decodeFaceImage(image, this.limits)
    const input = Buffer.from(image.buffer, image.byteOffset, image.byteLength)
    // The header again, for what the decode does not hand back (format, EXIF); it decodes no pixels.
    const meta = await sharp(input, { limitInputPixels: false }).metadata()
    const format = meta.format as keyof typeof MIME
    const { data, info } = await sharp(pixels.rgb, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
      .grayscale()
      .resize(PHASH_SIZE, PHASH_SIZE, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer({ resolveWithObject: true })
    const phash = phashFromGrayscale(data, info.width, info.height)
    if (phash === undefined)
      throw new Error(`sharp returned ${data.length} bytes for a ${info.width}×${info.height} image`)
    return {
      format,
      mime: MIME[format],
      width: pixels.originalWidth,
      height: pixels.originalHeight,
      phash,
      exif: meta.exif === undefined ? null : readExif(meta.exif),
    }
  }
}

const TAG = {
  make: 0x010f,
  model: 0x0110,
  software: 0x0131,
  dateTime: 0x0132,
  exifIfd: 0x8769,
  dateTimeOriginal: 0x9003,
} as const
const ASCII = 2
const LONG = 4
/** More entries than any camera writes in one directory: a longer count is a corrupt or crafted block. */
const MAX_ENTRIES = 1024
/** Longest text kept from a tag: enough for any software or camera name. */
const MAX_TEXT = 200

/**
 * The few EXIF tags a reviewer needs (capture and save times, software, camera) from an EXIF block as sharp hands it
 * (`Exif\0\0` then a TIFF structure, either byte order). A malformed block gives what could be read, never an error:
 * metadata is evidence to weigh, not a reason to refuse the image.
 */
export function readExif(block: Uint8Array): ExifFacts | null {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength)
  const start = block.length >= 6 && String.fromCharCode(...block.subarray(0, 4)) === 'Exif' ? 6 : 0
  if (block.length < start + 8) return null
  const order = String.fromCharCode(block[start]!, block[start + 1]!)
  if (order !== 'II' && order !== 'MM') return null
  const little = order === 'II'
  const u16 = (at: number) => (at + 2 <= block.length ? view.getUint16(at, little) : -1)
  const u32 = (at: number) => (at + 4 <= block.length ? view.getUint32(at, little) : -1)
  if (u16(start + 2) !== 42) return null
  const tags = new Map<number, string | number>()
  const readIfd = (offset: number) => {
    const at = start + offset
    const count = u16(at)
    if (offset <= 0 || count < 0 || count > MAX_ENTRIES) return
    for (let i = 0; i < count; i++) {
      const entry = at + 2 + i * 12
      const tag = u16(entry)
      const type = u16(entry + 2)
      const n = u32(entry + 4)
      if (tag < 0 || n < 0) return
      if (type === LONG && n === 1) tags.set(tag, u32(entry + 8))
      if (type !== ASCII || n === 0) continue
      const from = n <= 4 ? entry + 8 : start + u32(entry + 8)
      const to = Math.min(from + n, block.length, from + MAX_TEXT)
      if (from < 0 || from >= block.length) continue
      tags.set(tag, textOf(block.subarray(from, to)))
    }
  }
  readIfd(u32(start + 4))
  const exifIfd = tags.get(TAG.exifIfd)
  if (typeof exifIfd === 'number' && exifIfd > 0) readIfd(exifIfd)
  const text = (tag: number) => {
    const v = tags.get(tag)
    return typeof v === 'string' && v !== '' ? v : null
  }
  return {
    capturedAt: text(TAG.dateTimeOriginal),
    modifiedAt: text(TAG.dateTime),
    software: text(TAG.software),
    make: text(TAG.make),
    model: text(TAG.model),
  }
}

/** ASCII up to the first NUL, without control characters, trimmed. */
function textOf(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) {
    if (b === 0) break
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ''
  }
  return out.trim()
}
