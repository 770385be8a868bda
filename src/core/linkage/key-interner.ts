import { AccountKeyList, OPEN_END, toIndexDay } from './account-keys.ts'
import {
  EVIDENCE_KINDS,
  type EvidenceClass,
  type EvidenceKind,
  NO_EVIDENCE_FLAGS,
  PARTIAL_EVIDENCE_FLAGS,
} from './evidence-kinds.ts'
import { hashNumbers } from './key-hash.ts'
import { KeyTable } from './key-table.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { faceBandsAt, imageBandNumbers, parseHash64, personBands } from './near-match-bands.ts'
import { TITLE_BANDS, titleBandNumbers, titleWords } from './title-bands.ts'

/** Kinds of band keys: they only bring candidates together; the evidence is the measured similarity. */
export type BandKind = 'band_document_image' | 'band_listing_image' | 'band_listing_title' | 'band_face' | 'band_person'
export type IndexKind = EvidenceKind | BandKind

export const INDEX_KINDS: readonly IndexKind[] = [
  ...(Object.keys(EVIDENCE_KINDS) as EvidenceKind[]),
  'band_document_image',
  'band_listing_image',
  'band_listing_title',
  'band_face',
  'band_person',
]
const KIND_CODE = new Map(INDEX_KINDS.map((k, i) => [k, i]))
/** Per kind code: 1 when the kind is compared in time. */
const TIMED_KIND = Uint8Array.from(INDEX_KINDS, (k) => (!isBandKind(k) && EVIDENCE_KINDS[k].comparedInTime ? 1 : 0))
// A key's kind code is held in 6 bits (see KeyAttributes).
if (INDEX_KINDS.length > 0x3f) throw new Error('linkage index: more kinds than a key byte holds')

export function isBandKind(kind: IndexKind): kind is BandKind {
  return kind.startsWith('band_')
}

/** An account's image hashes parsed: [high, low] 32-bit halves one after the other (unparseable ones dropped). */
export function packHashes(hexes: readonly string[]): Uint32Array {
  const out: number[] = []
  for (const h of hexes) {
    const parsed = parseHash64(h)
    if (parsed) out.push(parsed[0], parsed[1])
  }
  return Uint32Array.from(out)
}

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

/**
 * Interns the values accounts used (keys) as dense ids, with each key's kind, flags and text: what the bulk index
 * and the live index share, so that both see one account as the same keys.
 */
export class KeyInterner {
  private table = new KeyTable()
  private readonly attributes = new KeyAttributes()

  get count(): number {
    return this.attributes.count
  }

  /** The id of a band key (a number: no text), assigning the next id when it is new. */
  internBand(kind: BandKind, x: number, y: number): number {
    const code = KIND_CODE.get(kind) as number
    const { hi, lo } = hashNumbers(code, x, y)
    const id = this.table.internHash(hi, lo)
    if (id === this.attributes.count) this.attributes.push(code, false, false, undefined)
    return id
  }

  /** The id of a value, assigning the next id when it is new; flags seen on a held key stay set. */
  intern(kind: IndexKind, key: string, blocked: boolean, partial = false): number {
    const text = `${kind}\u0001${key}`
    const id = this.table.intern(text)
    if (id === this.attributes.count) this.attributes.push(KIND_CODE.get(kind) as number, blocked, partial, key)
    else this.attributes.mark(id, blocked, partial)
    return id
  }

  /**
   * The keys of an account (its values, the bands of its person identities, document images and faces) except its
   * listing-photo and listing-title bands, which each index keeps its own way; and the evidence groups it holds any
   * value of.
   */
  accountKeys(account: LinkageAccount, documentHashes: Uint32Array): { keys: AccountKeyList; groups: Set<string> } {
    const keys = new AccountKeyList()
    const groups = new Set<string>()
    for (const k of account.keys) {
      if (k.key === '') continue
      const blocked = (k.flags ?? []).some((f) => NO_EVIDENCE_FLAGS.has(f))
      const partial = (k.flags ?? []).some((f) => PARTIAL_EVIDENCE_FLAGS.has(f))
      const until = k.until === null ? OPEN_END : toIndexDay(k.until)
      keys.add(this.intern(k.kind, k.key, blocked, partial), toIndexDay(k.from), until)
      if (k.kind === 'person_identity' && !blocked)
        for (const b of personBands(k.key)) keys.add(this.intern('band_person', b, false))
      if (!blocked) groups.add(EVIDENCE_KINDS[k.kind].group)
    }
    // Bands are numbers: interned by their hash, with no text (they bring candidates together; they are not evidence).
    this.imageBands(documentHashes, (x, y) => keys.add(this.internBand('band_document_image', x, y)))
    account.faces.forEach((f, i) => {
      const bands = faceBandsAt(account, i)
      for (let band = 0; band < bands.length; band++)
        keys.add(this.internBand('band_face', f.length * 64 + band, bands[band]!))
    })
    if (account.documentImages.length > 0) groups.add('document_image')
    if (account.listingImages.length > 0) groups.add('listing_image')
    if (account.faces.length > 0) groups.add('face')
    return { keys, groups }
  }

  /** Visits the ten bands of every packed hash as the two numbers a band key is interned by. */
  imageBands(hashes: Uint32Array, visit: (x: number, y: number) => void): void {
    const bands = new Float64Array(10)
    for (let h = 0; h < hashes.length; h += 2) {
      imageBandNumbers(hashes[h]!, hashes[h + 1]!, bands)
      // A band number is below 10 · 2^26: its high and low parts as the two values.
      for (const band of bands) visit(Math.floor(band / 2 ** 16), band % 2 ** 16)
    }
  }

  /**
   * Visits the bands of every listing title of an account (near-duplicate titles, see title-bands) as the two numbers
   * a band key is interned by.
   */
  titleBands(account: LinkageAccount, visit: (x: number, y: number) => void): void {
    const bands = new Float64Array(TITLE_BANDS)
    for (const k of account.keys) {
      if (k.kind !== 'listing_title' || !titleBandNumbers(titleWords(k.key), bands)) continue
      // A band number is below 2^30: its high and low parts as the two values.
      for (const band of bands) visit(Math.floor(band / 2 ** 16), band % 2 ** 16)
    }
  }

  /** Releases the hash table: ids can no longer be assigned or looked up; attributes stay readable. */
  releaseTable(): void {
    this.table = new KeyTable(1)
  }

  kind(key: number): IndexKind {
    return INDEX_KINDS[this.attributes.kind(key)]!
  }

  keyText(key: number): string {
    return this.attributes.text(key)
  }

  comparedInTime(key: number): boolean {
    return TIMED_KIND[this.attributes.kind(key)] === 1
  }

  isBlocked(key: number): boolean {
    return this.attributes.blocked(key)
  }

  keyClass(key: number): EvidenceClass | undefined {
    const kind = this.kind(key)
    if (isBandKind(kind)) return undefined
    return this.attributes.partial(key) ? 'circumstantial' : EVIDENCE_KINDS[kind].class
  }

  byteSize(): number {
    return this.table.byteSize() + this.attributes.byteSize()
  }
}
