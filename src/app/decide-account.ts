import { OnesellerError } from '../core/errors.ts'
import type { AccountSummary } from '../core/features/index.ts'
import { type AccountLink, computeFeatures, type Features } from '../core/features/index.ts'
import {
  type ActionHit,
  type CompiledPolicy,
  evaluatePolicy,
  guardHits,
  mostSevere,
  type PolicyEvent,
  type Trigger,
} from '../core/policy/index.ts'
import type { Instant } from '../core/time.ts'
import type {
  Clock,
  Decision,
  EventStore,
  LinkageStore,
  NewDecision,
  PolicyStore,
  Requirement,
  StoredPolicy,
} from '../ports/index.ts'
import type { LiveLinkage } from './live-linkage.ts'
import { compilePolicy } from './manage-policies.ts'

export interface DecideDeps {
  readonly events: EventStore
  readonly linkage: LinkageStore
  readonly policies: PolicyStore
  readonly clock: Clock
  /** Compiled policies by `name@version`, shared between calls: compiling costs milliseconds, evaluating microseconds. */
  readonly compiled: Map<string, CompiledPolicy>
  /** Real-time linkage, once loaded: clusters then include the links found since the latest run. */
  live?: LiveLinkage | undefined
}

export interface DecideRequest {
  readonly account: string
  readonly trigger: Trigger
  readonly event?: PolicyEvent
  /** What caused this evaluation (a record's digest, a linkage run): the same cause never decides twice. */
  readonly cause: string
  readonly actor: string
}

/** What one policy version made of the account. */
export interface PolicyOutcome {
  readonly policy: string
  readonly version: number
  readonly mode: 'live' | 'shadow'
  /** The most severe action that hit and passed the guards; undefined when no rule hit. */
  readonly hit: ActionHit | undefined
  /** Why a hit was not acted on: an exception, or the rule's daily cap. */
  readonly heldBack: 'exception' | 'cap' | undefined
  /** Conditions that could not be evaluated (they did not hit). */
  readonly errors: readonly { readonly rule: string; readonly message: string }[]
}

export interface AccountDecision {
  readonly account: string
  readonly trigger: Trigger
  readonly event: PolicyEvent | undefined
  readonly at: Instant
  /** The live outcome: the most severe action of the live policies, `approve` when none hit. */
  readonly action:
    | ActionHit['action']
    | { readonly type: 'approve'; readonly reason: 'no_rule_hit'; readonly scope: 'account' }
  readonly outcomes: readonly PolicyOutcome[]
  /** Decisions recorded by this call (live and shadow); a repeated cause records none. */
  readonly recorded: readonly Decision[]
  /** The account's requirements still open, after this call. */
  readonly requirements: readonly Requirement[]
  /** The account's strongest links in the latest linkage run, with what they share. */
  readonly links: readonly AccountLink[]
}

const DAY_MS = 86_400_000
const OPEN: ReadonlySet<string> = new Set(['requested', 'reminded', 'submitted', 'in_review'])
/** Links shown with a decision: the strongest few. */
const SHOWN_LINKS = 5

/** The versions that act: per policy name, its latest live version and, when newer, its latest shadow version. */
export function activeVersions(all: readonly StoredPolicy[]): StoredPolicy[] {
  const latest = new Map<string, { live?: StoredPolicy; shadow?: StoredPolicy }>()
  for (const p of all) {
    const e = latest.get(p.name) ?? {}
    const current = e[p.mode]
    if (current === undefined || p.version > current.version) e[p.mode] = p
    latest.set(p.name, e)
  }
  const active: StoredPolicy[] = []
  for (const { live, shadow } of latest.values()) {
    if (live !== undefined) active.push(live)
    if (shadow !== undefined && (live === undefined || shadow.version > live.version)) active.push(shadow)
  }
  return active.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version)
}

/**
 * The features of one account now, from its state, its cluster's members and the latest linkage run — with the links
 * found in real time since, when the live linkage holds the account.
 */
