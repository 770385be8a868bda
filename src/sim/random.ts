const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Eight lowercase hex digits of a 32-bit unsigned integer (table-driven: `padStart` showed up in profiles). */
export function toHex32(u: number): string {
  return (
    (BYTE_HEX[u >>> 24] as string) +
    (BYTE_HEX[(u >>> 16) & 255] as string) +
    (BYTE_HEX[(u >>> 8) & 255] as string) +
    (BYTE_HEX[u & 255] as string)
  )
}

/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32).
 * The simulator never reads `Math.random` or the clock: every choice flows from this stream, so a seed
 * fixes the output byte for byte.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  private spareNormal = Number.NaN

  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** A uniform integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T
  }

  /** One character of a non-empty string. */
  char(alphabet: string): string {
    return alphabet[Math.floor(this.float() * alphabet.length)] as string
  }

  /** An element chosen with the given (not necessarily normalised) weights. */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0
    for (const w of weights) total += w
    let r = this.float() * total
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0
      if (r < 0) return items[i] as T
    }
    return items[items.length - 1] as T
  }

  /** A standard normal deviate (Box–Muller, the spare kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal
      this.spareNormal = Number.NaN
      return v
    }
    const u = 1 - this.float()
    const r = Math.sqrt(-2 * Math.log(u))
    const theta = 2 * Math.PI * this.float()
    this.spareNormal = r * Math.sin(theta)
    return r * Math.cos(theta)
  }

  /** A Pareto deviate with scale `xm` and shape `alpha`: heavy-tailed, at least `xm`. */
  pareto(xm: number, alpha: number): number {
    return xm / (1 - this.float()) ** (1 / alpha)
  }

  /** `digits` random decimal digits (leading zeros allowed). */
  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String.fromCharCode(48 + this.int(10))
    return out
  }

  /** `count` random lowercase hex digits. */
  hex(count: number): string {
    let out = ''
    while (out.length < count) out += toHex32(this.uint32())
    return out.length === count ? out : out.slice(0, count)
  }

  /** A new generator whose stream is independent of this one from here on. */
  fork(): Random {
    return new Random(this.uint32(), this.uint32())
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = items[i] as T
      items[i] = items[j] as T
      items[j] = t
    }
    return items
  }
}
