/**
 * Band keys for near matches, so that candidates are found without comparing all pairs (locality-sensitive hashing).
 *
 * Image hashes (64 bits): split into five blocks of 13,13,13,13,12 bits (bits 0–12, 13–25, 26–38, 39–51, 52–63);
 * two hashes at most 3 bits apart agree exactly on at least two blocks (pigeonhole), so the ten block pairs as keys
 * find every such pair, and random hashes meet in a band with probability about 2^-26.
 *
 * Faces (unit vectors): signs of fixed pseudo-random hyperplanes, in BANDS bands of BAND_BITS bits, tuned so that
 * the pairs the evidence counts as one face by default (cosine ≥ SAME_FACE_MIN_COSINE, 0.9; a base may learn a lower
 * threshold, see face-threshold, and pairs below 0.9 are then found less often) are found: measured with random
 * 1,024-dimension vectors, two descriptors share some band at cosine 0.99 always, 0.95 in 98% of pairs, 0.9 in 81%,
 * 0.85 in 43%, while two people at cosine 0.5 do in 0.8% and at 0.3 in 0.1% (candidates, then compared exactly).
 * (The earlier 8 bands of 24 bits found 95% at 0.99 but only 17% at 0.9: descriptors of one face from different
 * readings, around 0.9–0.97 with real face models, were mostly never compared.)
 */

const HEX16 = /^[0-9a-fA-F]{16}$/

/** The 64 bits of a 16-hex-digit hash as [high 32, low 32], or undefined when it is not one. */
export function parseHash64(hex: string): readonly [number, number] | undefined {
  if (hex.length !== 16) return undefined
  const hi = Number.parseInt(hex.slice(0, 8), 16)
  const lo = Number.parseInt(hex.slice(8), 16)
  if (!HEX16.test(hex)) return undefined
  return [hi >>> 0, lo >>> 0]
}

/** Bits that differ between two 16-hex-digit hashes (64 when either is not one). */
export function hashDistance(a: string, b: string): number {
  const x = parseHash64(a)
  const y = parseHash64(b)
  if (!x || !y) return 64
  return popcount((x[0] ^ y[0]) >>> 0) + popcount((x[1] ^ y[1]) >>> 0)
}

/** Below this many hash pairs, comparing every pair is cheaper than matching through the bands. */
const BRUTE_FORCE_PAIRS = 1024

/** Band tables pack a band key and a hash's position into one number: band · POSITIONS + position. */
const POSITIONS = 2 ** 23

/** The five blocks of a packed 64-bit hash (13,13,13,13,12 bits from the top; see above), written into `out`. */
function fillBlocks(hi: number, lo: number, out: Int32Array): void {
  out[0] = hi >>> 19
  out[1] = (hi >>> 6) & 0x1fff
  out[2] = ((hi & 0x3f) << 7) | (lo >>> 25)
  out[3] = (lo >>> 12) & 0x1fff
  out[4] = lo & 0xfff
}

/**
 * The ten band keys of a packed image hash as numbers (block pair · 2^26 + first block · 2^13 + second block), the
 * same bands the block pairs above describe, written into `out` from position 0.
 */
export function imageBandNumbers(hi: number, lo: number, out: Float64Array): void {
  const blocks = new Int32Array(5)
  fillBlocks(hi, lo, blocks)
  let pair = 0
  for (let x = 0; x < 5; x++) {
    for (let y = x + 1; y < 5; y++) {
      out[pair] = pair * 2 ** 26 + blocks[x]! * 2 ** 13 + blocks[y]!
      pair += 1
    }
  }
}

/**
 * The band table of a packed hash list: for every hash its ten band keys (see {@link imageBandNumbers}),
 * each with the hash's position, ascending. Two tables are matched in one merge pass, without a map per pair: an
 * account with a thousand photos builds its table once, not once per account it is compared with.
 */
export function bandTable(hashes: Uint32Array): Float64Array {
  const n = hashes.length / 2
  const out = new Float64Array(n * 10)
  const bands = new Float64Array(10)
  for (let i = 0; i < n; i++) {
    imageBandNumbers(hashes[2 * i]!, hashes[2 * i + 1]!, bands)
    for (let pair = 0; pair < 10; pair++) out[i * 10 + pair] = bands[pair]! * POSITIONS + i
  }
  return out.sort()
}

