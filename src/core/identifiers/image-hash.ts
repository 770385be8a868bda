import { type Identifier, makeIdentifier, problem } from './identifier.ts'

const HEX64 = /^[0-9a-f]{16}$/

/**
 * Checks a 64-bit perceptual hash written as 16 hex digits (the interchange form); the key is the lower-case hex.
 * An all-zero or all-one hash comes from a blank image and is flagged `blank_image`. Problems: `bad_format`.
 */
export function parseImageHash(raw: string): Identifier {
  const hex = raw.trim().toLowerCase().replace(/^0x/, '')
  if (!HEX64.test(hex))
    return makeIdentifier('image_hash', hex, [problem('bad_format', 'a perceptual hash is 16 hex digits')])
  const blank = hex === '0000000000000000' || hex === 'ffffffffffffffff'
  return makeIdentifier('image_hash', hex, [], blank ? ['blank_image'] : undefined)
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

/**
 * Number of differing bits between two 16-hex-digit hashes (0–64); -1 when either is not 16 hex digits.
 * For pHash, ≤ 8 is usually the same picture resized or re-encoded; ≥ 20 different pictures.
 */
export function hammingDistance(a: string, b: string): number {
  if (!HEX64.test(a.toLowerCase()) || !HEX64.test(b.toLowerCase())) return -1
  const hi = Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16)
  const lo = Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16)
  return popcount32(hi) + popcount32(lo)
}

/** 64 bits, most significant first, as 16 lower-case hex digits. */
export function formatImageHash(bits: readonly boolean[]): string {
  let out = ''
  for (let i = 0; i < 64; i += 4) {
    const nibble = (bits[i] ? 8 : 0) | (bits[i + 1] ? 4 : 0) | (bits[i + 2] ? 2 : 0) | (bits[i + 3] ? 1 : 0)
    out += nibble.toString(16)
  }
  return out
}
