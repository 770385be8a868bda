import type { AccountStatus } from '../interchange/index.ts'
import { type AccountKeyList, daysBetween } from './account-keys.ts'
import {
  ALL_PAIRS_MAX_DEGREE,
  bringsCandidates,
  forEachCorroboratedPartner,
  HUBS_PER_KEY,
  largeKeysOf,
} from './candidate-pairs.ts'
import type { EvidenceIndex } from './evidence-index.ts'
import type { EvidenceClass } from './evidence-kinds.ts'
import { groupBit } from './evidence-kinds.ts'
import { type IndexKind, KeyInterner, packHashes } from './key-interner.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { cachedBandTable } from './near-match-bands.ts'
import { bandMatchHolds, cachedRetypedKeys, comparePair, type PairEvidence } from './pair-evidence.ts'
import { cachedTitleTable, type TitleTable } from './title-bands.ts'
import type { LinkageWeights } from './weights.ts'

const NONE = -1
/** Holder lists of keys held by more accounts than this are kept sorted between changes. */
const CACHED_HOLDERS_MIN_DEGREE = 64

/**
 * The linkage index kept up to date account by account, for real-time linking: the same keys as the bulk index
 * (one KeyInterner), but postings that grow and shrink (a linked list per key in typed arrays) instead of packed
 * once, and every listing-photo band interned (a new shop may share any of them). An account added again replaces
 * its keys: what it stopped using no longer links it. Pure: the caller feeds it accounts and weights.
 */
export class LiveLinkageIndex implements EvidenceIndex {
  readonly ids: string[] = []
  readonly statuses: AccountStatus[] = []
  readonly accounts: Pick<LinkageAccount, 'documentImages' | 'faces'>[] = []
  readonly documentHashes: Uint32Array[] = []
  readonly listingHashes: Uint32Array[] = []
  readonly groupMasks: number[] = []
  private readonly keys = new KeyInterner()
  private readonly numberOf = new Map<string, number>()
  private readonly keyLists: Int32Array[] = []
  /** Per account, the span it used each of its keys, in the order of its key list (see EvidenceIndex.daysApart). */
  private readonly spanLists: Uint16Array[] = []
  private readonly documentTables: (Float64Array | undefined)[] = []
  private readonly listingTables: (Float64Array | undefined)[] = []
  /** Band tables of the accounts' listing titles, built when an account is first matched through them. */
  private readonly titleTables: (TitleTable | undefined)[] = []
  private readonly retypedKeyLists: (readonly number[] | undefined)[] = []
  /** Per key: how many accounts hold it, and the first entry of its holder list. */
  private degrees = new Int32Array(1 << 16)
  private heads = new Int32Array(1 << 16).fill(NONE)
  /** Holder-list entries: an account and the next entry; freed entries are reused. */
  private entryAccount = new Int32Array(1 << 16)
  private entryNext = new Int32Array(1 << 16)
  private entries = 0
  private free = NONE
  /** Per key, a count of the changes to its holders: cached answers about a key hold while it is unchanged. */
  private changes = new Int32Array(1 << 16)
  /** Sorted holder lists of keys held by many accounts, with the change count they were read at. */
  private readonly holderCache = new Map<number, { readonly at: number; readonly holders: Int32Array }>()

  get size(): number {
    return this.ids.length
  }

  get keyCount(): number {
    return this.keys.count
  }

  /** The account's number, or -1 when the index has not seen it. */
  lookupAccount(id: string): number {
    return this.numberOf.get(id) ?? NONE
  }

  /** Adds an account, or replaces what the index held of it (its keys, images, faces and status); its number. */
  upsert(account: LinkageAccount): number {
    let n = this.numberOf.get(account.id)
    if (n === undefined) {
      n = this.ids.length
      this.numberOf.set(account.id, n)
      this.ids.push(account.id)
      this.keyLists.push(new Int32Array(0))
      this.spanLists.push(new Uint16Array(0))
      this.statuses.push(account.status)
      this.accounts.push({ documentImages: account.documentImages, faces: account.faces })
      this.documentHashes.push(new Uint32Array(0))
      this.listingHashes.push(new Uint32Array(0))
      this.groupMasks.push(0)
      this.documentTables.push(undefined)
      this.listingTables.push(undefined)
      this.titleTables.push(undefined)
    }
    this.statuses[n] = account.status
    this.accounts[n] = { documentImages: account.documentImages, faces: account.faces }
    this.documentHashes[n] = packHashes(account.documentImages)
    this.documentTables[n] = undefined
    const previous = this.keyLists[n]!
    const { keys, groups } = this.keys.accountKeys(account, this.documentHashes[n]!)
    const listing = packHashes(account.listingImages)
    if (sameValues(listing, this.listingHashes[n]!)) {
      // The same photos as before (most updates are sessions): their bands are the ones the account holds.
      for (const k of previous) if (this.keys.kind(k) === 'band_listing_image') keys.add(k)
    } else {
      this.listingHashes[n] = listing
      this.listingTables[n] = undefined
      this.keys.imageBands(listing, (x, y) => keys.add(this.keys.internBand('band_listing_image', x, y)))
    }
    this.addTitleBands(n, keys, previous, account)
    let mask = 0
    for (const g of groups) mask |= groupBit(g)
    this.groupMasks[n] = mask
    this.growKeys(this.keys.count)
    const { ids: next, spans } = keys.pack()
    for (let i = 0, j = 0; i < previous.length || j < next.length; ) {
      if (j >= next.length || (i < previous.length && previous[i]! < next[j]!)) this.unlink(previous[i++]!, n)
      else if (i >= previous.length || next[j]! < previous[i]!) this.link(next[j++]!, n)
      else {
        i++
        j++
      }
    }
    this.keyLists[n] = next
    this.spanLists[n] = spans
    this.retypedKeyLists[n] = undefined
    return n
  }

