import type { PlannedAction, SweepPlan } from './plan-sweep.ts'
import type { ActionType, Rule } from './policy.ts'

/**
 * The impact report of a sweep: what a trust-and-safety lead reads before deciding to apply. Who would be hit, by
 * which rule and action, where, in clusters of which size, how many on weak evidence only, how many long-standing
 * active sellers would lose selling privileges, a sample with its evidence, and, given ground truth, whom it hits.
 */

/** An account this old (days) and active is a long-standing seller: hitting one needs the most care. */
export const LONG_STANDING_DAYS = 365

export const CLUSTER_SIZE_BUCKETS = ['1', '2-5', '6-20', '21-100', '101+'] as const
export type ClusterSizeBucket = (typeof CLUSTER_SIZE_BUCKETS)[number]

export function clusterSizeBucket(size: number): ClusterSizeBucket {
  if (size <= 1) return '1'
  if (size <= 5) return '2-5'
  if (size <= 20) return '6-20'
  if (size <= 100) return '21-100'
  return '101+'
}

/** A hit the guards held back: the report counts it under its rule (a broad sweep holds back most of its hits). */
export type HeldBackHit = Pick<PlannedAction, 'rule'>

/** What the guards made of the plan: actions kept, and those an exception or a daily cap held back. */
export interface GuardedPlan {
  readonly kept: readonly PlannedAction[]
  readonly exempted: readonly HeldBackHit[]
  readonly capped: readonly HeldBackHit[]
}

export interface RuleImpact {
  readonly rule: string
  readonly action: ActionType
  readonly reason: string
  /** Accounts whose features the rule's condition matched. */
  readonly matched: number
  /** Accounts whose action comes from this rule after the guards (its own hits and its cluster reach). */
  readonly kept: number
  readonly exempted: number
  readonly capped: number
}

export interface PrivilegeLoss {
  /** Suspended or deactivated at once. */
  readonly immediately: number
  /** Asked to verify, and suspended or deactivated if they miss the deadline. */
  readonly onMissedDeadline: number
}

export interface RoleImpact {
  readonly role: string
  readonly accounts: number
  readonly hit: number
}

export interface TruthImpact {
  readonly roles: readonly RoleImpact[]
  /** Hits on accounts whose role is honest. */
  readonly honestHit: number
  /** Hits on accounts the truth does not name. */
  readonly unknown: number
  /** Share of the hits (on accounts the truth names) that are not honest; null without hits. */
  readonly precision: number | null
}

export interface ImpactReport {
  readonly evaluated: number
  readonly hit: number
  readonly byAction: Readonly<Record<ActionType, number>>
  readonly byRule: readonly RuleImpact[]
  readonly byMarketplace: readonly {
    readonly marketplace: string
    readonly hit: number
    readonly byAction: Readonly<Record<ActionType, number>>
  }[]
  readonly byClusterSize: readonly { readonly bucket: ClusterSizeBucket; readonly hit: number }[]
  /** Hits resting on links (the rule reads cluster features, or reaches the account through its cluster) none of which carries personal evidence. */
  readonly weakEvidenceOnly: number
  readonly losingPrivileges: PrivilegeLoss
  /** The same, among active accounts registered at least {@link LONG_STANDING_DAYS} days ago. */
  readonly longStandingLosingPrivileges: PrivilegeLoss
  readonly exempted: number
  readonly capped: number
  readonly sample: readonly PlannedAction[]
  readonly errors: SweepPlan['errors']
  readonly errorCount: number
  readonly truth: TruthImpact | undefined
}

export interface ReportOptions {
  readonly sampleSize?: number
  /** account → role, from a ground-truth file. */
  readonly truth?: ReadonlyMap<string, string>
  /** Roles that are honest sellers: hitting them is a false positive. */
  readonly isHonestRole?: (role: string) => boolean
}

/** Honest roles by default: independent sellers and those who share innocently (`innocent_*`). */
export const defaultHonestRole = (role: string): boolean => role === 'independent' || role.startsWith('innocent')

function zeroActions(): Record<ActionType, number> {
  return { approve: 0, review: 0, require_verification: 0, hold_payouts: 0, suspend: 0, deactivate: 0 }
}

/** Whether an action rests on linkage: the condition read the cluster, or the action came through it. */
function restsOnLinks(p: PlannedAction): boolean {
  return p.via !== undefined || Object.keys(p.evidence).some((k) => k.startsWith('cluster.'))
}

function lossOf(p: PlannedAction): keyof PrivilegeLoss | undefined {
  if (p.facts.status !== 'active') return undefined
  const a = p.action
  if (a.type === 'suspend' || a.type === 'deactivate') return 'immediately'
  if (a.type === 'require_verification' && (a.onExpiry === 'suspend' || a.onExpiry === 'deactivate'))
    return 'onMissedDeadline'
  return undefined
}

