import type { AccountStatus } from '../interchange/index.ts'
import { daysBetween, NO_START, OPEN_END } from './account-keys.ts'
import type { EvidenceIndex } from './evidence-index.ts'
import type { EvidenceClass } from './evidence-kinds.ts'
import { groupBit } from './evidence-kinds.ts'
import { type IndexKind, KeyInterner, packHashes } from './key-interner.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { cachedBandTable } from './near-match-bands.ts'
import { cachedRetypedKeys } from './pair-evidence.ts'
import { cachedTitleTable, type TitleTable } from './title-bands.ts'

export type { BandKind, IndexKind } from './key-interner.ts'
export { INDEX_KINDS, isBandKind } from './key-interner.ts'

/** Accounts an index can hold: listing band entries pack a band (< 2^30) and an account in one double. */
const MAX_ACCOUNTS = 2 ** 23

/** Bands collected as (band, account) numbers while accounts are added: band · MAX_ACCOUNTS + account. */
class DeferredBands {
  private entries: Float64Array
  private count = 0

  constructor(capacity = 1 << 16) {
    this.entries = new Float64Array(capacity)
  }

  push(band: number, account: number): void {
    if (this.count === this.entries.length) {
      const grown = new Float64Array(Math.max(16, this.entries.length * 2))
      grown.set(this.entries)
      this.entries = grown
    }
    this.entries[this.count++] = band * MAX_ACCOUNTS + account
  }

  /** Visits every band two accounts or more hold, with its holders ascending (once each). */
  forEachShared(visit: (band: number, accounts: number[]) => void): void {
    const entries = this.entries.subarray(0, this.count).sort()
    for (let i = 0; i < entries.length; ) {
      const band = Math.floor(entries[i]! / MAX_ACCOUNTS)
      let j = i + 1
      while (j < entries.length && Math.floor(entries[j]! / MAX_ACCOUNTS) === band) j += 1
      // Within a band the entries are in account order: held by one account when the first and last agree.
      if (entries[i]! % MAX_ACCOUNTS !== entries[j - 1]! % MAX_ACCOUNTS) {
        const accounts: number[] = []
        for (let k = i; k < j; k++) {
          const account = entries[k]! % MAX_ACCOUNTS
          if (accounts[accounts.length - 1] !== account) accounts.push(account)
        }
        visit(band, accounts)
      }
      i = j
    }
  }
}

/**
 * The linkage index: accounts, the interned values they used (keys), and for every key the accounts that used it.
 * Built in typed arrays (CSR layout): no object per account-key pair. Mutable while it is built, then read-only.
 */
export class LinkageIndex implements EvidenceIndex {
  readonly ids: string[] = []
  readonly statuses: AccountStatus[] = []
  /** Per account, what near matches are measured on (the rest of the account is not kept once indexed). */
  readonly accounts: Pick<LinkageAccount, 'documentImages' | 'faces'>[] = []
  /** Per account, its document and listing image hashes parsed: [high, low] 32-bit halves one after the other. */
  readonly documentHashes: Uint32Array[] = []
  readonly listingHashes: Uint32Array[] = []
  /** Band tables of those hashes, built when an account is first matched through them (see closestHashes). */
  private readonly documentTables: (Float64Array | undefined)[] = []
  private readonly listingTables: (Float64Array | undefined)[] = []
  /** Band tables of the accounts' listing titles, built when an account is first matched through them. */
  private readonly titleTables: (TitleTable | undefined)[] = []
  private readonly retypedKeyLists: (readonly number[] | undefined)[] = []
  private readonly indexById = new Map<string, number>()
  /**
   * Interns keys while accounts are added, and holds every key's kind, flags and text (typed arrays: ten million keys
   * in 50 MB); its hash table is released by {@link finish} (nothing is interned after).
   */
  private readonly keys = new KeyInterner()
  /** Per account while it is built: its keys ascending, their spans, and the shared listing bands it holds. */
  private accountKeys: Int32Array[] = []
  private accountSpans: Uint16Array[] = []
  private accountListingBands: (number[] | undefined)[] = []
  /**
   * Listing-photo and listing-title bands, one entry per (band, account). They are most of an index's bands (a shop
   * has dozens of photos, ten bands each, and of titles, eight bands each) and nearly all are held by one shop, which
   * brings no candidate: {@link finish} interns only the bands two shops share.
   */
  private listingBands = new DeferredBands()
  private titleBands = new DeferredBands()
  private keyOffsets = new Int32Array(1)
  private keyAccounts = new Int32Array(0)
  private accountOffsets = new Int32Array(1)
  private accountKeyIds = new Int32Array(0)
  /** Per account-key entry, the span the account used the key: [from, until] in index days (see account-keys). */
  private accountKeySpans = new Uint16Array(0)

