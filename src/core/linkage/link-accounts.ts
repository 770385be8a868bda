import { forEachCandidatePair, forEachCorroboratedPair } from './candidate-pairs.ts'
import { type Clustering, clusterAccounts, type Link } from './cluster-accounts.ts'
import { type AgreementPattern, estimateM } from './estimate-m.ts'
import { EVIDENCE_GROUPS, EVIDENCE_KINDS, groupBit, TIME_GROUPS } from './evidence-kinds.ts'
import { type FaceThreshold, learnFaceThreshold } from './face-threshold.ts'
import { LinkageIndex } from './linkage-index.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { bandMatchHolds, comparePair, type PairEvidence, weighPair } from './pair-evidence.ts'
import { farApart, initialWeights, type LinkageWeights, timeLevelWeights, withThresholds } from './weights.ts'

export interface LinkResult {
  readonly index: LinkageIndex
  readonly weights: LinkageWeights
  /** Candidate pairs scored with the final weights (those with a positive score), without their evidence. */
  readonly pairs: readonly Link[]
  /**
   * The evidence between two accounts of the index, weighed with the final weights: what {@link pairs} scored,
   * explained. Computed when asked for (for the links a run stores), so that the evidence of every candidate pair is
   * not held at once.
   */
  explain(a: number, b: number): PairEvidence
  readonly clustering: Clustering
  readonly candidatePairs: number
  /** The candidate pairs EM may learn from: those the shared values and bands bring (not the corroborated ones). */
  readonly learnable: number
  /** Of those, the pairs EM learned the weights from (all of them, or an even sample: see {@link EM_PAIRS}). */
  readonly learnedFrom: number
}

/**
 * At most this many candidate pairs feed EM, spread evenly over all of them (every k-th in account order). The
 * agreement patterns EM learns from are proportions: a million accounts bring millions of pairs to learn from (6.65M
 * on a generated one), and a sample of half a million gives the same m-probabilities to within their noise while the
 * pass that finds each pair's agreements costs a thirteenth. A base of 100,000 accounts brings fewer (about 260,000),
 * and learns from every one.
 */
export const EM_PAIRS = 500_000

export interface LinkOptions {
  readonly version?: number
  /** At most this many candidate pairs feed EM ({@link EM_PAIRS} unless given). */
  readonly emPairs?: number
}

/**
 * Links accounts run by one party: indexes every value they used, finds candidate pairs through shared personal
 * values and near-match bands, learns m-probabilities by EM over the candidates, scores every candidate pair and
 * clusters them (see clusterAccounts for the guard against chaining). Pure and deterministic for its input.
 */
export function linkAccounts(accounts: Iterable<LinkageAccount>, opts: LinkOptions = {}): LinkResult {
  const index = new LinkageIndex()
  for (const a of accounts) index.add(a)
  return linkIndex(index, opts)
}

/**
 * {@link linkAccounts} over an index the caller filled (with {@link LinkageIndex.add}, account by account, so that no
 * list of every account's values is held beside the index). Finishes the index.
 */
export function linkIndex(index: LinkageIndex, opts: LinkOptions = {}): LinkResult {
  index.finish()
  const face = learnFaceThreshold(facesOf(index))
  const start = withFace(initialWeights(index.size, opts.version ?? 1), face)
  const n = index.size
  // Pairs as numbers (a · n + b) in typed arrays: a million accounts give tens of millions of visits, which a set and
  // an array of tuples would hold in gigabytes of heap.
  const learned = new PairCodes()
  // A face, document-image or person band shared by chance brings no pair (see bandMatchHolds): such a pair would weigh
  // nothing, and their number grows with the square of the base. A pair that also shares something else is brought by it.
  const holds = bandMatchHolds(index, start)
  forEachCandidatePair(index, (a, b, key) => {
    if (holds(index.kind(key), a, b)) learned.push(a * n + b)
  })
  const chained = learned.sortedUnique()
  const sample = evenSample(chained, opts.emPairs ?? EM_PAIRS)
  // The first scoring only feeds the agreement patterns: folded as it goes, not kept.
  const patterns = new Map<string, { pattern: AgreementPattern; count: number }>()
  for (const code of sample) {
    const a = Math.floor(code / n)
    addPattern(patterns, index, weighPair(index, start, a, code - a * n))
  }
  const em = estimateM(EVIDENCE_GROUPS, patterns, { m: start.m }, TIME_GROUPS)
  const time = Object.fromEntries(
    Object.entries(em.apart).map(([group, { m, u }]) => [group, timeLevelWeights(m, u)] as const),
  )
  const weights = withFace(withThresholds({ ...em.m }, index.size, start.version, time), face)
  // Pairs chosen for agreeing on a large value and a second one are scored, not learned from (see forEachCorroboratedPair).
  const corroborated = new PairCodes()
  forEachCorroboratedPair(index, (a, b) => corroborated.push(a * n + b))
  const candidates = mergeUnique(chained, corroborated.sortedUnique())
  const pairs: Link[] = []
  for (const code of candidates) {
    const a = Math.floor(code / n)
    const b = code - a * n
    const { score } = weighPair(index, weights, a, b)
    if (score > 0) pairs.push({ a, b, score })
  }
  return {
    index,
    weights,
    pairs,
    explain: (a, b) => comparePair(index, weights, Math.min(a, b), Math.max(a, b)),
    clustering: clusterAccounts(index.size, pairs, weights),
    candidatePairs: candidates.length,
    learnable: chained.length,
    learnedFrom: sample.length,
  }
}

