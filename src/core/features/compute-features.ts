import { VERIFICATION_METHODS } from '../accounts/index.ts'
import { type EvidenceKind, hasListingContent, isStrongLink, kindsOfMask } from '../linkage/index.ts'
import { type Instant, MS_PER_DAY } from '../time.ts'
import type { AccountSummary } from './account-summary.ts'
import type { AccountFeatures, ClusterFeatures, Features, HistoryFeatures } from './feature-catalogue.ts'
import type { ClusterColumns, LinkColumns } from './linkage-summary.ts'
import { type AccountSummaryColumns, STANDINGS, toSummaryColumns } from './summary-columns.ts'

/** What policies have done to an account so far (the policy store counts it). */
export interface AccountHistoryCounts {
  readonly decisions: number
  readonly openRequirements: number
}

export interface FeatureInputs {
  /**
   * The accounts to compute features of: every account for a sweep; for one account in real time, that account and
   * the members of its cluster (cluster counts cover only the members given here).
   */
  readonly summaries: readonly AccountSummary[]
  /** The latest linkage run (NO_LINKAGE before the first): accounts absent from it are clusters of their own. */
  readonly clusters: ClusterColumns
  readonly links: LinkColumns
  /** Per account with any; absent accounts have none. */
  readonly history: ReadonlyMap<string, AccountHistoryCounts>
  /** The moment the features describe: ages and "days since" count up to it. */
  readonly now: Instant
}

/** The same, with the summaries in columns: how a sweep gives a million of them. */
export type ColumnFeatureInputs = Omit<FeatureInputs, 'summaries'> & { readonly summaries: AccountSummaryColumns }

/** One link of an account, as decision evidence shows it. */
export interface AccountLink {
  readonly other: string
  /** Score in bits. */
  readonly score: number
  /** The evidence kinds that weighed. */
  readonly shared: readonly EvidenceKind[]
  /** Some of that evidence is personal (not only circumstantial or content). */
  readonly strong: boolean
  /** It includes listing titles or photos. */
  readonly listingContent: boolean
}

/**
 * The features of many accounts, built on demand: per-cluster counts are computed once, and one account's
 * {@link Features} object only when asked for (a million of them at once would take gigabytes).
 */
export interface FeatureTable {
  readonly size: number
  /** The id of the i-th account (in the order the summaries came). */
  accountAt(i: number): string
  /** The position of an account, or undefined when it is not in the table. */
  indexOf(account: string): number | undefined
  /** The features of the i-th account; a new object on every call. */
  features(i: number): Features
  /** The members of the account's cluster, itself included, in the run's order (just itself when unlinked). */
  membersOf(account: string): readonly string[]
  /** The account's links, strongest first (ties by the other account's id). */
  linksOf(account: string): readonly AccountLink[]
}

const NONE: readonly string[] = Object.freeze([])

