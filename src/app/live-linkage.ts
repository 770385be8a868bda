import type { AccountEvent, AccountState } from '../core/accounts/index.ts'
import { LinkageSummaryBuilder, type LinkageSummaryData } from '../core/features/index.ts'
import type { AccountId } from '../core/ids.ts'
import type { ListingRecord, SessionRecord, VerificationRecord } from '../core/interchange/index.ts'
import {
  decodeLinkageProfile,
  type Evidence,
  encodeLinkageProfile,
  initialWeights,
  joinClusters,
  type LinkageAccount,
  type LinkageWeights,
  LiveClusters,
  LiveLinkageIndex,
  toLinkageAccount,
  weighedKinds,
  withFaceBands,
} from '../core/linkage/index.ts'
import {
  type ClusterReadOptions,
  type ClusterView,
  type EventStore,
  type LinkageStore,
  type ProfileCodec,
  type ScannedEvent,
  type StoredLink,
  strongestLinkFirst,
} from '../ports/index.ts'

/** One account's state and events (as a scan gives them) as linkage sees it. */
export function linkageAccountOf(state: AccountState, events: readonly ScannedEvent[]): LinkageAccount {
  const declarations: AccountEvent[] = []
  const sessions: { record: SessionRecord; at: number }[] = []
  const listings: { record: ListingRecord; at: number }[] = []
  const verifications: { record: VerificationRecord; at: number }[] = []
  for (const e of events) {
    if ('change' in e) declarations.push({ type: e.type, at: e.at, change: e.change })
    else if (e.type === 'session') sessions.push(e)
    else if (e.type === 'listing') listings.push(e)
    else verifications.push(e)
  }
  // Its face bands computed once, for the profile the store keeps and for the index.
  return withFaceBands(toLinkageAccount(state, declarations, { sessions, listings, verifications }))
}

/**
 * Linkage profiles as a store keeps them (EventStore.scanProfiles): an account is derived from its records once, and
 * read back from its profile until records about it are stored again.
 */
export const LINKAGE_PROFILES: ProfileCodec<LinkageAccount> = {
  derive: linkageAccountOf,
  encode: encodeLinkageProfile,
  decode: decodeLinkageProfile,
}

/** Run links (with their evidence) kept in memory for the clusters read most recently. */
const RUN_LINKS_CACHED = 20_000

/** A run cluster's links as read: all of them, or the strongest (`links.length < linkCount`). */
interface RunLinks {
  readonly links: readonly StoredLink[]
  readonly linkCount: number
}

/** A link found in real time, since the latest run, with its evidence. */
export interface LiveLink extends StoredLink {
  /** True: found by the live index, not by a bulk run. */
  readonly live: true
}

export interface LiveLinkageDeps {
  readonly events: EventStore
  readonly linkage: LinkageStore
}

/**
 * Real-time linkage: every registered account held in a live index (core/linkage LiveLinkageIndex) and the latest
 * run's clusters, so that an account stored a moment ago is linked at once — weighed with the latest run's weights,
 * joined to clusters by the run's rules — and its cluster, with the evidence of every link, is read in milliseconds.
 * Accounts are re-read from the store when records about them are stored ({@link refresh}); a new bulk run replaces
 * the clusters ({@link reloadRun}). Before any run, pairs are weighed with each evidence kind's prior.
 */
export class LiveLinkage {
  private index = new LiveLinkageIndex()
  private clusters = new LiveClusters()
  /** The latest run's weights; undefined before the first run (then each kind's prior, see {@link weights}). */
  private latestWeights: LinkageWeights | undefined
  private weightsVersion = 0
  /** Per account number: when control of it changed (NaN: never). */
  private controlChangeAt = new Float64Array(1024)
  /** Live links by the account they were found for (the account linked since the run). */
  private readonly liveLinks = new Map<number, LiveLink[]>()
  /** The run's cluster id per account number; undefined for accounts the run did not see. */
  private runCluster: (string | undefined)[] = []
  /**
   * The run's links of recently read run clusters (they do not change until the next run), all of them or the
   * strongest as last asked for, most recent last, at most RUN_LINKS_CACHED links in all: a cluster of hundreds of
   * shops is read from the store once, not per lookup.
   */
  private readonly runLinks = new Map<string, RunLinks>()
  private runLinksHeld = 0
  private runGeneration = 0

  private constructor(private readonly deps: LiveLinkageDeps) {}

  /** Reads every registered account and the latest run: seconds per hundred thousand accounts. */
  static async load(deps: LiveLinkageDeps): Promise<LiveLinkage> {
    const live = new LiveLinkage(deps)
    await deps.events.scanProfiles(LINKAGE_PROFILES, (account) => live.hold(account))
    await live.reloadRun()
    return live
  }

  get accounts(): number {
    return this.index.size
  }

  /** Bytes of the live index's typed arrays. */
  byteSize(): number {
    return this.index.byteSize() + this.controlChangeAt.byteLength
  }

