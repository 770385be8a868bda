import { formatImageHash } from './image-hash.ts'

const SIZE = 32 // pHash works on a 32×32 grayscale image
const LOW = 8 // and keeps the 8×8 lowest frequencies after the DC term

/** cos((2x+1)·u·π / 64) for u < 9 (the frequencies kept), x < 32: the DCT-II basis, computed once. */
const COS: Float64Array = (() => {
  const table = new Float64Array((LOW + 1) * SIZE)
  for (let u = 0; u <= LOW; u++) {
    for (let x = 0; x < SIZE; x++) table[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))
  }
  return table
})()

/** Area-averaging resize of a grayscale image to `w`×`h` (each output pixel is the mean of the input it covers). */
export function resizeGrayscale(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  size: { w: number; h: number },
): Float64Array {
  const out = new Float64Array(size.w * size.h)
  for (let oy = 0; oy < size.h; oy++) {
    const y0 = Math.floor((oy * height) / size.h)
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * height) / size.h))
    for (let ox = 0; ox < size.w; ox++) {
      const x0 = Math.floor((ox * width) / size.w)
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * width) / size.w))
      let sum = 0
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += pixels[y * width + x] ?? 0
      out[oy * size.w + ox] = sum / ((y1 - y0) * (x1 - x0))
    }
  }
  return out
}

function isValidImage(pixels: ArrayLike<number>, width: number, height: number): boolean {
  return (
    Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && pixels.length >= width * height
  )
}

/**
 * The DCT perceptual hash (pHash, Zauner 2010; phash.org `ph_dct_imagehash`) of a grayscale image given as
 * row-major luminance values (0–255): reduce to 32×32, 2-D DCT-II, keep the 8×8 block of lowest frequencies
 * without the DC row and column, set each bit where the coefficient exceeds the block's median.
 * Returns 16 hex digits, or undefined when the dimensions do not match the pixels.
 */
export function phashFromGrayscale(pixels: ArrayLike<number>, width: number, height: number): string | undefined {
  if (!isValidImage(pixels, width, height)) return undefined
  const img =
    width === SIZE && height === SIZE
      ? Float64Array.from(pixels)
      : resizeGrayscale(pixels, width, height, { w: SIZE, h: SIZE })
  // Rows first: rowDct[y][u] for u in 1..8, then columns over those.
  const rowDct = new Float64Array(SIZE * LOW)
  for (let y = 0; y < SIZE; y++) {
    for (let u = 1; u <= LOW; u++) {
      let s = 0
      for (let x = 0; x < SIZE; x++) s += (img[y * SIZE + x] as number) * (COS[u * SIZE + x] as number)
      rowDct[y * LOW + (u - 1)] = s
    }
  }
  const coeffs = new Float64Array(LOW * LOW)
  for (let v = 1; v <= LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0
      for (let y = 0; y < SIZE; y++) s += (rowDct[y * LOW + u] as number) * (COS[v * SIZE + y] as number)
      coeffs[(v - 1) * LOW + u] = s
    }
  }
  const sorted = Float64Array.from(coeffs).sort()
  const median = ((sorted[31] as number) + (sorted[32] as number)) / 2
  return formatImageHash(Array.from(coeffs, (c) => c > median))
}

/**
 * The difference hash (dHash, Krawetz 2013) of a grayscale image: reduce to 9×8 and set each bit where a pixel is
 * brighter than its left neighbour. Cheaper and coarser than pHash. 16 hex digits, or undefined on bad dimensions.
 */
export function dhashFromGrayscale(pixels: ArrayLike<number>, width: number, height: number): string | undefined {
  if (!isValidImage(pixels, width, height)) return undefined
  const small = resizeGrayscale(pixels, width, height, { w: 9, h: 8 })
  const bits: boolean[] = []
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) bits.push((small[y * 9 + x + 1] as number) > (small[y * 9 + x] as number))
  return formatImageHash(bits)
}