export async function featuresOfAccount(
  deps: Pick<DecideDeps, 'events' | 'linkage' | 'policies' | 'live'>,
  account: string,
  now: Instant,
): Promise<{ features: Features; links: readonly AccountLink[] }> {
  const linkage = (await deps.live?.summaryOf(account)) ?? (await deps.linkage.readLinkageSummary(account))
  // The account first: the table's index 0. Summaries come from the accounts table alone (no declarations parsed).
  const members = linkage.clusters.accounts.filter((m) => m !== account)
  const found = await deps.events.summariesOf([account, ...members])
  const own = found.find((s) => s.id === account)
  if (own === undefined) throw new OnesellerError('not_found', `no account ${account} in the store`)
  const summaries: AccountSummary[] = [own, ...found.filter((s) => s.id !== account)]
  const history = await deps.policies.historyCounts([account])
  const table = computeFeatures({ summaries, clusters: linkage.clusters, links: linkage.links, history, now })
  return { features: table.features(0), links: table.linksOf(account) }
}

/**
 * Evaluates the active policies for one account on a trigger (a registration, an event): each live version acts (its
 * most severe hit, past exceptions and caps, is recorded with its evidence and, for a verification, a requirement
 * with its deadline), each shadow version only records what it would have done. The same cause decides once.
 */
export async function decideAccount(
  deps: DecideDeps,
  req: DecideRequest,
  /** The active versions, when the caller has read them already (one ingest decides many accounts). */
  active?: readonly StoredPolicy[],
): Promise<AccountDecision> {
  const at = deps.clock.now()
  const versions = active ?? activeVersions(await deps.policies.listPolicies())
  const { features, links } = await featuresOfAccount(deps, req.account, at)
  const outcomes: PolicyOutcome[] = []
  const decisions: NewDecision[] = []
  for (const stored of versions) {
    const policy = compiledOf(deps.compiled, stored)
    const hits = evaluatePolicy(policy, features, req.trigger, req.event)
    const errors = hits.flatMap((h) => (h.kind === 'error' ? [{ rule: h.rule.id, message: h.message }] : []))
    const best = mostSevere(hits)
    let heldBack: PolicyOutcome['heldBack']
    let hit = best
    if (best !== undefined && stored.mode === 'live') {
      const dayStart = Math.floor(at / DAY_MS) * DAY_MS
      const usedToday = await deps.policies.countDecisionsByRule(
        stored.name,
        dayStart as Instant,
        (dayStart + DAY_MS) as Instant,
      )
      const g = guardHits(policy, [{ account: req.account, rule: best.rule, action: best.action }], {
        now: at,
        usedToday,
        clusterOf: (a) => (a === req.account ? [a] : []),
      })
      if (g.excepted.length > 0) heldBack = 'exception'
      else if (g.capped.length > 0) heldBack = 'cap'
      if (heldBack !== undefined) hit = undefined
    }
    outcomes.push({ policy: stored.name, version: stored.version, mode: stored.mode, hit, heldBack, errors })
    if (hit === undefined) continue
    decisions.push({
      key: `${req.trigger}:${stored.name}@${stored.version}:${hit.rule.id}:${req.account}:${req.cause}`,
      account: req.account,
      policy: stored.name,
      policyVersion: stored.version,
      rule: hit.rule.id,
      trigger: req.trigger,
      action: hit.action,
      evidence: {
        features: hit.evidence,
        links: links.slice(0, SHOWN_LINKS).map((l) => ({ other: l.other, score: l.score, shared: l.shared })),
      },
      mode: stored.mode,
      sweep: null,
      actor: req.actor,
      at,
    })
  }
  // Keys recorded before (the same cause again) are not this call's: only the new ones are reported as recorded.
  const recorded = decisions.length === 0 ? [] : (await deps.policies.recordDecisions(decisions)).decisions
  const requirements = (await deps.policies.requirementsOf(req.account)).filter((r) => OPEN.has(r.state))
  const live = outcomes.filter((o) => o.mode === 'live' && o.hit !== undefined).map((o) => o.hit as ActionHit)
  const strongest = mostSevere(live)
  return {
    account: req.account,
    trigger: req.trigger,
    event: req.event,
    at,
    action: strongest?.action ?? { type: 'approve', reason: 'no_rule_hit', scope: 'account' },
    outcomes,
    recorded,
    requirements,
    links: links.slice(0, SHOWN_LINKS),
  }
}

function compiledOf(cache: Map<string, CompiledPolicy>, stored: StoredPolicy): CompiledPolicy {
  const key = `${stored.name}@${stored.version}`
  let policy = cache.get(key)
  if (policy === undefined) {
    // Stored versions compiled when loaded; compiling again cannot fail unless the feature catalogue shrank.
    policy = compilePolicy(stored.source, `policy ${key}`)
    cache.set(key, policy)
  }
  return policy
}