  /**
   * Takes the latest run's weights and clusters (after a bulk run); links found live since are applied again on top
   * for the accounts the run did not see.
   */
  async reloadRun(): Promise<void> {
    const [latest] = await this.deps.linkage.listWeights()
    this.latestWeights = latest?.weights
    this.weightsVersion = latest?.version ?? 0
    const run = (await this.deps.linkage.readLinkageSummary()).clusters
    this.clusters = new LiveClusters()
    this.runCluster = new Array(this.index.size)
    for (let n = 0; n < this.index.size; n++) this.clusters.ensure(n, this.index.ids[n]!)
    const first = new Map<number, number>()
    for (let i = 0; i < run.accounts.length; i++) {
      const n = this.index.lookupAccount(run.accounts[i]!)
      if (n < 0) continue
      const c = run.clusterOf[i]!
      const name = run.clusterIds[c]!
      this.runCluster[n] = name
      const held = first.get(c)
      if (held === undefined) {
        first.set(c, n)
        this.clusters.rename(n, name)
      } else this.clusters.union(held, n, name)
      if (!Number.isNaN(run.controlChangeAt[i]!)) this.controlChangeAt[n] = run.controlChangeAt[i]!
    }
    const pending = [...this.liveLinks.keys()].filter((n) => this.runCluster[n] === undefined)
    this.liveLinks.clear()
    for (const n of pending) this.linkAccount(n)
    // Cached run links are the previous run's; a read begun before this point is not cached (see runLinksOf).
    this.runLinks.clear()
    this.runLinksHeld = 0
    this.runGeneration++
  }

  /**
   * Re-reads these accounts from the store (records about them were just stored) and links each at once: its pairs
   * with every candidate weighed, and the clusters it joins by the run's rules.
   */
  async refresh(ids: Iterable<string>): Promise<void> {
    for (const id of new Set(ids)) {
      // Read as the bulk run reads it (scanAccounts), so that both see one account alike.
      const account = await this.deps.events.scanAccount(id as AccountId)
      if (account === undefined) continue
      this.linkAccount(this.hold(linkageAccountOf(account.state, account.events)))
    }
  }

  /** The account's cluster now (the run's, grown by live links): its id and members; undefined when not held. */
  clusterOf(account: string): { cluster: string; members: string[]; weightsVersion: number } | undefined {
    const n = this.index.lookupAccount(account)
    if (n < 0) return undefined
    const members = this.clusters.members(n).map((m) => this.index.ids[m]!)
    return { cluster: this.clusters.nameOf(n), members, weightsVersion: this.weightsVersion }
  }

  /**
   * The account's cluster as the cluster queries answer it: its members now, the run's links of every run cluster it
   * spans (read from the store) and the links found live; undefined when the live index does not hold the account.
   */
  async viewOf(account: string, options: ClusterReadOptions = {}): Promise<ClusterView | undefined> {
    const n = this.index.lookupAccount(account)
    if (n < 0) return undefined
    const members = this.clusters.members(n)
    const links: StoredLink[] = []
    let linkCount = 0
    // The strongest of the whole cluster are among the strongest of each run cluster and of the live links.
    for (const m of this.oneMemberPerRunCluster(members)) {
      const run = await this.runLinksOf(m, options.strongest)
      links.push(...run.links)
      linkCount += run.linkCount
    }
    for (const m of members) {
      const live = this.liveLinks.get(m) ?? []
      links.push(...live)
      linkCount += live.length
    }
    links.sort(strongestLinkFirst)
    return {
      cluster: this.clusters.nameOf(n),
      members: members.map((m) => this.index.ids[m]!).sort(),
      links: options.strongest === undefined ? links : links.slice(0, Math.max(0, options.strongest)),
      linkCount,
      weightsVersion: this.weightsVersion,
    }
  }

  /** Links found live in the account's cluster, with their evidence, strongest first. */
  liveLinksOf(account: string): LiveLink[] {
    const n = this.index.lookupAccount(account)
    if (n < 0) return []
    const out: LiveLink[] = []
    for (const m of this.clusters.members(n)) out.push(...(this.liveLinks.get(m) ?? []))
    return out.sort((x, y) => y.score - x.score)
  }

  /**
   * The account's cluster as features read it (see LinkageStore.readLinkageSummary): the run's links of every run
   * cluster it now spans and the links found live; undefined when the live index does not hold the account.
   */
  async summaryOf(account: string): Promise<LinkageSummaryData | undefined> {
    const n = this.index.lookupAccount(account)
    if (n < 0) return undefined
    const members = this.clusters.members(n)
    const builder = new LinkageSummaryBuilder()
    if (members.length === 1) return builder.finish()
    const name = this.clusters.nameOf(n)
    for (const m of members) {
      builder.addAccount(
        this.index.ids[m]!,
        name,
        Number.isNaN(this.controlChangeAt[m]!) ? null : this.controlChangeAt[m]!,
      )
    }
    for (const m of this.oneMemberPerRunCluster(members)) {
      const run = await this.deps.linkage.readLinkageSummary(this.index.ids[m]!)
      const { accounts } = run.clusters
      const { a, b, score, kinds } = run.links
      for (let k = 0; k < a.length; k++) {
        const x = this.index.lookupAccount(accounts[a[k]!]!)
        const y = this.index.lookupAccount(accounts[b[k]!]!)
        // The run's link between two accounts the live index holds (an account gone from the store is left out).
        if (x >= 0 && y >= 0) builder.addLink(accounts[a[k]!]!, accounts[b[k]!]!, score[k]!, kinds[k]!)
      }
    }
    for (const m of members)
      for (const l of this.liveLinks.get(m) ?? []) builder.addLink(l.a, l.b, l.score, weighedKinds(l.evidence))
    return builder.finish()
  }

