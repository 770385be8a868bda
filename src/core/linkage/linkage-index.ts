import type { AccountStatus } from '../interchange/index.ts'
import {
  EVIDENCE_KINDS,
  type EvidenceClass,
  type EvidenceKind,
  groupBit,
  NO_EVIDENCE_FLAGS,
  PARTIAL_EVIDENCE_FLAGS,
} from './evidence-kinds.ts'
import { hashNumbers } from './key-hash.ts'
import { KeyTable } from './key-table.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { bandTable, faceBandNumbers, imageBandNumbers, parseHash64, personBands } from './near-match-bands.ts'

function packHashes(hexes: readonly string[]): Uint32Array {
  const out: number[] = []
  for (const h of hexes) {
    const parsed = parseHash64(h)
    if (parsed) out.push(parsed[0], parsed[1])
  }
  return Uint32Array.from(out)
}

/** Accounts an index can hold: listing-photo band entries pack a band (< 2^30) and an account in one double. */
const MAX_ACCOUNTS = 2 ** 23

const BLOCKED = 0x40
const PARTIAL = 0x80

/** Kind code (6 bits) and flags of every key in a byte, and the text of those that have one, in growable arrays. */
class KeyAttributes {
  private bytes = new Uint8Array(1 << 16)
  private textAt = new Int32Array(1 << 16)
  private readonly texts: string[] = []
  count = 0

  push(kind: number, blocked: boolean, partial: boolean, text: string | undefined): void {
    if (this.count === this.bytes.length) {
      const bytes = new Uint8Array(this.count * 2)
      bytes.set(this.bytes)
      this.bytes = bytes
      const textAt = new Int32Array(this.count * 2)
      textAt.set(this.textAt)
      this.textAt = textAt
    }
    this.bytes[this.count] = kind | (blocked ? BLOCKED : 0) | (partial ? PARTIAL : 0)
    if (text === undefined) this.textAt[this.count] = -1
    else {
      this.textAt[this.count] = this.texts.length
      this.texts.push(text)
    }
    this.count += 1
  }

  /** Flags seen again on a key already held stay set. */
  mark(key: number, blocked: boolean, partial: boolean): void {
    this.bytes[key]! |= (blocked ? BLOCKED : 0) | (partial ? PARTIAL : 0)
  }

  kind(key: number): number {
    return this.bytes[key]! & 0x3f
  }

  blocked(key: number): boolean {
    return (this.bytes[key]! & BLOCKED) !== 0
  }

  partial(key: number): boolean {
    return (this.bytes[key]! & PARTIAL) !== 0
  }

  /** The key's text; empty for bands, which have none. */
  text(key: number): string {
    const at = this.textAt[key]!
    return at < 0 ? '' : this.texts[at]!
  }

  byteSize(): number {
    return this.bytes.byteLength + this.textAt.byteLength
  }
}

function tableOf(tables: (Float64Array | undefined)[], hashes: readonly Uint32Array[], account: number): Float64Array {
  const held = tables[account]
  if (held) return held
  const table = bandTable(hashes[account]!)
  tables[account] = table
  return table
}

/** Kinds of band keys: they only bring candidates together; the evidence is the measured similarity. */
export type BandKind = 'band_document_image' | 'band_listing_image' | 'band_face' | 'band_person'
export type IndexKind = EvidenceKind | BandKind

export const INDEX_KINDS: readonly IndexKind[] = [
  ...(Object.keys(EVIDENCE_KINDS) as EvidenceKind[]),
  'band_document_image',
  'band_listing_image',
  'band_face',
  'band_person',
]
const KIND_CODE = new Map(INDEX_KINDS.map((k, i) => [k, i]))
// A key's kind code is held in 6 bits (see KeyAttributes).
if (INDEX_KINDS.length > 0x3f) throw new Error('linkage index: more kinds than a key byte holds')

export function isBandKind(kind: IndexKind): kind is BandKind {
  return kind.startsWith('band_')
}

/**
 * The linkage index: accounts, the interned values they used (keys), and for every key the accounts that used it.
 * Built in typed arrays (CSR layout): no object per account-key pair. Mutable while it is built, then read-only.
 */
