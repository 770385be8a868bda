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

function fmix(h: number): number {
  let x = h
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x
}
