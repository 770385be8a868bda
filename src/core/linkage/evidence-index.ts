import type { EvidenceClass } from './evidence-kinds.ts'
import type { IndexKind } from './key-interner.ts'
import type { LinkageAccount } from './linkage-input.ts'
import type { TitleTable } from './title-bands.ts'

/**
 * What weighing the evidence between two accounts reads of an index (see comparePair): the keys each account holds
 * (ascending ids), what each key is and how many accounts hold it, and what near matches are measured on. The bulk
 * index (LinkageIndex) and the live index (LiveLinkageIndex) both answer it, so one account pair weighs the same in
 * a bulk run and in real time over the same accounts.
 */
export interface EvidenceIndex {
  /** Accounts held: the population value frequencies are measured against. */
  readonly size: number
  readonly ids: readonly string[]
  /** Per account, what near matches are measured on. */
  readonly accounts: readonly Pick<LinkageAccount, 'documentImages' | 'faces'>[]
  /** Per account, its document and listing image hashes parsed: [high, low] 32-bit halves one after the other. */
  readonly documentHashes: readonly Uint32Array[]
  readonly listingHashes: readonly Uint32Array[]
  /** Per account, the evidence groups it holds any value of (bit per EVIDENCE_GROUPS entry). */
  readonly groupMasks: readonly number[]
  kind(key: number): IndexKind
  keyText(key: number): string
  isBlocked(key: number): boolean
  keyClass(key: number): EvidenceClass | undefined
  degree(key: number): number
  /**
   * A number that changes whenever the key's holders change (always the same on a finished index): what is computed
   * of a key's holders (its coherence) is kept while it stays the same.
   */
  keyStamp(key: number): number
  /** The accounts that hold a key. */
  holders(key: number): Int32Array
  /** The keys an account holds, ascending. */
  keysOf(account: number): Int32Array
  /**
   * How many days apart two accounts used a key they both hold: the key at position `i` of a's keys ({@link keysOf})
   * and at position `j` of b's. Each account used a key over a span, from its first use to its last (days since 1970,
   * see account-keys); 0 when the spans overlap or meet.
   */
  daysApart(a: number, i: number, b: number, j: number): number
  /** True when the key's kind is compared in time (EvidenceKindSpec.comparedInTime). */
  comparedInTime(key: number): boolean
  /** The band table of an account's listing titles (built once per account, when first asked for). */
  titleTable(account: number): TitleTable
  /**
   * The account's keys of the values a person types and may type differently: delivery points and buildings, the
   * representative's name with birth date, identity document numbers (gathered once per account, when first asked
   * for; whether shared by design is asked of each when used). Compared one by one for a near match, they are few,
   * and a shop with thousands of keys is not scanned again for each of its candidates.
   */
  retypedKeys(account: number): readonly number[]
  documentBandTables(a: number, b: number): readonly [Float64Array, Float64Array]
  listingBandTables(a: number, b: number): readonly [Float64Array, Float64Array]
}
