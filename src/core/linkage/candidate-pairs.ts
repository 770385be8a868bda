import { isBandKind, type LinkageIndex } from './linkage-index.ts'
import { OWN_CONTENT_MAX_SHOPS } from './pair-evidence.ts'

/** Only a shared personal value or a near-match band can make a pair reach the link threshold (the rest is capped). */
function bringsCandidates(index: LinkageIndex, key: number): boolean {
  const kind = index.kind(key)
  // A title band held by more shops than own content is held by stands for common words: it weighs nothing.
  if (kind === 'band_listing_title') return index.degree(key) <= OWN_CONTENT_MAX_SHOPS
  return isBandKind(kind) || index.keyClass(key) === 'personal'
}

/** Keys held by at most this many accounts give every pair of their holders; larger ones give a chain and hubs. */
export const ALL_PAIRS_MAX_DEGREE = 24
/**
 * Holders of a large key that every other holder is also paired with: groups that share the key through several
 * members then meet through several pairs, as clustering wants before it joins two groups on weak links.
 */
export const HUBS_PER_KEY = 4

/**
 * Visits candidate pairs (a < b) without comparing all pairs: the holders of a personal key (or a near-match band);
 * circumstantial values (buildings, networks, names, partial identifiers) are capped below the link threshold, so they
 * never bring a pair. A small key gives all pairs of its holders; a large one (a bank
 * account an operator uses for 300 shops) gives each holder with the next and with each of the first HUBS_PER_KEY
 * holders, which is enough for clustering because the pair's evidence is then recomputed in full. A pair is visited once per key it shares; callers deduplicate.
 */
export function forEachCandidatePair(index: LinkageIndex, visit: (a: number, b: number) => void): void {
  for (let key = 0; key < index.keyCount; key++) {
    const d = index.degree(key)
    if (d < 2 || index.isBlocked(key) || !bringsCandidates(index, key)) continue
    const holders = index.holders(key)
    if (d <= ALL_PAIRS_MAX_DEGREE) {
      for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) visit(holders[i]!, holders[j]!)
    } else {
      for (let i = 0; i + 1 < d; i++) visit(holders[i]!, holders[i + 1]!)
      for (let h = 0; h < HUBS_PER_KEY; h++) for (let i = h + 2; i < d; i++) visit(holders[h]!, holders[i]!)
    }
  }
}
