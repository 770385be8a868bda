/**
 * Near-duplicate listing titles: a title re-listed with a word added, dropped or changed. A title is compared as the
 * set of its words (its key, see listingTitleKey: distinct words, folded, in alphabetical order) by Jaccard
 * similarity; candidates come from MinHash bands over the words: TITLE_BANDS bands of TITLE_ROWS minima each, so that
 * two titles share a band with probability 1 − (1 − J³)⁸: J = 0.6 (one word of four changed) 86 %, J = 0.71 (one of
 * six) 97 %, J = 0.8 (one added to four) 99.7 %; J = 0.3 (two titles that share a product noun) 20 %, J = 0.1
 * under 1 %.
 */

import type { EvidenceIndex } from './evidence-index.ts'
import { fmix } from './key-hash.ts'

export const TITLE_BANDS = 8
const TITLE_ROWS = 3
/** A band's value keeps this many bits, so that a band number (band · 2^27 + value) stays below 2^30. */
const TITLE_BAND_BITS = 27
/** Two titles whose word sets are at least this similar (Jaccard), and not equal, are near duplicates. */
export const NEAR_TITLE_MIN_JACCARD = 0.6
/** Titles of fewer words are not compared for near duplicates: one word changed in two is another title. */
export const NEAR_TITLE_MIN_WORDS = 3

const SEEDS = Int32Array.from({ length: TITLE_BANDS * TITLE_ROWS }, (_, i) => fmix(0x2545f491 + i * 0x9e3779b9))

/** Scratch space for the minima of one title (filled and read within one call). */
const MINIMA = new Int32Array(SEEDS.length)

/** The words of a title key (distinct, sorted), or none when it has fewer than NEAR_TITLE_MIN_WORDS. */
export function titleWords(titleKey: string): string[] {
  const words = titleKey.split(' ').filter((w) => w !== '')
  return words.length >= NEAR_TITLE_MIN_WORDS ? words : []
}

/** The band numbers of a title's words (see above), written into `out`; false when the title is too short. */
export function titleBandNumbers(words: readonly string[], out: Float64Array): boolean {
  if (words.length < NEAR_TITLE_MIN_WORDS) return false
  const minima = MINIMA.fill(0x7fffffff)
  for (const word of words) {
    const h = wordHash(word)
    for (let k = 0; k < SEEDS.length; k++) {
      const v = fmix(h ^ SEEDS[k]!) & 0x7fffffff
      if (v < minima[k]!) minima[k] = v
    }
  }
  for (let band = 0; band < TITLE_BANDS; band++) {
    let h = band
    for (let r = 0; r < TITLE_ROWS; r++) h = fmix(Math.imul(h, 0x5bd1e995) ^ minima[band * TITLE_ROWS + r]!)
    out[band] = band * 2 ** TITLE_BAND_BITS + ((h >>> 0) % 2 ** TITLE_BAND_BITS)
  }
  return true
}

/** Jaccard similarity of two sorted lists of distinct words. */
export function wordJaccard(a: readonly string[], b: readonly string[]): number {
  let common = 0
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++
    else if (a[i]! > b[j]!) j++
    else {
      common++
      i++
      j++
    }
  }
  const union = a.length + b.length - common
  return union === 0 ? 0 : common / union
}

/** Band tables pack a band number (< 2^30) and a title's position into one number: band · POSITIONS + position. */
const POSITIONS = 2 ** 23

/**
 * An account's titles (keys) and their band table: every band of every title compared for near duplicates, ascending,
 * with the title's position. Two shops' tables are matched in one merge, not title by title: a shop with a thousand
 * titles builds its table once (see EvidenceIndex.titleTable), not once per shop it is compared with.
 */
export interface TitleTable {
  readonly titles: readonly string[]
  /** Every band of every title, ascending, and beside each the title's position. */
  readonly bands: Float64Array
  readonly positions: Int32Array
  /** The words of each title, split when first compared. */
  readonly words: (string[] | undefined)[]
}

/** The band table of an account's titles (see {@link TitleTable}). */
export function titleTable(titles: readonly string[]): TitleTable {
  const out: number[] = []
  const bands = new Float64Array(TITLE_BANDS)
  titles.forEach((title, i) => {
    if (i >= POSITIONS || !titleBandNumbers(titleWords(title), bands)) return
    for (const band of bands) out.push(band * POSITIONS + i)
  })
  const packed = Float64Array.from(out).sort()
  const bandsOut = new Float64Array(packed.length)
  const positions = new Int32Array(packed.length)
  for (let k = 0; k < packed.length; k++) {
    bandsOut[k] = Math.floor(packed[k]! / POSITIONS)
    positions[k] = packed[k]! % POSITIONS
  }
  return { titles, bands: bandsOut, positions, words: [] }
}

/** The title table of an account from `tables`, built from its listing-title keys and kept there when first asked for. */
export function cachedTitleTable(
  tables: (TitleTable | undefined)[],
  index: Pick<EvidenceIndex, 'keysOf' | 'kind' | 'keyText'>,
  account: number,
): TitleTable {
  const held = tables[account]
  if (held !== undefined) return held
  const titles: string[] = []
  for (const k of index.keysOf(account)) if (index.kind(k) === 'listing_title') titles.push(index.keyText(k))
  const table = titleTable(titles)
  tables[account] = table
  return table
}

/**
 * How many titles of `a` have a near duplicate among the titles of `b` (Jaccard at least NEAR_TITLE_MIN_JACCARD, not
 * the same title: a title both shops hold is exact evidence), found through the bands the two tables share; and one
 * such pair, for the explanation.
 */
export function nearDuplicateTitles(
  a: TitleTable,
  b: TitleTable,
): { readonly matched: number; readonly example: readonly [string, string] | undefined } {
  // Per title of a: 0 not matched yet, 1 matched, 2 held by b as well (not a near duplicate). A title both hold has
  // the same bands in both: it meets its copy in the first band group it appears in.
  const state = new Uint8Array(a.titles.length)
  let matched = 0
  let example: [string, string] | undefined
  const x = a.bands
  const y = b.bands
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    const band = x[i]!
    const other = y[j]!
    if (band < other) i++
    else if (band > other) j++
    else {
      let iEnd = i
      while (iEnd < x.length && x[iEnd] === band) iEnd++
      let jEnd = j
      while (jEnd < y.length && y[jEnd] === band) jEnd++
      for (let p = i; p < iEnd; p++) {
        const ta = a.positions[p]!
        if (state[ta] !== 0) continue
        const titleA = a.titles[ta]!
        for (let q = j; q < jEnd && state[ta] === 0; q++) if (b.titles[b.positions[q]!] === titleA) state[ta] = 2
        for (let q = j; q < jEnd && state[ta] === 0; q++) {
          const tb = b.positions[q]!
          if (wordJaccard(wordsOf(a, ta), wordsOf(b, tb)) < NEAR_TITLE_MIN_JACCARD) continue
          state[ta] = 1
          matched++
          example ??= [titleA, b.titles[tb]!]
        }
      }
      i = iEnd
      j = jEnd
    }
  }
  return { matched, example }
}

function wordsOf(table: TitleTable, title: number): string[] {
  let held = table.words[title]
  if (held === undefined) {
    held = titleWords(table.titles[title]!)
    table.words[title] = held
  }
  return held
}

function wordHash(word: string): number {
  let h = 0x811c9dc5 ^ word.length
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193)
  return fmix(h)
}