export class LinkageIndex {
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
  private readonly indexById = new Map<string, number>()
  /** Interns keys while accounts are added; released by {@link finish} (nothing is interned after). */
  private table = new KeyTable()
  /** Per key: its kind and flags in a byte, its text (none for bands). Typed arrays: ten million keys in 50 MB. */
  private readonly attributes = new KeyAttributes()
  private accountKeys: number[][] = []
  /**
   * Listing-photo bands, one entry per (band, account): band · MAX_ACCOUNTS + account. They are most of an index's
   * bands (a shop has dozens of photos, ten bands each) and nearly all are held by one shop, which brings no candidate:
   * {@link finish} interns only the bands two shops share.
   */
  private listingBands = new Float64Array(1 << 16)
  private listingBandCount = 0
  private keyOffsets = new Int32Array(1)
  private keyAccounts = new Int32Array(0)
  private accountOffsets = new Int32Array(1)
  private accountKeyIds = new Int32Array(0)

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
    const keys = new Set<number>()
    const groups = new Set<string>()
    for (const k of account.keys) {
      if (k.key === '') continue
      const blocked = (k.flags ?? []).some((f) => NO_EVIDENCE_FLAGS.has(f))
      const partial = (k.flags ?? []).some((f) => PARTIAL_EVIDENCE_FLAGS.has(f))
      keys.add(this.intern(k.kind, k.key, blocked, partial))
      if (k.kind === 'person_identity' && !blocked)
        for (const b of personBands(k.key)) keys.add(this.intern('band_person', b, false))
      if (!blocked) groups.add(EVIDENCE_KINDS[k.kind].group)
    }
    // Bands are numbers: interned by their hash, with no text (they bring candidates together; they are not evidence).
    this.addImageBands(keys, 'band_document_image', this.documentHashes[index]!)
    this.deferListingBands(index, this.listingHashes[index]!)
    for (const f of account.faces) {
      const bands = faceBandNumbers(f)
      for (let band = 0; band < bands.length; band++)
        keys.add(this.internBand('band_face', f.length * 64 + band, bands[band]!))
    }
    if (account.documentImages.length > 0) groups.add('document_image')
    if (account.listingImages.length > 0) groups.add('listing_image')
    if (account.faces.length > 0) groups.add('face')
    let mask = 0
    for (const g of groups) {
      this.groupPopulation.set(g, (this.groupPopulation.get(g) ?? 0) + 1)
      mask |= groupBit(g)
    }
    this.groupMasks.push(mask)
    this.accountKeys.push([...keys].sort((a, b) => a - b))
    return index
  }

  private addImageBands(keys: Set<number>, kind: BandKind, hashes: Uint32Array): void {
    const bands = new Float64Array(10)
    for (let h = 0; h < hashes.length; h += 2) {
      imageBandNumbers(hashes[h]!, hashes[h + 1]!, bands)
      // A band number is below 10 · 2^26: its high and low parts as the two values.
      for (const band of bands) keys.add(this.internBand(kind, Math.floor(band / 2 ** 16), band % 2 ** 16))
    }
  }

  private deferListingBands(account: number, hashes: Uint32Array): void {
    const bands = new Float64Array(10)
    for (let h = 0; h < hashes.length; h += 2) {
      imageBandNumbers(hashes[h]!, hashes[h + 1]!, bands)
      if (this.listingBandCount + 10 > this.listingBands.length) {
        const grown = new Float64Array(this.listingBands.length * 2)
        grown.set(this.listingBands)
        this.listingBands = grown
      }
      for (const band of bands) this.listingBands[this.listingBandCount++] = band * MAX_ACCOUNTS + account
    }
  }

  /** Interns the listing-photo bands held by two accounts or more and gives them to their holders (see add). */
  private internSharedListingBands(): void {
    const entries = this.listingBands.subarray(0, this.listingBandCount).sort()
    for (let i = 0; i < entries.length; ) {
      const band = Math.floor(entries[i]! / MAX_ACCOUNTS)
      let j = i + 1
      while (j < entries.length && Math.floor(entries[j]! / MAX_ACCOUNTS) === band) j += 1
      // Within a band the entries are in account order: held by one account when the first and last agree.
      if (entries[i]! % MAX_ACCOUNTS !== entries[j - 1]! % MAX_ACCOUNTS) {
        // Each new id is above every id given before, so the holders' key lists stay in ascending order.
        const id = this.internBand('band_listing_image', Math.floor(band / 2 ** 16), band % 2 ** 16)
        let previous = -1
        for (let k = i; k < j; k++) {
          const account = entries[k]! % MAX_ACCOUNTS
          if (account !== previous) this.accountKeys[account]!.push(id)
          previous = account
        }
      }
      i = j
    }
    this.listingBands = new Float64Array(0)
    this.listingBandCount = 0
  }

  private internBand(kind: BandKind, x: number, y: number): number {
    const code = KIND_CODE.get(kind) as number
    const { hi, lo } = hashNumbers(code, x, y)
    const id = this.table.internHash(hi, lo)
    if (id === this.attributes.count) this.attributes.push(code, false, false, undefined)
    return id
  }

  private intern(kind: IndexKind, key: string, blocked: boolean, partial = false): number {
    const text = `${kind}\u0001${key}`
    const id = this.table.intern(text)
    if (id === this.attributes.count) this.attributes.push(KIND_CODE.get(kind) as number, blocked, partial, key)
    else this.attributes.mark(id, blocked, partial)
    return id
  }

  /** Builds the postings (key → accounts) and packs every list into typed arrays. */
  finish(): void {
    this.internSharedListingBands()
    const n = this.ids.length
    this.accountOffsets = new Int32Array(n + 1)
    let total = 0
    for (let a = 0; a < n; a++) {
      total += this.accountKeys[a]!.length
      this.accountOffsets[a + 1] = total
    }
    this.accountKeyIds = new Int32Array(total)
    const counts = new Int32Array(this.attributes.count + 1)
    for (let a = 0; a < n; a++) {
      const list = this.accountKeys[a]!
      this.accountKeyIds.set(list, this.accountOffsets[a]!)
      for (const k of list) counts[k + 1]! += 1
    }
    for (let k = 0; k < this.attributes.count; k++) counts[k + 1]! += counts[k]!
    this.keyOffsets = counts
    this.keyAccounts = new Int32Array(total)
    const fill = counts.slice(0, this.attributes.count)
    for (let a = 0; a < n; a++) for (const k of this.accountKeys[a]!) this.keyAccounts[fill[k]!++] = a
    this.accountKeys = []
    this.table = new KeyTable(1)
  }

  get size(): number {
    return this.ids.length
  }

  get keyCount(): number {
    return this.attributes.count
  }

  kind(key: number): IndexKind {
    return INDEX_KINDS[this.attributes.kind(key)]!
  }

  keyText(key: number): string {
    return this.attributes.text(key)
  }

  /** True when the value is shared by design (flags) and carries no evidence. */
  isBlocked(key: number): boolean {
    return this.attributes.blocked(key)
  }

  /** The evidence class of a value: its kind's, except that a partial identifier is only circumstantial. */
  keyClass(key: number): EvidenceClass | undefined {
    const kind = this.kind(key)
    if (isBandKind(kind)) return undefined
    return this.attributes.partial(key) ? 'circumstantial' : EVIDENCE_KINDS[kind].class
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

  /** The band tables of two accounts' document image hashes (built once per account, when first asked for). */
  documentBandTables(a: number, b: number): readonly [Float64Array, Float64Array] {
    return [tableOf(this.documentTables, this.documentHashes, a), tableOf(this.documentTables, this.documentHashes, b)]
  }

  /** The band tables of two accounts' listing image hashes (built once per account, when first asked for). */
  listingBandTables(a: number, b: number): readonly [Float64Array, Float64Array] {
    return [tableOf(this.listingTables, this.listingHashes, a), tableOf(this.listingTables, this.listingHashes, b)]
  }

  lookupAccount(id: string): number {
    return this.indexById.get(id) ?? -1
  }

  /** Bytes held by the typed arrays of the index. */
  byteSize(): number {
    return (
      this.table.byteSize() +
      this.attributes.byteSize() +
      this.keyOffsets.byteLength +
      this.keyAccounts.byteLength +
      this.accountOffsets.byteLength +
      this.accountKeyIds.byteLength
    )
  }
}