  /**
   * Gives the account the bands of its listing titles: those it held already when its titles are the ones it had
   * (most updates are sessions), else computed again.
   */
  private addTitleBands(n: number, keys: AccountKeyList, previous: Int32Array, account: LinkageAccount): void {
    const titlesNow = keys.idsOf('listing_title', this.keys)
    if (sameKeysOfKind(previous, titlesNow, 'listing_title', this.keys)) {
      for (const k of previous) if (this.keys.kind(k) === 'band_listing_title') keys.add(k)
      return
    }
    this.titleTables[n] = undefined
    this.keys.titleBands(account, (x, y) => keys.add(this.keys.internBand('band_listing_title', x, y)))
  }

  kind(key: number): IndexKind {
    return this.keys.kind(key)
  }

  keyText(key: number): string {
    return this.keys.keyText(key)
  }

  isBlocked(key: number): boolean {
    return this.keys.isBlocked(key)
  }

  keyClass(key: number): EvidenceClass | undefined {
    return this.keys.keyClass(key)
  }

  keyStamp(key: number): number {
    return this.changes[key]!
  }

  degree(key: number): number {
    return this.degrees[key]!
  }

  /** The accounts that hold a key, ascending (kept for keys held by many, until their holders change). */
  holders(key: number): Int32Array {
    const d = this.degrees[key]!
    if (d <= CACHED_HOLDERS_MIN_DEGREE) return this.readHolders(key)
    const held = this.holderCache.get(key)
    if (held !== undefined && held.at === this.changes[key]) return held.holders
    const holders = this.readHolders(key)
    this.holderCache.set(key, { at: this.changes[key]!, holders })
    return holders
  }

  private readHolders(key: number): Int32Array {
    const out = new Int32Array(this.degrees[key]!)
    let k = 0
    for (let e = this.heads[key]!; e !== NONE; e = this.entryNext[e]!) out[k++] = this.entryAccount[e]!
    return out.sort()
  }

  keysOf(account: number): Int32Array {
    return this.keyLists[account]!
  }

  daysApart(a: number, i: number, b: number, j: number): number {
    return daysBetween(this.spanLists[a]!, 2 * i, this.spanLists[b]!, 2 * j)
  }

  comparedInTime(key: number): boolean {
    return this.keys.comparedInTime(key)
  }

  /** The band table of an account's listing titles (built once per account, when first asked for). */
  titleTable(account: number): TitleTable {
    return cachedTitleTable(this.titleTables, this, account)
  }

  /** The account's addresses, identities and identity documents (gathered once per account, when first asked for). */
  retypedKeys(account: number): readonly number[] {
    return cachedRetypedKeys(this.retypedKeyLists, this, account)
  }

  documentBandTables(a: number, b: number): readonly [Float64Array, Float64Array] {
    return [
      cachedBandTable(this.documentTables, this.documentHashes, a),
      cachedBandTable(this.documentTables, this.documentHashes, b),
    ]
  }

  listingBandTables(a: number, b: number): readonly [Float64Array, Float64Array] {
    return [
      cachedBandTable(this.listingTables, this.listingHashes, a),
      cachedBandTable(this.listingTables, this.listingHashes, b),
    ]
  }

