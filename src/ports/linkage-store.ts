import type { LinkageSummaryData } from '../core/features/index.ts'
import type { Evidence, LinkageWeights } from '../core/linkage/index.ts'
import type { Instant } from '../core/time.ts'

/** A link between two accounts as stored, with the evidence that made it. */
export interface StoredLink {
  readonly a: string
  readonly b: string
  readonly score: number
  readonly evidence: readonly Evidence[]
}

/** The result of a bulk linkage run, as the store keeps it: every account's cluster, the links, the weights. */
export interface LinkageRun {
  readonly weights: LinkageWeights
  /** account → cluster id (a singleton's cluster id is its own account id). */
  readonly clusters: ReadonlyMap<string, string>
  readonly links: readonly StoredLink[]
  /** account → when the run detected a change of control of it; accounts without one are absent. */
  readonly controlChanges: ReadonlyMap<string, Instant>
  readonly at: Instant
}

export interface ClusterView {
  readonly cluster: string
  readonly members: readonly string[]
  /**
   * The cluster's links with their evidence, strongest first (by score, then by a and b): all of them, or the strongest
   * {@link ClusterReadOptions.strongest}.
   */
  readonly links: readonly StoredLink[]
  /** How many links the cluster has in all (`links.length` when every link was read). */
  readonly linkCount: number
  readonly weightsVersion: number
}

export interface ClusterReadOptions {
  /**
   * Read only this many links with their evidence, the strongest. A cluster of hundreds of shops has hundreds of links
   * of a few kilobytes of evidence each; a view that shows a few of them need not read the rest.
   */
  readonly strongest?: number
}

/** The order of {@link ClusterView.links}: the higher score first, then by the two accounts' ids. */
export function strongestLinkFirst(x: Omit<StoredLink, 'evidence'>, y: Omit<StoredLink, 'evidence'>): number {
  if (x.score !== y.score) return y.score - x.score
  if (x.a !== y.a) return x.a < y.a ? -1 : 1
  return x.b < y.b ? -1 : x.b > y.b ? 1 : 0
}

/** Keeps linkage runs: the latest one answers cluster and explanation queries; weights are versioned. */
export interface LinkageStore {
  /** Replaces the current clustering with this run's and records its weights as the next version; returns it. */
  saveLinkage(run: LinkageRun): Promise<number>
  /**
   * The cluster of an account in the latest run (read at one point in time), or undefined when the account was not
   * linked yet.
   */
  clusterOf(account: string, options?: ClusterReadOptions): Promise<ClusterView | undefined>
  /**
   * The latest run in columns, as features read it: every account's cluster and change of control, and every link's
   * score and the evidence kinds that weighed (not the evidence itself). Empty before the first run. Given an
   * account, only its cluster: what evaluating one account in real time needs (empty when it is in no cluster).
   */
  readLinkageSummary(account?: string): Promise<LinkageSummaryData>
  /** Every stored weights version, newest first. */
  listWeights(): Promise<
    readonly { readonly version: number; readonly at: Instant; readonly weights: LinkageWeights }[]
  >
}
