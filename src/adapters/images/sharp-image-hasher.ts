import sharp from 'sharp'
import { phashFromGrayscale } from '../../core/identifiers/index.ts'

const PHASH_SIZE = 32

/**
 * Computes the 64-bit DCT perceptual hash (16 hex digits) of an encoded image (JPEG, PNG, WebP, …) or image file:
 * sharp decodes it, flattens alpha onto white, converts to grayscale and resizes to 32×32; the hash itself is
 * the pure `phashFromGrayscale` of core. Rejects (throws) when sharp cannot decode the input.
 */
export async function phashFromImage(input: Buffer | string): Promise<string> {
  const { data, info } = await sharp(input)
    .flatten({ background: '#ffffff' })
    .grayscale()
    .resize(PHASH_SIZE, PHASH_SIZE, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const hash = phashFromGrayscale(data, info.width, info.height)
  if (hash === undefined)
    throw new Error(`sharp returned ${data.length} bytes for a ${info.width}×${info.height} image`)
  return hash
}
