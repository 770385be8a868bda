import type { AccountStatus } from '../interchange/index.ts'
import {
  EVIDENCE_KINDS,
  type EvidenceClass,
  type EvidenceKind,
  groupBit,
  NO_EVIDENCE_FLAGS,
  PARTIAL_EVIDENCE_FLAGS,
} from './evidence-kinds.ts'
import { KeyTable } from './key-table.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { faceBands, imageBands, parseHash64, personBands } from './near-match-bands.ts'

function packHashes(hexes: readonly string[]): Uint32Array {
  const out: number[] = []
  for (const h of hexes) {
    const parsed = parseHash64(h)
    if (parsed) out.push(parsed[0], parsed[1])
  }
  return Uint32Array.from(out)
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
  private readonly indexById = new Map<string, number>()
  private readonly table = new KeyTable()
  private readonly kindOf: number[] = []
  private readonly blocked: boolean[] = []
  private readonly partial: boolean[] = []
  private readonly text: string[] = []
  private accountKeys: number[][] = []
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
    for (const h of account.documentImages)
      for (const b of imageBands(h)) keys.add(this.intern('band_document_image', b, false))
    for (const h of account.listingImages)
      for (const b of imageBands(h)) keys.add(this.intern('band_listing_image', b, false))
    for (const f of account.faces) for (const b of faceBands(f)) keys.add(this.intern('band_face', b, false))
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

  private intern(kind: IndexKind, key: string, blocked: boolean, partial = false): number {
    const text = `${kind}\u0001${key}`
    const id = this.table.intern(text)
    if (id === this.kindOf.length) {
      this.kindOf.push(KIND_CODE.get(kind) as number)
      this.blocked.push(blocked)
      this.partial.push(partial)
      this.text.push(key)
    } else {
      if (blocked) this.blocked[id] = true
      if (partial) this.partial[id] = true
    }
    return id
  }

  /** Builds the postings (key → accounts) and packs every list into typed arrays. */
  finish(): void {
    const n = this.ids.length
    this.accountOffsets = new Int32Array(n + 1)
    let total = 0
    for (let a = 0; a < n; a++) {
      total += this.accountKeys[a]!.length
      this.accountOffsets[a + 1] = total
    }
    this.accountKeyIds = new Int32Array(total)
    const counts = new Int32Array(this.kindOf.length + 1)
    for (let a = 0; a < n; a++) {
      const list = this.accountKeys[a]!
      this.accountKeyIds.set(list, this.accountOffsets[a]!)
      for (const k of list) counts[k + 1]! += 1
    }
    for (let k = 0; k < this.kindOf.length; k++) counts[k + 1]! += counts[k]!
    this.keyOffsets = counts
    this.keyAccounts = new Int32Array(total)
    const fill = counts.slice(0, this.kindOf.length)
    for (let a = 0; a < n; a++) for (const k of this.accountKeys[a]!) this.keyAccounts[fill[k]!++] = a
    this.accountKeys = []
  }

  get size(): number {
    return this.ids.length
  }

  get keyCount(): number {
    return this.kindOf.length
  }

  kind(key: number): IndexKind {
    return INDEX_KINDS[this.kindOf[key]!]!
  }

  keyText(key: number): string {
    return this.text[key]!
  }

  /** True when the value is shared by design (flags) and carries no evidence. */
  isBlocked(key: number): boolean {
    return this.blocked[key]!
  }

  /** The evidence class of a value: its kind's, except that a partial identifier is only circumstantial. */
  keyClass(key: number): EvidenceClass | undefined {
    const kind = this.kind(key)
    if (isBandKind(kind)) return undefined
    return this.partial[key] ? 'circumstantial' : EVIDENCE_KINDS[kind].class
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

  lookupAccount(id: string): number {
    return this.indexById.get(id) ?? -1
  }

  /** Bytes held by the typed arrays of the index. */
  byteSize(): number {
    return (
      this.table.byteSize() +
      this.keyOffsets.byteLength +
      this.keyAccounts.byteLength +
      this.accountOffsets.byteLength +
      this.accountKeyIds.byteLength
    )
  }
}