/** Computes the features of every account given, as FEATURE_CATALOGUE defines them. Pure: `now` is an input. */
export function computeFeatures(inputs: FeatureInputs | ColumnFeatureInputs): FeatureTable {
  const steps = computeFeaturesInSteps(inputs)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Accounts handled between two steps of {@link computeFeaturesInSteps}: a few milliseconds of work. */
export const ACCOUNTS_PER_STEP = 20_000

/**
 * {@link computeFeatures} in steps: the generator yields between its phases and every ACCOUNTS_PER_STEP accounts
 * within them, and returns the table. A caller with other work to serve (a server running a sweep over a million
 * accounts) lets it run between steps; the table is the same.
 */
export function* computeFeaturesInSteps(inputs: FeatureInputs | ColumnFeatureInputs): Generator<void, FeatureTable> {
  const table = new ComputedFeatures(inputs)
  yield* table.build()
  return table
}

const days = (now: number, at: number): number => (now - at) / MS_PER_DAY

const PASSED = STANDINGS.indexOf('passed')
const FAILED = STANDINGS.indexOf('failed')

/**
 * The verification methods of a bit mask (bit k: VERIFICATION_METHODS[k]), in that order: one shared list per mask,
 * so that the many accounts with the same standing allocate nothing.
 */
const METHOD_LISTS: readonly (readonly string[])[] = Array.from(
  { length: 1 << VERIFICATION_METHODS.length },
  (_, mask) => (mask === 0 ? NONE : Object.freeze(VERIFICATION_METHODS.filter((_m, k) => (mask & (1 << k)) !== 0))),
)

class ComputedFeatures implements FeatureTable {
  readonly size: number
  private readonly summaries: AccountSummaryColumns
  /** Account id → position; built on first use (a sweep without linkage and cluster rules never asks). */
  private positions: Map<string, number> | undefined
  // The tables below are made by build(), which the table's maker runs to its end before handing the table out.
  /** Per summary, its position in the linkage run (-1: not in it); and the reverse. */
  private runIndex!: Int32Array
  private summaryOf!: Int32Array
  /** Members of each cluster (run positions), grouped: cluster c holds memberAt[memberStart[c] .. memberStart[c+1]). */
  private memberStart!: Int32Array
  private memberAt!: Int32Array
  /** Per cluster, over its members with a summary (control changes over all members). */
  private deactivated!: Int32Array
  private suspended!: Int32Array
  private failed!: Int32Array
  private controlChanges!: Int32Array
  private marketplaces!: Int32Array
  /** Links of each run account: link indices at linkAt[linkStart[j] .. linkStart[j+1]). */
  private linkStart!: Int32Array
  private linkAt!: Int32Array
  /** The status texts' numbers in the summary columns (-2 when no account has that status). */
  private readonly deactivatedStatus: number
  private readonly suspendedStatus: number

  constructor(private readonly inputs: FeatureInputs | ColumnFeatureInputs) {
    const given = inputs.summaries
    this.summaries = isColumns(given) ? given : toSummaryColumns(given)
    this.size = this.summaries.size
    const texts = this.summaries.texts
    this.deactivatedStatus = texts.includes('deactivated') ? texts.indexOf('deactivated') : -2
    this.suspendedStatus = texts.includes('suspended') ? texts.indexOf('suspended') : -2
  }

  /** Makes the tables, yielding between phases and every ACCOUNTS_PER_STEP accounts (see computeFeaturesInSteps). */
  *build(): Generator<void, void> {
    const { clusters, links } = this.inputs
    const runSize = clusters.accounts.length
    this.runIndex = new Int32Array(this.size).fill(-1)
    this.summaryOf = new Int32Array(runSize).fill(-1)
    if (runSize > 0) {
      const index = yield* this.buildIndex()
      for (let j = 0; j < runSize; j++) {
        const i = index.get(clusters.accounts[j]!)
        if (i !== undefined) {
          this.runIndex[i] = j
          this.summaryOf[j] = i
        }
        if (j % ACCOUNTS_PER_STEP === ACCOUNTS_PER_STEP - 1) yield
      }
    }
    const nClusters = clusters.clusterIds.length
    ;[this.memberStart, this.memberAt] = group(nClusters, runSize, (emit) => {
      for (let j = 0; j < runSize; j++) emit(clusters.clusterOf[j]!, j)
    })
    yield
    this.deactivated = new Int32Array(nClusters)
    this.suspended = new Int32Array(nClusters)
    this.failed = new Int32Array(nClusters)
    this.controlChanges = new Int32Array(nClusters)
    this.marketplaces = new Int32Array(nClusters)
    yield* this.countClusters(nClusters)
    ;[this.linkStart, this.linkAt] = group(runSize, links.a.length * 2, (emit) => {
      for (let k = 0; k < links.a.length; k++) {
        emit(links.a[k]!, k)
        emit(links.b[k]!, k)
      }
    })
  }

  private get index(): Map<string, number> {
    if (this.positions === undefined) {
      const steps = this.buildIndex()
      while (!steps.next().done);
    }
    return this.positions as Map<string, number>
  }

  /** Account id → position, kept once whole. */
  private *buildIndex(): Generator<void, Map<string, number>> {
    if (this.positions !== undefined) return this.positions
    const positions = new Map<string, number>()
    const ids = this.summaries.ids
    for (let i = 0; i < ids.length; i++) {
      positions.set(ids[i]!, i)
      if (i % ACCOUNTS_PER_STEP === ACCOUNTS_PER_STEP - 1) yield
    }
    this.positions = positions
    return positions
  }

  private *countClusters(nClusters: number): Generator<void, void> {
    const storefronts = new Set<number>()
    const s = this.summaries
    for (let c = 0; c < nClusters; c++) {
      if (c % ACCOUNTS_PER_STEP === ACCOUNTS_PER_STEP - 1) yield
      storefronts.clear()
      for (let k = this.memberStart[c]!; k < this.memberStart[c + 1]!; k++) {
        const j = this.memberAt[k]!
        if (!Number.isNaN(this.inputs.clusters.controlChangeAt[j]!)) this.controlChanges[c]! += 1
        const i = this.summaryOf[j]!
        if (i < 0) continue
        const status = s.status[i]!
        if (status === this.deactivatedStatus) this.deactivated[c]! += 1
        else if (status === this.suspendedStatus) this.suspended[c]! += 1
        if (this.hasFailed(i)) this.failed[c]! += 1
        if (s.marketplace[i]! >= 0) storefronts.add(s.marketplace[i]!)
      }
      this.marketplaces[c] = storefronts.size
    }
  }

  private hasFailed(i: number): boolean {
    const s = this.summaries
    for (let k = s.verificationStart[i]!; k < s.verificationStart[i + 1]!; k++) {
      if (s.verificationOutcome[k] === FAILED) return true
    }
    return false
  }

  accountAt(i: number): string {
    return this.idAt(i)
  }

  indexOf(account: string): number | undefined {
    return this.index.get(account)
  }

  features(i: number): Features {
    this.idAt(i)
    const j = this.runIndex[i]!
    return { account: this.accountFeatures(i, j), cluster: this.clusterFeatures(i, j), history: this.history(i) }
  }

  private idAt(i: number): string {
    const id = this.summaries.ids[i]
    if (id === undefined) throw new RangeError(`no account at ${i}: the table holds ${this.size}`)
    return id
  }

  private text(no: number): string {
    return no < 0 ? '' : this.summaries.texts[no]!
  }

  private accountFeatures(i: number, j: number): AccountFeatures {
    const now = this.inputs.now
    const s = this.summaries
    let verified = 0
    let failed = 0
    let pending = 0
    let lastPassed = Number.NEGATIVE_INFINITY
    for (let k = s.verificationStart[i]!; k < s.verificationStart[i + 1]!; k++) {
      const bit = 1 << s.verificationMethod[k]!
      const outcome = s.verificationOutcome[k]!
      if (outcome === PASSED) verified |= bit
      else if (outcome === FAILED) failed |= bit
      else pending |= bit
      const passedAt = s.verificationPassedAt[k]!
      if (passedAt > lastPassed) lastPassed = passedAt
    }
    const changedAt = j < 0 ? Number.NaN : this.inputs.clusters.controlChangeAt[j]!
    const changed = !Number.isNaN(changedAt)
    const registeredAt = s.registeredAt[i]!
    const problems = s.problemSets[s.problemSet[i]!]!
    return {
      id: s.ids[i]!,
      marketplace: this.text(s.marketplace[i]!),
      kind: this.text(s.kind[i]!),
      channel_type: this.text(s.channelType[i]!),
      channel_ref: this.text(s.channelRef[i]!),
      status: this.text(s.status[i]!),
      registered: s.registered[i] === 1,
      age_days: days(now, Number.isNaN(registeredAt) ? s.firstEventAt[i]! : registeredAt),
      sessions: s.sessions[i]!,
      listings: s.listings[i]!,
      updates: s.updates[i]!,
      verified: METHOD_LISTS[verified]!,
      failed_verifications: METHOD_LISTS[failed]!,
      pending_verifications: METHOD_LISTS[pending]!,
      days_since_verified: lastPassed === Number.NEGATIVE_INFINITY ? -1 : days(now, lastPassed),
      problems: problems.problems,
      invalid_identifiers: problems.invalidKinds,
      change_of_control: changed,
      days_since_control_change: changed ? days(now, changedAt) : -1,
    }
  }

  private clusterFeatures(i: number, j: number): ClusterFeatures {
    const s = this.summaries
    if (j < 0) {
      return {
        size: 1,
        deactivated: 0,
        suspended: 0,
        failed_verifications: 0,
        strongest_link: 0,
        strong_evidence: false,
        listing_duplicate_share: 0,
        control_changes: 0,
        marketplaces: s.marketplace[i]! < 0 ? 0 : 1,
      }
    }
    const c = this.inputs.clusters.clusterOf[j]!
    const links = this.inputs.links
    let strongest = 0
    let strong = false
    let content = 0
    const from = this.linkStart[j]!
    const to = this.linkStart[j + 1]!
    for (let k = from; k < to; k++) {
      const l = this.linkAt[k]!
      const score = links.score[l]!
      if (score > strongest) strongest = score
      const kinds = links.kinds[l]!
      if (isStrongLink(kinds)) strong = true
      if (hasListingContent(kinds)) content += 1
    }
    const status = s.status[i]!
    // Every count of the cluster includes the account itself; "other members" leave it out.
    return {
      size: this.memberStart[c + 1]! - this.memberStart[c]!,
      deactivated: this.deactivated[c]! - (status === this.deactivatedStatus ? 1 : 0),
      suspended: this.suspended[c]! - (status === this.suspendedStatus ? 1 : 0),
      failed_verifications: this.failed[c]! - (this.hasFailed(i) ? 1 : 0),
      strongest_link: strongest,
      strong_evidence: strong,
      listing_duplicate_share: to === from ? 0 : content / (to - from),
      control_changes: this.controlChanges[c]!,
      marketplaces: this.marketplaces[c]!,
    }
  }

  private history(i: number): HistoryFeatures {
    const s = this.summaries
    const h = this.inputs.history.size === 0 ? undefined : this.inputs.history.get(s.ids[i]!)
    return {
      decisions: h?.decisions ?? 0,
      open_requirements: h?.openRequirements ?? 0,
      status_changes: s.statuses[i]!,
      days_since_last_event: days(this.inputs.now, s.lastEventAt[i]!),
    }
  }

  membersOf(account: string): readonly string[] {
    const i = this.index.get(account)
    const j = i === undefined ? this.runPosition(account) : this.runIndex[i]!
    if (j < 0) return i === undefined ? NONE : [account]
    const c = this.inputs.clusters.clusterOf[j]!
    const members: string[] = []
    for (let k = this.memberStart[c]!; k < this.memberStart[c + 1]!; k++) {
      members.push(this.inputs.clusters.accounts[this.memberAt[k]!]!)
    }
    return members
  }

  linksOf(account: string): readonly AccountLink[] {
    const i = this.index.get(account)
    const j = i === undefined ? this.runPosition(account) : this.runIndex[i]!
    if (j < 0) return []
    const { links, clusters } = this.inputs
    const out: AccountLink[] = []
    for (let k = this.linkStart[j]!; k < this.linkStart[j + 1]!; k++) {
      const l = this.linkAt[k]!
      const other = links.a[l] === j ? links.b[l]! : links.a[l]!
      const kinds = links.kinds[l]!
      out.push({
        other: clusters.accounts[other]!,
        score: links.score[l]!,
        shared: kindsOfMask(kinds),
        strong: isStrongLink(kinds),
        listingContent: hasListingContent(kinds),
      })
    }
    return out.sort((x, y) => y.score - x.score || (x.other < y.other ? -1 : x.other > y.other ? 1 : 0))
  }

  /** The run position of an account given no summary (a member outside the table): a linear search, rare. */
  private runPosition(account: string): number {
    return this.inputs.clusters.accounts.indexOf(account)
  }
}

const isColumns = (s: readonly AccountSummary[] | AccountSummaryColumns): s is AccountSummaryColumns =>
  !Array.isArray(s)

/**
 * Groups `count` items into `groups` buckets (a counting sort): `emit(bucket, item)` is called twice over the same
 * sequence, first to count, then to place. Returns the bucket starts (length groups + 1) and the items.
 */
function group(
  groups: number,
  count: number,
  each: (emit: (bucket: number, item: number) => void) => void,
): [Int32Array, Int32Array] {
  const start = new Int32Array(groups + 1)
  each((bucket) => {
    start[bucket + 1]! += 1
  })
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!
  const next = start.slice(0, groups)
  const items = new Int32Array(count)
  each((bucket, item) => {
    items[next[bucket]!++] = item
  })
  return [start, items]
}
