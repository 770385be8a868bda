import type { EvidenceKind } from '../linkage/index.ts'
import { kindMaskOf } from '../linkage/index.ts'

/**
 * The latest linkage run as features read it, in columns: a million accounts and a million links take tens of
 * megabytes, where an object per account and per link would take several hundred.
 */
export interface ClusterColumns {
  /** The accounts the run clustered. */
  readonly accounts: readonly string[]
  /** Per account, its cluster: an index into {@link clusterIds}. */
  readonly clusterOf: Int32Array
  /** The cluster ids as stored (a singleton's is its own account id). */
  readonly clusterIds: readonly string[]
  /** Per account, when the run detected a change of control (epoch ms); NaN when none. */
  readonly controlChangeAt: Float64Array
}

/** The links of the run: one entry per link, accounts as indices into {@link ClusterColumns.accounts}. */
export interface LinkColumns {
  readonly a: Int32Array
  readonly b: Int32Array
  /** Score in bits. */
  readonly score: Float64Array
  /**
   * The evidence kinds that weighed, as a mask over LINK_EVIDENCE_KINDS (core/linkage): `isStrongLink` tells
   * personal evidence from circumstantial or content only, `hasListingContent` listing titles or photos.
   */
  readonly kinds: Uint32Array
}

export interface LinkageSummaryData {
  readonly clusters: ClusterColumns
  readonly links: LinkColumns
}

/**
 * Collects a linkage run's clusters and links row by row (as a store reads them, or as a caller assembles one
 * account's cluster for real-time evaluation) into {@link LinkageSummaryData}. Accounts must be added before the
 * links that name them; a link naming an account never added is a bug in the caller.
 */
export class LinkageSummaryBuilder {
  private readonly accounts: string[] = []
  private readonly indexOf = new Map<string, number>()
  private readonly clusterIds: string[] = []
  private readonly clusterNo = new Map<string, number>()
  private clusterOf = new Int32Array(1024)
  private controlChangeAt = new Float64Array(1024)
  private links = 0
  private a = new Int32Array(1024)
  private b = new Int32Array(1024)
  private score = new Float64Array(1024)
  private kinds = new Uint32Array(1024)

  /** One account of the run: its cluster id and when control of it changed (null: never). */
  addAccount(account: string, cluster: string, controlChangeAt: number | null): void {
    const i = this.accounts.length
    if (i === this.clusterOf.length) {
      this.clusterOf = grow(this.clusterOf)
      this.controlChangeAt = grow(this.controlChangeAt)
    }
    this.accounts.push(account)
    this.indexOf.set(account, i)
    let c = this.clusterNo.get(cluster)
    if (c === undefined) {
      c = this.clusterIds.length
      this.clusterIds.push(cluster)
      this.clusterNo.set(cluster, c)
    }
    this.clusterOf[i] = c
    this.controlChangeAt[i] = controlChangeAt ?? Number.NaN
  }

  /** One link; `kinds` is a mask (linkKindMask of the stored text) or the kinds themselves. */
  addLink(a: string, b: string, score: number, kinds: number | readonly EvidenceKind[]): void {
    const i = this.links
    if (i === this.a.length) {
      this.a = grow(this.a)
      this.b = grow(this.b)
      this.score = grow(this.score)
      this.kinds = grow(this.kinds)
    }
    this.a[i] = this.accountIndex(a)
    this.b[i] = this.accountIndex(b)
    this.score[i] = score
    this.kinds[i] = typeof kinds === 'number' ? kinds : kindMaskOf(kinds)
    this.links += 1
  }

  private accountIndex(account: string): number {
    const i = this.indexOf.get(account)
    if (i === undefined) throw new Error(`link names ${JSON.stringify(account)}, which is in no cluster of the run`)
    return i
  }

  finish(): LinkageSummaryData {
    const n = this.accounts.length
    const m = this.links
    return {
      clusters: {
        accounts: this.accounts,
        clusterOf: this.clusterOf.slice(0, n),
        clusterIds: this.clusterIds,
        controlChangeAt: this.controlChangeAt.slice(0, n),
      },
      links: {
        a: this.a.slice(0, m),
        b: this.b.slice(0, m),
        score: this.score.slice(0, m),
        kinds: this.kinds.slice(0, m),
      },
    }
  }
}

/** No linkage run yet: every account is a cluster of its own. */
export const NO_LINKAGE: LinkageSummaryData = new LinkageSummaryBuilder().finish()

function grow<T extends Int32Array | Float64Array | Uint32Array>(array: T): T {
  const next = new (array.constructor as new (n: number) => T)(array.length * 2)
  next.set(array)
  return next
}
