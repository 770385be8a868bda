import { cosine } from './near-match-bands.ts'

/**
 * How similar two face descriptors must be to count as one face, learned from the base itself: face models differ
 * (how many dimensions, centred or not, how far two readings of one face fall apart), and what separates one person
 * from strangers is how similar *strangers'* descriptors are in this base. Random pairs of accounts' faces are nearly
 * all strangers; the threshold is their median similarity plus TAIL_SPREADS (7) robust standard deviations (1.4826 × the
 * median absolute deviation), kept between FLOOR and CEILING. Isotropic 128-dimension descriptors (strangers at 0 ±
 * 0.09) give the floor, 0.7; descriptors whose strangers already sit at 0.75 ± 0.03 (all components positive) give
 * the ceiling. Pure and deterministic: the pairs come from a fixed-seed generator over the faces in index order.
 */
export interface FaceThreshold {
  /** Two descriptors at least this similar (cosine) are one face. */
  readonly minCosine: number
  /** What it was learned from: the median and robust spread of strangers' similarity, over this many pairs. */
  readonly strangersMedian: number
  readonly strangersSpread: number
  readonly pairs: number
}

/** Below this many faces in the base the estimate rests on too few people: the default threshold stands. */
export const FACE_BASELINE_MIN_FACES = 200
/** Pairs sampled. */
const SAMPLE_PAIRS = 20_000
/** Robust standard deviations above strangers' median: a Gaussian tail of 1.3e-12 per pair. */
const TAIL_SPREADS = 7
/**
 * Never below: the face bands find pairs below 0.75 too rarely for a lower threshold to matter, and real face models
 * put look-alikes near 0.7.
 */
export const FACE_THRESHOLD_FLOOR = 0.7
/** Never above: a base whose strangers reach this is one where faces are not worth weighing as one person. */
export const FACE_THRESHOLD_CEILING = 0.97

/**
 * The threshold learned from one descriptor per account (in index order; accounts without a face left out), or
 * undefined when there are fewer than FACE_BASELINE_MIN_FACES of them (too few to learn from).
 */
export function learnFaceThreshold(faces: readonly Float32Array[]): FaceThreshold | undefined {
  const n = faces.length
  if (n < FACE_BASELINE_MIN_FACES) return undefined
  const similarities: number[] = []
  let state = 0x9e3779b9
  const next = (): number => {
    // mulberry32: a fixed seed, so every run over the same faces samples the same pairs.
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let k = 0; k < SAMPLE_PAIRS * 2 && similarities.length < SAMPLE_PAIRS; k++) {
    const i = Math.floor(next() * n)
    const j = Math.floor(next() * n)
    const a = faces[i]!
    const b = faces[j]!
    if (i === j || a.length !== b.length) continue
    similarities.push(cosine(a, b))
  }
  if (similarities.length < FACE_BASELINE_MIN_FACES) return undefined
  const median = medianOf(similarities)
  const spread = 1.4826 * medianOf(similarities.map((s) => Math.abs(s - median)))
  const minCosine = Math.min(FACE_THRESHOLD_CEILING, Math.max(FACE_THRESHOLD_FLOOR, median + TAIL_SPREADS * spread))
  return { minCosine, strangersMedian: median, strangersSpread: spread, pairs: similarities.length }
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