/** The band table of an account's hashes from `tables`, built and kept there when first asked for. */
export function cachedBandTable(
  tables: (Float64Array | undefined)[],
  hashes: readonly Uint32Array[],
  account: number,
): Float64Array {
  const held = tables[account]
  if (held) return held
  const table = bandTable(hashes[account]!)
  tables[account] = table
  return table
}

export interface ClosestHashes {
  /** Bits apart of the closest pair found (65 when none): exact when at most `maxBits`, else only a lower bound. */
  readonly distance: number
  /** Positions of that pair (the first in `a`, then in `b`, among equally close pairs); -1 when none. */
  readonly i: number
  readonly j: number
  /** How many hashes of `a` have a partner in `b` within `maxBits`. */
  readonly matched: number
}

/**
 * The closest pair between two packed hash lists (see LinkageIndex): its distance and positions, and how many hashes
 * of `a` have a partner in `b` within `maxBits` (at most 3, the radius the bands guarantee). Large lists (a shop with
 * a thousand photos) are matched through their band tables, in time linear in their lengths, not by comparing every
 * pair; `tables` hands over tables the caller keeps (built with {@link bandTable}) instead of building them here.
 */
export function closestHashes(
  a: Uint32Array,
  b: Uint32Array,
  maxBits: number,
  tables?: () => readonly [Float64Array, Float64Array],
): ClosestHashes {
  const na = a.length / 2
  const nb = b.length / 2
  if (na * nb <= BRUTE_FORCE_PAIRS || na >= POSITIONS || nb >= POSITIONS) return closestByAllPairs(a, b, maxBits)
  const [ta, tb] = tables ? tables() : [bandTable(a), bandTable(b)]
  const hit = new Uint8Array(na)
  let distance = 65
  let bi = -1
  let bj = -1
  let matched = 0
  let x = 0
  let y = 0
  while (x < ta.length && y < tb.length) {
    const band = Math.floor(ta[x]! / POSITIONS)
    const other = Math.floor(tb[y]! / POSITIONS)
    // A shop with a thousand photos against one with ten: skip ahead, not band by band.
    if (band < other) x = seek(ta, x + 1, other * POSITIONS)
    else if (band > other) y = seek(tb, y + 1, band * POSITIONS)
    else {
      let xe = x + 1
      while (xe < ta.length && Math.floor(ta[xe]! / POSITIONS) === band) xe += 1
      let ye = y + 1
      while (ye < tb.length && Math.floor(tb[ye]! / POSITIONS) === band) ye += 1
      for (let p = x; p < xe; p++) {
        const i = ta[p]! % POSITIONS
        for (let q = y; q < ye; q++) {
          const j = tb[q]! % POSITIONS
          const d = popcount((a[2 * i]! ^ b[2 * j]!) >>> 0) + popcount((a[2 * i + 1]! ^ b[2 * j + 1]!) >>> 0)
          if (d < distance || (d === distance && (i < bi || (i === bi && j < bj)))) {
            distance = d
            bi = i
            bj = j
          }
          if (d <= maxBits && hit[i] === 0) {
            hit[i] = 1
            matched += 1
          }
        }
      }
      x = xe
      y = ye
    }
  }
  return { distance, i: bi, j: bj, matched }
}

/**
 * The first position at or after `from` of an ascending table whose entry is at least `value` (the entries before
 * `from` are below it): galloping, then binary search, so that a long run of smaller entries costs its logarithm.
 */