  /**
   * The links the latest run stored in the run cluster of account number m (all, or the `strongest`), from the cache
   * or the store.
   */
  private async runLinksOf(m: number, strongest: number | undefined): Promise<RunLinks> {
    const cluster = this.runCluster[m]!
    const held = this.runLinks.get(cluster)
    if (held !== undefined && (held.links.length === held.linkCount || (strongest ?? Infinity) <= held.links.length)) {
      this.runLinks.delete(cluster)
      this.runLinks.set(cluster, held)
      return held
    }
    const generation = this.runGeneration
    const view = await this.deps.linkage.clusterOf(this.index.ids[m]!, { strongest })
    const read: RunLinks = { links: view?.links ?? [], linkCount: view?.linkCount ?? 0 }
    // A run was loaded while the store was read: what was read may be either run's.
    if (generation !== this.runGeneration) return read
    if (held !== undefined) this.runLinksHeld -= held.links.length
    this.runLinks.delete(cluster)
    this.runLinks.set(cluster, read)
    this.runLinksHeld += read.links.length
    for (const [name, old] of this.runLinks) {
      if (this.runLinksHeld <= RUN_LINKS_CACHED) break
      this.runLinks.delete(name)
      this.runLinksHeld -= old.links.length
    }
    return read
  }

  /** One member of each run cluster the members span: the store answers a run cluster by any of its accounts. */
  private oneMemberPerRunCluster(members: readonly number[]): number[] {
    const seen = new Map<string, number>()
    for (const m of members) {
      const c = this.runCluster[m]
      if (c !== undefined && !seen.has(c)) seen.set(c, m)
    }
    return [...seen.values()]
  }

  private hold(account: LinkageAccount): number {
    const n = this.index.upsert(account)
    if (n >= this.controlChangeAt.length) {
      const grown = new Float64Array(Math.max(n + 1, this.controlChangeAt.length * 2)).fill(Number.NaN)
      grown.set(this.controlChangeAt)
      this.controlChangeAt = grown
    }
    this.controlChangeAt[n] = account.controlChangedAt ?? Number.NaN
    this.clusters.ensure(n, account.id)
    return n
  }

  /**
   * The weights links are weighed with: the latest run's, or before any run each evidence kind's prior m with the
   * thresholds of the base as it is now (version 0), so that a new marketplace links from its first registrations.
   */
  private weights(): LinkageWeights {
    return this.latestWeights ?? initialWeights(this.index.size, 0)
  }

  /** Weighs the account's pairs with the run's weights and joins the clusters they reach. */
  private linkAccount(n: number): void {
    const w = this.weights()
    // A candidate the run put in the account's own cluster neither joins a cluster (it is in the account's already:
    // live links only join) nor gives a live link (the run's links hold the two together): not weighed at all. In a
    // cluster of hundreds of shops, that is nearly every candidate.
    const own = this.runCluster[n]
    const pairs = this.index.pairsOf(n, w, own === undefined ? undefined : (c) => this.runCluster[c] === own)
    const byOther = new Map<string, { a: number; b: number; score: number; evidence: readonly Evidence[] }>()
    const candidates = pairs.map((p) => {
      const other = p.a === n ? p.b : p.a
      const id = this.index.ids[other]!
      byOther.set(id, p)
      return {
        other: id,
        score: p.score,
        cluster: this.clusters.nameOf(other),
        clusterSize: this.clusters.sizeOf(other),
      }
    })
    const join = joinClusters(this.clusters.nameOf(n), this.clusters.sizeOf(n), candidates, w)
    const links: LiveLink[] = []
    for (const c of join.links) {
      const p = byOther.get(c.other)!
      const other = this.index.lookupAccount(c.other)
      // The cluster keeps the name of the strongest cluster joined (a run's cluster keeps its id).
      if (this.clusters.find(other) !== this.clusters.find(n))
        this.clusters.union(n, other, join.clusters[1] ?? join.clusters[0]!)
      links.push({
        a: this.index.ids[p.a]!,
        b: this.index.ids[p.b]!,
        score: p.score,
        evidence: p.evidence.filter((e) => e.weight > 0 || e.class === 'personal'),
        live: true,
      })
    }
    if (links.length > 0) this.liveLinks.set(n, links)
    else this.liveLinks.delete(n)
  }
}
