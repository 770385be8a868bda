/**
 * A 64-bit hash of an identifier key, as two 32-bit halves (murmur3 finaliser over UTF-16 code units, two seeds).
 * The linkage index stores these instead of strings: 20 million keys take 160 MB, not gigabytes. Collisions are
 * possible in principle (about 1 in 10^5 for 20 million keys); evidence is always re-checked against the real
 * identifiers before it is explained.
 */
export function hashKey(text: string): { hi: number; lo: number } {
  let h1 = 0x9747b28c ^ text.length
  let h2 = 0x85ebca6b ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x5bd1e995)
    h1 ^= h1 >>> 15
    h2 = Math.imul(h2 ^ c, 0x27d4eb2f)
    h2 ^= h2 >>> 13
  }
  return { hi: fmix(h1) >>> 0, lo: fmix(h2 ^ h1) >>> 0 }
}

/**
 * The 64-bit hash of a key given as numbers (a kind and two 32-bit values), for keys that are numbers already (the
 * bands of image hashes and faces): no text is built for them.
 */
export function hashNumbers(kind: number, x: number, y: number): { hi: number; lo: number } {
  const h1 = fmix(Math.imul(kind + 0x632be5ab, 0x5bd1e995) ^ fmix(x ^ 0x9747b28c) ^ Math.imul(y, 0x27d4eb2f))
  const h2 = fmix(fmix(y ^ 0x85ebca6b) ^ Math.imul(x, 0x5bd1e995) ^ (kind << 24))
  return { hi: h1 >>> 0, lo: (h2 ^ h1) >>> 0 }
}

/** The murmur3 finaliser: mixes the bits of a 32-bit value. */
export function fmix(h: number): number {
  let x = h
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x
}