function seek(t: Float64Array, from: number, value: number): number {
  let lo = from
  let hi = from
  let step = 1
  while (hi < t.length && t[hi]! < value) {
    lo = hi + 1
    hi = lo + step
    step *= 2
  }
  if (hi > t.length) hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

function closestByAllPairs(a: Uint32Array, b: Uint32Array, maxBits: number): ClosestHashes {
  let distance = 65
  let bi = -1
  let bj = -1
  let matched = 0
  for (let i = 0; i < a.length; i += 2) {
    let hit = false
    for (let j = 0; j < b.length; j += 2) {
      const d = popcount((a[i]! ^ b[j]!) >>> 0) + popcount((a[i + 1]! ^ b[j + 1]!) >>> 0)
      if (d < distance) {
        distance = d
        bi = i
        bj = j
      }
      if (d <= maxBits) hit = true
    }
    if (hit) matched += 1
  }
  return { distance, i: bi / 2, j: bj / 2, matched }
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

const BANDS = 32
const BAND_BITS = 20
const HYPERPLANE_SEED = 0x5eed_f4ce

/** Fixed hyperplanes per dimension count, generated once from a fixed seed (deterministic, not random per run). */
const hyperplanes = new Map<number, Float32Array>()

function hyperplanesFor(dimensions: number): Float32Array {
  const known = hyperplanes.get(dimensions)
  if (known) return known
  const planes = new Float32Array(BANDS * BAND_BITS * dimensions)
  let s = HYPERPLANE_SEED ^ dimensions
  for (let i = 0; i < planes.length; i++) {
    // mulberry32: a small deterministic generator; Gaussian-ish values from the sum of two uniforms suffice here.
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    planes[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5
  }
  hyperplanes.set(dimensions, planes)
  return planes
}

/** The band keys of a face descriptor as numbers: for band i (0..BANDS-1), its BAND_BITS signs at position i. */
export function faceBandNumbers(vector: Float32Array): Int32Array {
  const d = vector.length
  const planes = hyperplanesFor(d)
  const out = new Int32Array(BANDS)
  // Four partial sums per plane (independent additions the processor overlaps): about 1.5 times as fast as one. The
  // sums are added in a fixed order, so a descriptor's bands are the same on every run and in every process.
  const tail = d - (d % 4)
  for (let band = 0; band < BANDS; band++) {
    let key = 0
    for (let b = 0; b < BAND_BITS; b++) {
      const offset = (band * BAND_BITS + b) * d
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      let i = 0
      for (; i < tail; i += 4) {
        s0 += (planes[offset + i] as number) * (vector[i] as number)
        s1 += (planes[offset + i + 1] as number) * (vector[i + 1] as number)
        s2 += (planes[offset + i + 2] as number) * (vector[i + 2] as number)
        s3 += (planes[offset + i + 3] as number) * (vector[i + 3] as number)
      }
      for (; i < d; i++) s0 += (planes[offset + i] as number) * (vector[i] as number)
      key = key * 2 + (s0 + s1 + (s2 + s3) > 0 ? 1 : 0)
    }
    out[band] = key
  }
  return out
}

/**
 * The account with the band numbers of its faces computed (as `faceBandNumbers` gives them), so that what stores its
 * profile and what indexes it do not both compute them: 640 dot products per descriptor.
 */
export function withFaceBands<
  T extends { readonly faces: readonly Float32Array[]; readonly faceBands?: readonly Int32Array[] },
>(account: T): T {
  if (account.faces.length === 0 || account.faceBands !== undefined) return account
  return { ...account, faceBands: account.faces.map(faceBandNumbers) }
}

/** Bands of the face at `i` of an account: those it carries, or computed. */
export function faceBandsAt(
  account: { readonly faces: readonly Float32Array[]; readonly faceBands?: readonly Int32Array[] },
  i: number,
): Int32Array {
  return account.faceBands?.[i] ?? faceBandNumbers(account.faces[i]!)
}

/** How many band numbers `faceBandNumbers` gives a descriptor. */
export const FACE_BANDS = BANDS

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0
  let dot = 0
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number)
  return dot
}

/**
 * Band keys of a person (a `person_identity` key: name key, a bar, birth date) for names typed differently: the birth
 * date with the first letter of each name word (CJK: with each of the first two characters). A typo rarely hits the
 * first letter of every word, so two spellings of one name born on one day share a band.
 */
export function personBands(identity: string): string[] {
  const bar = identity.lastIndexOf('|')
  if (bar <= 0) return []
  const name = identity.slice(0, bar)
  const date = identity.slice(bar + 1)
  const words = name.split(' ').filter((w) => w !== '')
  const initials = words.length === 1 && !/[a-z]/.test(name) ? [...name].slice(0, 2) : words.map((w) => [...w][0]!)
  return [...new Set(initials)].map((c) => `${date}|${c}`)
}