/**
 * At most `cap` of the codes, spread evenly over them (the ⌊j · length / cap⌋-th for j = 0, 1, …): all of them when
 * there are no more than `cap`. Deterministic, so a run over the same base learns the same weights.
 */
export function evenSample(codes: Float64Array, cap: number): Float64Array {
  if (codes.length <= cap) return codes
  const k = Math.max(0, Math.floor(cap))
  const out = new Float64Array(k)
  for (let j = 0; j < k; j++) out[j] = codes[Math.floor((j * codes.length) / k)]!
  return out
}

function withFace(w: LinkageWeights, face: FaceThreshold | undefined): LinkageWeights {
  return face === undefined ? w : { ...w, face }
}

/** The first face descriptor of each account that has one, in index order. */
function facesOf(index: LinkageIndex): Float32Array[] {
  const out: Float32Array[] = []
  for (const a of index.accounts) if (a.faces.length > 0) out.push(a.faces[0]!)
  return out
}

/**
 * Pair codes as they are visited, many times over: kept in a typed array that is sorted and deduplicated in place
 * whenever it fills, and grown only when that frees less than half of it.
 */
class PairCodes {
  private codes = new Float64Array(1 << 16)
  private count = 0

  push(code: number): void {
    if (this.count === this.codes.length) this.compact()
    this.codes[this.count++] = code
  }

  /** The distinct codes, ascending. */
  sortedUnique(): Float64Array {
    this.compact()
    return this.codes.subarray(0, this.count)
  }

  private compact(): void {
    this.count = uniqueInPlace(this.codes, this.count)
    if (this.count * 2 > this.codes.length) {
      const grown = new Float64Array(this.codes.length * 2)
      grown.set(this.codes.subarray(0, this.count))
      this.codes = grown
    }
  }
}

/** Sorts the first `count` codes and keeps each once, at the front; returns how many are kept. */
function uniqueInPlace(codes: Float64Array, count: number): number {
  const held = codes.subarray(0, count).sort()
  let kept = 0
  for (let i = 0; i < count; i++) if (kept === 0 || held[i] !== held[kept - 1]) held[kept++] = held[i]!
  return kept
}

/** The union of two ascending lists of distinct codes, ascending. */
function mergeUnique(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < x.length || j < y.length) {
    if (j === y.length || (i < x.length && x[i]! < y[j]!)) out[k++] = x[i++]!
    else if (i === x.length || y[j]! < x[i]!) out[k++] = y[j++]!
    else {
      out[k++] = x[i++]!
      j++
    }
  }
  return out.subarray(0, k)
}

/**
 * Counts a scored pair's agreement pattern: which groups both accounts hold, on which they agree, and which of those
 * agreements were far apart in time.
 */
function addPattern(
  patterns: Map<string, { pattern: AgreementPattern; count: number }>,
  index: LinkageIndex,
  p: PairEvidence,
): void {
  const present = index.groupMasks[p.a]! & index.groupMasks[p.b]!
  let agree = 0
  let apart = 0
  for (const e of p.evidence) {
    if (e.weight <= 0) continue
    const bit = groupBit(EVIDENCE_KINDS[e.kind].group)
    agree |= bit
    if (e.daysApart !== undefined && farApart(e.daysApart)) apart |= bit
  }
  agree &= present
  apart &= agree
  const key = `${present}:${agree}:${apart}`
  const held = patterns.get(key)
  if (held) held.count += 1
  else patterns.set(key, { pattern: { present, agree, apart }, count: 1 })
}
