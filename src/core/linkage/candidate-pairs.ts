import type { EvidenceIndex } from './evidence-index.ts'
import { isBandKind } from './key-interner.ts'
import type { LinkageIndex } from './linkage-index.ts'
import { OWN_CONTENT_MAX_SHOPS } from './pair-evidence.ts'

/** Only a shared personal value or a near-match band can make a pair reach the link threshold (the rest is capped). */
export function bringsCandidates(index: EvidenceIndex, key: number): boolean {
  const kind = index.kind(key)
  // A listing band held by more shops than own content is held by stands for a stock photo or common words: it weighs
  // nothing, and the pairs of its shops are many.
  if (isListingBand(kind)) return index.degree(key) <= OWN_CONTENT_MAX_SHOPS
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
 * Keys held by at most this many accounts corroborate a large key (see forEachCorroboratedPartner); larger ones are
 * shared so widely that they add little to a pair, and following their holders would cost more than it finds.
 */
export const CORROBORATING_MAX_DEGREE = 512

/** A key that adds weight to a pair beside another: any value not shared by design, except content held widely. */
function corroborates(index: EvidenceIndex, key: number): boolean {
  const d = index.degree(key)
  if (d < 2 || d > CORROBORATING_MAX_DEGREE || index.isBlocked(key)) return false
  return !isListingBand(index.kind(key)) || d <= OWN_CONTENT_MAX_SHOPS
}

/** A band of listing photos or titles: content, which honest shops share widely (stock photos, common words). */
function isListingBand(kind: string): boolean {
  return kind === 'band_listing_image' || kind === 'band_listing_title'
}

/**
 * The holders of a large key (held by more than ALL_PAIRS_MAX_DEGREE accounts, so not every pair of them is a
 * candidate) that share a second value with `account`: for each key of the account that corroborates (any class —
 * a network, an address, a listing — held by at most CORROBORATING_MAX_DEGREE accounts), each of its holders that
 * also holds one of the account's large keys. A chain through a large key compares each holder with its neighbours
 * only; the pairs that share something more are the ones whose evidence may reach the threshold (a shop using the
 * operator's browser cookie, held by 70 shops, and its home line), so they are compared too. `largeKeys` are the
 * account's large keys that bring candidates, ascending. Visits each partner once per corroborating key it shares.
 */
export function forEachCorroboratedPartner(
  index: EvidenceIndex,
  account: number,
  largeKeys: readonly number[],
  visit: (partner: number) => void,
): void {
  if (largeKeys.length === 0) return
  for (const key of index.keysOf(account)) {
    if (!corroborates(index, key)) continue
    for (const b of index.holders(key)) {
      if (b === account) continue
      const keys = index.keysOf(b)
      for (const large of largeKeys) {
        if (large !== key && holdsKey(keys, large)) {
          visit(b)
          break
        }
      }
    }
  }
}

/** Whether an ascending key list holds a key (binary search). */
function holdsKey(keys: Int32Array, key: number): boolean {
  let lo = 0
  let hi = keys.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const k = keys[mid]!
    if (k === key) return true
    if (k < key) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/**
 * Visits candidate pairs (a < b) without comparing all pairs: the holders of a personal key (or a near-match band);
 * circumstantial values (buildings, networks, names, partial identifiers) are capped below the link threshold, so they
 * never bring a pair. A small key gives all pairs of its holders; a large one (a bank
 * account an operator uses for 300 shops) gives each holder with the next and with each of the first HUBS_PER_KEY
 * holders, which is enough for clustering because the pair's evidence is then recomputed in full (the holders of a
 * large key that share a second value are compared as well: forEachCorroboratedPair). A pair is visited once per key
 * it shares; callers deduplicate.
 */
export function forEachCandidatePair(index: LinkageIndex, visit: (a: number, b: number, key: number) => void): void {
  for (let key = 0; key < index.keyCount; key++) {
    const d = index.degree(key)
    if (d < 2 || index.isBlocked(key) || !bringsCandidates(index, key)) continue
    const holders = index.holders(key)
    if (d <= ALL_PAIRS_MAX_DEGREE) {
      for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) visit(holders[i]!, holders[j]!, key)
    } else {
      for (let i = 0; i + 1 < d; i++) visit(holders[i]!, holders[i + 1]!, key)
      for (let h = 0; h < HUBS_PER_KEY; h++) for (let i = h + 2; i < d; i++) visit(holders[h]!, holders[i]!, key)
    }
  }
}

/**
 * Visits the pairs of holders of a large key that share a second value (a < b; see forEachCorroboratedPartner): scored
 * beside forEachCandidatePair's, but chosen for agreeing on two values, so not a sample to learn m-probabilities from.
 * A pair may be visited more than once, or also by forEachCandidatePair; callers deduplicate.
 */
export function forEachCorroboratedPair(index: LinkageIndex, visit: (a: number, b: number) => void): void {
  const large: number[] = []
  for (let a = 0; a < index.size; a++) {
    largeKeysOf(index, a, large)
    forEachCorroboratedPartner(index, a, large, (b) => {
      if (a < b) visit(a, b)
    })
  }
}

/**
 * The account's large keys whose holders are corroborated partners (forEachCorroboratedPartner): personal values and
 * near-match bands held by more than ALL_PAIRS_MAX_DEGREE accounts, not shared by design; listing bands are left out
 * (one held that widely is a stock photo or common words, and weighs nothing). Written into `out`, ascending.
 */
export function largeKeysOf(index: EvidenceIndex, account: number, out: number[]): number[] {
  out.length = 0
  for (const key of index.keysOf(account)) {
    if (index.degree(key) <= ALL_PAIRS_MAX_DEGREE || index.isBlocked(key)) continue
    const kind = index.kind(key)
    if (isListingBand(kind)) continue
    if (isBandKind(kind) || index.keyClass(key) === 'personal') out.push(key)
  }
  return out
}
