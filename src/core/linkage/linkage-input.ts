import type { AccountStatus } from '../interchange/index.ts'
import type { EvidenceKind } from './evidence-kinds.ts'

/** One value an account used, with when it used it (epoch ms; `until` null while still in use). */
export interface LinkageKey {
  readonly kind: EvidenceKind
  readonly key: string
  readonly flags?: readonly string[] | undefined
  readonly from: number
  readonly until: number | null
}

/** Everything linkage needs to know of one account. */
export interface LinkageAccount {
  readonly id: string
  readonly status: AccountStatus
  /** When control passed to another party (see detectControlChange); what came before is not used for linking. */
  readonly controlChangedAt: number | null
  readonly keys: readonly LinkageKey[]
  /** 64-bit perceptual hashes (16 hex digits) of submitted document images, compared by Hamming distance. */
  readonly documentImages: readonly string[]
  /** 64-bit perceptual hashes of listing photos. */
  readonly listingImages: readonly string[]
  /** Unit-length face descriptors from verifications, compared by cosine similarity. */
  readonly faces: readonly Float32Array[]
  /**
   * The band numbers of each face (`faceBandNumbers`, one array per face, in order), when already computed: read
   * from a stored profile, or computed once when the account was derived (see `withFaceBands`). Left out, they are
   * computed when the account is indexed.
   */
  readonly faceBands?: readonly Int32Array[]
}