  /** Per account, the groups it holds any value of (bit per EVIDENCE_GROUPS entry). */
  readonly groupMasks: number[] = []
  /** Number of accounts holding some value of each group (the denominators of value frequencies). */
  readonly groupPopulation = new Map<string, number>()

  /** Adds an account; call {@link finish} after the last one. */
  add(account: LinkageAccount): number {
    const index = this.ids.length
    if (index >= MAX_ACCOUNTS) throw new RangeError(`a linkage index holds at most ${MAX_ACCOUNTS} accounts`)
    this.ids.push(account.id)
    this.indexById.set(account.id, index)
    this.statuses.push(account.status)
    this.accounts.push({ documentImages: account.documentImages, faces: account.faces })
    this.documentHashes.push(packHashes(account.documentImages))
    this.listingHashes.push(packHashes(account.listingImages))
    const { keys, groups } = this.keys.accountKeys(account, this.documentHashes[index]!)
    this.deferListingBands(index, this.listingHashes[index]!)
    this.keys.titleBands(account, (x, y) => this.titleBands.push(x * 2 ** 16 + y, index))
    let mask = 0
    for (const g of groups) {
      this.groupPopulation.set(g, (this.groupPopulation.get(g) ?? 0) + 1)
      mask |= groupBit(g)
    }
    this.groupMasks.push(mask)
    const packed = keys.pack()
    this.accountKeys.push(packed.ids)
    this.accountSpans.push(packed.spans)
    this.accountListingBands.push(undefined)
    return index
  }

  private deferListingBands(account: number, hashes: Uint32Array): void {
    this.keys.imageBands(hashes, (x, y) => this.listingBands.push(x * 2 ** 16 + y, account))
  }

  /**
   * Interns the listing-photo and listing-title bands held by two accounts or more and gives them to their holders
   * (see add). Each new id is above every id given before, so the holders' key lists stay in ascending order.
   */
  private internSharedListingBands(): void {
    const give = (kind: 'band_listing_image' | 'band_listing_title') => (band: number, accounts: number[]) => {
      const id = this.keys.internBand(kind, Math.floor(band / 2 ** 16), band % 2 ** 16)
      for (const account of accounts) {
        const held = this.accountListingBands[account]
        if (held === undefined) this.accountListingBands[account] = [id]
        else held.push(id)
      }
    }
    this.listingBands.forEachShared(give('band_listing_image'))
    this.titleBands.forEachShared(give('band_listing_title'))
    this.listingBands = new DeferredBands(0)
    this.titleBands = new DeferredBands(0)
  }