/** A sample that shows every rule: round-robin over rules, in account order within each. */
function sampleOf(actions: readonly PlannedAction[], size: number): PlannedAction[] {
  const byRule = new Map<string, PlannedAction[]>()
  for (const a of actions) {
    const list = byRule.get(a.rule.id) ?? []
    if (list.length < size) list.push(a)
    byRule.set(a.rule.id, list)
  }
  const lists = [...byRule.values()]
  const sample: PlannedAction[] = []
  for (let round = 0; sample.length < size && lists.some((l) => l.length > round); round++) {
    for (const l of lists) {
      const a = l[round]
      if (a !== undefined && sample.length < size) sample.push(a)
    }
  }
  return sample
}

function truthImpact(
  kept: readonly PlannedAction[],
  truth: ReadonlyMap<string, string>,
  isHonest: (role: string) => boolean,
): TruthImpact {
  const accountsByRole = new Map<string, number>()
  for (const role of truth.values()) accountsByRole.set(role, (accountsByRole.get(role) ?? 0) + 1)
  const hitByRole = new Map<string, number>()
  let unknown = 0
  let honestHit = 0
  for (const p of kept) {
    const role = truth.get(p.account)
    if (role === undefined) {
      unknown++
      continue
    }
    hitByRole.set(role, (hitByRole.get(role) ?? 0) + 1)
    if (isHonest(role)) honestHit++
  }
  const named = kept.length - unknown
  const roles = [...accountsByRole]
    .map(([role, accounts]) => ({ role, accounts, hit: hitByRole.get(role) ?? 0 }))
    .sort((a, b) => b.hit - a.hit || a.role.localeCompare(b.role))
  return { roles, honestHit, unknown, precision: named === 0 ? null : (named - honestHit) / named }
}

export function reportSweep(
  plan: SweepPlan,
  guarded: GuardedPlan,
  rules: readonly Rule[],
  opts: ReportOptions = {},
): ImpactReport {
  const byAction = zeroActions()
  const perRule = new Map<string, { kept: number; exempted: number; capped: number }>(
    rules.map((r) => [r.id, { kept: 0, exempted: 0, capped: 0 }]),
  )
  const ruleEntry = (p: HeldBackHit) => {
    let e = perRule.get(p.rule.id)
    if (e === undefined) {
      e = { kept: 0, exempted: 0, capped: 0 }
      perRule.set(p.rule.id, e)
    }
    return e
  }
  const markets = new Map<string, { hit: number; byAction: Record<ActionType, number> }>()
  const sizes = new Map<ClusterSizeBucket, number>()
  let weak = 0
  const loss = { immediately: 0, onMissedDeadline: 0 }
  const longLoss = { immediately: 0, onMissedDeadline: 0 }
  for (const p of guarded.kept) {
    byAction[p.action.type]++
    ruleEntry(p).kept++
    const m = markets.get(p.facts.marketplace) ?? { hit: 0, byAction: zeroActions() }
    m.hit++
    m.byAction[p.action.type]++
    markets.set(p.facts.marketplace, m)
    const bucket = clusterSizeBucket(p.facts.clusterSize)
    sizes.set(bucket, (sizes.get(bucket) ?? 0) + 1)
    if (restsOnLinks(p) && !p.facts.strongEvidence) weak++
    const l = lossOf(p)
    if (l !== undefined) {
      loss[l]++
      if (p.facts.ageDays >= LONG_STANDING_DAYS) longLoss[l]++
    }
  }
  for (const p of guarded.exempted) ruleEntry(p).exempted++
  for (const p of guarded.capped) ruleEntry(p).capped++
  // Every rule of the policy, in its order: a rule that hit nobody is worth seeing too.
  const byRule: RuleImpact[] = rules.map((r) => {
    const e = perRule.get(r.id) ?? { kept: 0, exempted: 0, capped: 0 }
    return { rule: r.id, action: r.action.type, reason: r.action.reason, matched: plan.hitsByRule.get(r.id) ?? 0, ...e }
  })
  return {
    evaluated: plan.evaluated,
    hit: guarded.kept.length,
    byAction,
    byRule,
    byMarketplace: [...markets]
      .map(([marketplace, m]) => ({ marketplace, ...m }))
      .sort((a, b) => b.hit - a.hit || a.marketplace.localeCompare(b.marketplace)),
    byClusterSize: CLUSTER_SIZE_BUCKETS.map((bucket) => ({ bucket, hit: sizes.get(bucket) ?? 0 })),
    weakEvidenceOnly: weak,
    losingPrivileges: loss,
    longStandingLosingPrivileges: longLoss,
    exempted: guarded.exempted.length,
    capped: guarded.capped.length,
    sample: sampleOf(guarded.kept, opts.sampleSize ?? 10),
    errors: plan.errors,
    errorCount: plan.errorCount,
    truth:
      opts.truth === undefined
        ? undefined
        : truthImpact(guarded.kept, opts.truth, opts.isHonestRole ?? defaultHonestRole),
  }
}