  /**
   * The accounts an account is compared with: as in a bulk run (forEachCandidatePair), the holders of each personal
   * value or near-match band it holds that is not shared by design — all of them for a value held by at most
   * ALL_PAIRS_MAX_DEGREE accounts; for a larger one its neighbours in the holder list and the first HUBS_PER_KEY
   * holders (and every holder when it is one of those). Ascending. A listing-photo or title band held by more than
   * OWN_CONTENT_MAX_SHOPS shops brings no candidate (bringsCandidates): whatever it stands for weighs nothing (a stock
   * photo, common words), and the shops that share one are many. And the holders of a large value that share a second
   * value with the account (forEachCorroboratedPartner). With `weights`, a face or document-image band brings only
   * the holders in whom what it stands for is near enough to weigh (bandMatchHolds: a band shared by chance brings
   * none, as in a bulk run).
   */
  candidatesOf(account: number, weights?: LinkageWeights): number[] {
    const found = new Set<number>()
    const holds = weights === undefined ? undefined : bandMatchHolds(this, weights)
    for (const key of this.keysOf(account)) {
      const d = this.degrees[key]!
      if (d < 2 || this.isBlocked(key) || !bringsCandidates(this, key)) continue
      const kind = this.kind(key)
      const add = (h: number) => {
        if (holds === undefined || h === account || holds(kind, account, h)) found.add(h)
      }
      if (d <= ALL_PAIRS_MAX_DEGREE) {
        // Every holder: read off the holder list as it is (no sorted copy for a band of a few shops).
        for (let e = this.heads[key]!; e !== NONE; e = this.entryNext[e]!) add(this.entryAccount[e]!)
        continue
      }
      const holders = this.holders(key)
      const at = positionOf(holders, account)
      if (at < HUBS_PER_KEY) {
        for (const h of holders) add(h)
        continue
      }
      for (let h = 0; h < HUBS_PER_KEY; h++) add(holders[h]!)
      if (at > 0) add(holders[at - 1]!)
      if (at + 1 < d) add(holders[at + 1]!)
    }
    forEachCorroboratedPartner(this, account, largeKeysOf(this, account, []), (b) => found.add(b))
    found.delete(account)
    return [...found].sort((x, y) => x - y)
  }

  /**
   * The account's pairs with every candidate, weighed with the given weights (the latest run's), strongest first;
   * pairs that score nothing are left out. Each pair as a bulk run weighs it: the lower account number first.
   * Candidates `skip` answers true for are not compared (the caller has no use for their pair).
   */
  pairsOf(account: number, weights: LinkageWeights, skip?: (candidate: number) => boolean): PairEvidence[] {
    const pairs: PairEvidence[] = []
    for (const c of this.candidatesOf(account, weights)) {
      if (skip?.(c)) continue
      const p = comparePair(this, weights, Math.min(account, c), Math.max(account, c))
      if (p.score > 0) pairs.push(p)
    }
    return pairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b)
  }

  /** Bytes held by the index's typed arrays (the per-account arrays and id strings are not counted). */
  byteSize(): number {
    return (
      this.keys.byteSize() +
      this.degrees.byteLength +
      this.heads.byteLength +
      this.entryAccount.byteLength +
      this.entryNext.byteLength
    )
  }

  private growKeys(count: number): void {
    if (count <= this.degrees.length) return
    let size = this.degrees.length
    while (size < count) size *= 2
    const degrees = new Int32Array(size)
    degrees.set(this.degrees)
    this.degrees = degrees
    const heads = new Int32Array(size).fill(NONE)
    heads.set(this.heads)
    this.heads = heads
    const changes = new Int32Array(size)
    changes.set(this.changes)
    this.changes = changes
  }

  private link(key: number, account: number): void {
    let e = this.free
    if (e !== NONE) this.free = this.entryNext[e]!
    else {
      if (this.entries === this.entryAccount.length) {
        const accounts = new Int32Array(this.entries * 2)
        accounts.set(this.entryAccount)
        this.entryAccount = accounts
        const next = new Int32Array(this.entries * 2)
        next.set(this.entryNext)
        this.entryNext = next
      }
      e = this.entries++
    }
    this.entryAccount[e] = account
    this.entryNext[e] = this.heads[key]!
    this.heads[key] = e
    this.degrees[key]! += 1
    this.changes[key]! += 1
  }

  private unlink(key: number, account: number): void {
    let previous = NONE
    for (let e = this.heads[key]!; e !== NONE; previous = e, e = this.entryNext[e]!) {
      if (this.entryAccount[e] !== account) continue
      if (previous === NONE) this.heads[key] = this.entryNext[e]!
      else this.entryNext[previous] = this.entryNext[e]!
      this.entryNext[e] = this.free
      this.free = e
      this.degrees[key]! -= 1
      this.changes[key]! += 1
      return
    }
  }
}

/** True when the keys of one kind in `held` (ascending) are exactly `wanted` (ascending). */
function sameKeysOfKind(held: Int32Array, wanted: Int32Array, kind: string, keys: KeyInterner): boolean {
  let n = 0
  for (const k of held) {
    if (keys.kind(k) !== kind) continue
    if (n >= wanted.length || wanted[n] !== k) return false
    n++
  }
  return n === wanted.length
}

function sameValues(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The position of a value in an ascending array that holds it (binary search). */
function positionOf(sorted: Int32Array, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
