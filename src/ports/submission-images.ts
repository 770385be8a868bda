/** What an image's EXIF block says of where it came from; null fields were not written. */
export interface ExifFacts {
  /** When the picture was taken (`DateTimeOriginal`), as written: `YYYY:MM:DD HH:MM:SS`, no zone. */
  readonly capturedAt: string | null
  /** When the file was last written (`DateTime`): differs from the capture when a program saved it again. */
  readonly modifiedAt: string | null
  /** The program that last wrote the file (`Software`): a phone's firmware, or an image editor. */
  readonly software: string | null
  readonly make: string | null
  readonly model: string | null
}

/** An image's format, size, perceptual hash and metadata, read for a submission's checks. */
export interface ImageFacts {
  readonly format: 'jpeg' | 'png' | 'webp'
  readonly mime: string
  /** Pixels as displayed (EXIF orientation applied). */
  readonly width: number
  readonly height: number
  /** 64-bit DCT perceptual hash as 16 hex digits: near-identical images are a few bits apart. */
  readonly phash: string
  /** Null when the file carries no EXIF block (a screenshot, a scan, or metadata stripped). */
  readonly exif: ExifFacts | null
}

/**
 * Reads a submitted image: checks it from its header alone (size in bytes, JPEG/PNG/WebP, pixel count) before any
 * pixel is decoded, then hashes it and reads its EXIF. Rejects with `OnesellerError('invalid_input')` whose
 * `details.reason` is a `FaceImageRefusal` (`empty`, `too_many_bytes`, `not_an_image`, `unsupported_format`,
 * `too_many_pixels`, `undecodable`): the same limits as the face reader's.
 */
export interface SubmissionImageReader {
  inspect(image: Uint8Array): Promise<ImageFacts>
}
