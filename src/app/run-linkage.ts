import { LinkageIndex, type LinkResult, linkIndex, type TimeLevelWeights } from '../core/linkage/index.ts'
import type { Instant } from '../core/time.ts'
import type { Clock, EventStore, LinkageRun, LinkageStore, StoredLink } from '../ports/index.ts'
import { LINKAGE_PROFILES } from './live-linkage.ts'

export interface RunLinkageDeps {
  readonly events: EventStore
  readonly linkage: LinkageStore
  readonly clock: Clock
}

export interface ClusterSummary {
  readonly cluster: string
  readonly size: number
  readonly deactivated: number
  /** The strongest link inside the cluster. */
  readonly strongest: StoredLink | undefined
}

export interface LinkageSummary {
  readonly accounts: number
  /** Of the accounts, those derived from their records (new, or with records stored since the last run's read). */
  readonly derivedProfiles: number
  readonly clusters: number
  /** Accounts in a cluster of two or more. */
  readonly linkedAccounts: number
  readonly candidatePairs: number
  /** Of the candidate pairs, those the weights could be learned from (see LinkResult.learnable). */
  readonly learnable: number
  /** Of those, the pairs the weights were learned from (an even sample of them on a large base). */
  readonly learnedFrom: number
  readonly links: number
  /** Weak links refused because they alone would have joined two groups. */
  readonly refusedBridges: number
  readonly weightsVersion: number
  readonly m: Readonly<Record<string, number>>
  /** For groups compared in time: what agreement close in time and far apart adds (see LinkageWeights.time). */
  readonly time: Readonly<Record<string, TimeLevelWeights>>
  readonly linkThreshold: number
  readonly biggest: readonly ClusterSummary[]
}

/**
 * Bulk linkage: reads every account and its history from the store, links them (core/linkage), and stores the
 * clustering, the links with their evidence and the learned weights as a new version.
 */
export async function runLinkage(
  deps: RunLinkageDeps,
  opts: { readonly biggest?: number } = {},
): Promise<{ readonly summary: LinkageSummary; readonly run: LinkageRun }> {
  // Each account is indexed as it is read: only the index's compact arrays are kept, not every account's values.
  const index = new LinkageIndex()
  // Kept beside the index (which has no use for it): policies read when control of an account changed.
  const controlChanges = new Map<string, Instant>()
  const scan = await deps.events.scanProfiles(LINKAGE_PROFILES, (account) => {
    if (account.controlChangedAt !== null) controlChanges.set(account.id, account.controlChangedAt as Instant)
    index.add(account)
  })
  const result = linkIndex(index)
  const run = toRun(result, controlChanges, deps.clock.now())
  const version = await deps.linkage.saveLinkage(run)
  return { summary: { ...summarise(result, run, version, opts.biggest ?? 5), derivedProfiles: scan.derived }, run }
}

function toRun(result: LinkResult, controlChanges: ReadonlyMap<string, Instant>, at: Instant): LinkageRun {
  const { index, clustering } = result
  const nameOf = new Map<number, string>()
  index.ids.forEach((id, i) => {
    const label = clustering.labels[i]!
    const held = nameOf.get(label)
    if (held === undefined || id < held) nameOf.set(label, id)
  })
  const clusters = new Map(index.ids.map((id, i) => [id, nameOf.get(clustering.labels[i]!)!]))
  // The evidence of a stored link is computed here, for the links only (not held for every candidate pair).
  const links = clustering.links.map((l) => ({
    a: index.ids[l.a]!,
    b: index.ids[l.b]!,
    score: l.score,
    evidence: result.explain(l.a, l.b).evidence.filter((e) => e.weight > 0 || e.class === 'personal'),
  }))
  return { weights: result.weights, clusters, links, controlChanges, at }
}

function summarise(
  result: LinkResult,
  run: LinkageRun,
  version: number,
  biggest: number,
): Omit<LinkageSummary, 'derivedProfiles'> {
  const sizes = new Map<string, string[]>()
  for (const [account, cluster] of run.clusters) {
    const members = sizes.get(cluster)
    if (members) members.push(account)
    else sizes.set(cluster, [account])
  }
  const statusOf = new Map(result.index.ids.map((id, i) => [id, result.index.statuses[i]]))
  const strongest = new Map<string, StoredLink>()
  for (const l of run.links) {
    const c = run.clusters.get(l.a)!
    if ((strongest.get(c)?.score ?? -1) < l.score) strongest.set(c, l)
  }
  const ranked = [...sizes.entries()].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]))
  return {
    accounts: result.index.size,
    clusters: sizes.size,
    linkedAccounts: ranked.filter(([, m]) => m.length > 1).reduce((n, [, m]) => n + m.length, 0),
    candidatePairs: result.candidatePairs,
    learnable: result.learnable,
    learnedFrom: result.learnedFrom,
    links: run.links.length,
    refusedBridges: result.clustering.refused.length,
    weightsVersion: version,
    m: result.weights.m,
    time: result.weights.time ?? {},
    linkThreshold: result.weights.linkThreshold,
    biggest: ranked.slice(0, biggest).map(([cluster, members]) => ({
      cluster,
      size: members.length,
      deactivated: members.filter((m) => statusOf.get(m) === 'deactivated').length,
      strongest: strongest.get(cluster),
    })),
  }
}