  /** Builds the postings (key → accounts) and packs every list into typed arrays. */
  finish(): void {
    this.internSharedListingBands()
    const n = this.ids.length
    this.accountOffsets = new Int32Array(n + 1)
    let total = 0
    for (let a = 0; a < n; a++) {
      total += this.accountKeys[a]!.length + (this.accountListingBands[a]?.length ?? 0)
      this.accountOffsets[a + 1] = total
    }
    this.accountKeyIds = new Int32Array(total)
    this.accountKeySpans = new Uint16Array(total * 2)
    const counts = new Int32Array(this.keys.count + 1)
    for (let a = 0; a < n; a++) {
      const list = this.accountKeys[a]!
      const at = this.accountOffsets[a]!
      this.accountKeyIds.set(list, at)
      this.accountKeySpans.set(this.accountSpans[a]!, 2 * at)
      // Shared listing-photo and title bands were interned last: their ids follow the account's other keys. They have
      // no time.
      const bands = this.accountListingBands[a] ?? []
      for (let b = 0; b < bands.length; b++) {
        const e = at + list.length + b
        this.accountKeyIds[e] = bands[b]!
        this.accountKeySpans[2 * e] = NO_START
        this.accountKeySpans[2 * e + 1] = OPEN_END
      }
    }
    for (const k of this.accountKeyIds) counts[k + 1]! += 1
    for (let k = 0; k < this.keys.count; k++) counts[k + 1]! += counts[k]!
    this.keyOffsets = counts
    this.keyAccounts = new Int32Array(total)
    const fill = counts.slice(0, this.keys.count)
    for (let a = 0; a < n; a++)
      for (let e = this.accountOffsets[a]!; e < this.accountOffsets[a + 1]!; e++)
        this.keyAccounts[fill[this.accountKeyIds[e]!]!++] = a
    this.accountKeys = []
    this.accountSpans = []
    this.accountListingBands = []
    this.keys.releaseTable()
  }

  get size(): number {
    return this.ids.length
  }

  get keyCount(): number {
    return this.keys.count
  }

  /** A finished index does not change. */
  keyStamp(_key: number): number {
    return 0
  }

  kind(key: number): IndexKind {
    return this.keys.kind(key)
  }

  keyText(key: number): string {
    return this.keys.keyText(key)
  }

  /** True when the value is shared by design (flags) and carries no evidence. */
  isBlocked(key: number): boolean {
    return this.keys.isBlocked(key)
  }

  /** The evidence class of a value: its kind's, except that a partial identifier is only circumstantial. */
  keyClass(key: number): EvidenceClass | undefined {
    return this.keys.keyClass(key)
  }

  degree(key: number): number {
    return this.keyOffsets[key + 1]! - this.keyOffsets[key]!
  }

  /** The accounts that used a key, ascending. */
  holders(key: number): Int32Array {
    return this.keyAccounts.subarray(this.keyOffsets[key]!, this.keyOffsets[key + 1]!)
  }

  /** The keys an account used, ascending. */
  keysOf(account: number): Int32Array {
    return this.accountKeyIds.subarray(this.accountOffsets[account]!, this.accountOffsets[account + 1]!)
  }

  daysApart(a: number, i: number, b: number, j: number): number {
    const spans = this.accountKeySpans
    return daysBetween(spans, 2 * (this.accountOffsets[a]! + i), spans, 2 * (this.accountOffsets[b]! + j))
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

  /** The band tables of two accounts' document image hashes (built once per account, when first asked for). */
  documentBandTables(a: number, b: number): readonly [Float64Array, Float64Array] {
    return [
      cachedBandTable(this.documentTables, this.documentHashes, a),
      cachedBandTable(this.documentTables, this.documentHashes, b),
    ]
  }

  /** The band tables of two accounts' listing image hashes (built once per account, when first asked for). */
  listingBandTables(a: number, b: number): readonly [Float64Array, Float64Array] {
    return [
      cachedBandTable(this.listingTables, this.listingHashes, a),
      cachedBandTable(this.listingTables, this.listingHashes, b),
    ]
  }

  lookupAccount(id: string): number {
    return this.indexById.get(id) ?? -1
  }

  /** Bytes held by the typed arrays of the index. */
  byteSize(): number {
    return (
      this.keys.byteSize() +
      this.keyOffsets.byteLength +
      this.keyAccounts.byteLength +
      this.accountOffsets.byteLength +
      this.accountKeyIds.byteLength +
      this.accountKeySpans.byteLength
    )
  }
}
