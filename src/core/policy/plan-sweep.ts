import type { Features } from '../features/index.ts'
import { ACTION_SEVERITY, type Action, type Rule } from './policy.ts'

/**
 * A sweep evaluates one policy over every account, as of one moment, and plans what would happen: one action per
 * account (the most severe of the rules that hit it, its own or reaching it through a cluster-scoped rule on another
 * member), then the guards (exceptions, daily caps). The plan is what a dry run reports and what an apply records.
 */

/** What the planner needs of each account; the features are built on demand (a million accounts at once are many). */
export interface SweepSubject {
  readonly size: number
  accountAt(i: number): string
  features(i: number): Features
  /** Indices of the account's cluster members, itself included. */
  clusterIndices(i: number): readonly number[]
}

/** A rule that hit, from the policy evaluator. */
export interface SweepRuleHit {
  readonly rule: Rule
  readonly action: Action
  /** The values of the features the condition read. */
  readonly evidence: Readonly<Record<string, unknown>>
}

export type EvaluateRules = (features: Features) => {
  readonly hits: readonly SweepRuleHit[]
  readonly errors: readonly { readonly rule: string; readonly message: string }[]
}

/** The one action planned for an account. */
export interface PlannedAction {
  readonly index: number
  readonly account: string
  readonly rule: Rule
  readonly action: Action
  readonly evidence: Readonly<Record<string, unknown>>
  /** When the action reaches the account through a cluster-scoped rule that hit another member: that member. */
  readonly via: string | undefined
  /** What the report groups by, read once from the account's features. */
  readonly facts: PlannedFacts
}

export interface PlannedFacts {
  readonly marketplace: string
  readonly status: string
  readonly ageDays: number
  readonly clusterSize: number
  readonly strongEvidence: boolean
}

export interface SweepPlan {
  /** Accounts evaluated (registered accounts only: an account not registered yet has nothing to decide on). */
  readonly evaluated: number
  /** One entry per account hit, in account order. */
  readonly actions: readonly PlannedAction[]
  /** Accounts each rule hit directly (before picking the most severe action per account). */
  readonly hitsByRule: ReadonlyMap<string, number>
  /** Conditions that failed at run time: they did not hit. The first few, and how many in all. */
  readonly errors: readonly { readonly account: string; readonly rule: string; readonly message: string }[]
  readonly errorCount: number
}

const MAX_REPORTED_ERRORS = 20
const PROGRESS_EVERY = 50_000

/** Whether `a` should replace `b` as an account's action: more severe wins; on a tie, the account's own hit. */
function replaces(a: PlannedAction, b: PlannedAction): boolean {
  const d = ACTION_SEVERITY[a.action.type] - ACTION_SEVERITY[b.action.type]
  if (d !== 0) return d > 0
  return a.via === undefined && b.via !== undefined
}

function factsOf(f: Features): PlannedFacts {
  return {
    marketplace: f.account.marketplace,
    status: f.account.status,
    ageDays: f.account.age_days,
    clusterSize: f.cluster.size,
    strongEvidence: f.cluster.strong_evidence,
  }
}

/** Evaluates every registered account and plans one action per account hit. */
export function planSweep(
  subject: SweepSubject,
  evaluate: EvaluateRules,
  onProgress?: (evaluated: number) => void,
): SweepPlan {
  const planned = new Map<number, PlannedAction>()
  const hitsByRule = new Map<string, number>()
  const errors: { account: string; rule: string; message: string }[] = []
  let errorCount = 0
  let evaluated = 0
  // Per cluster-scoped rule, the accounts its reach already covers: a cluster is walked once per rule, not once per
  // member the rule hits (a 600-account cluster whose members all hit would otherwise cost 600 × 600 offers).
  const reached = new Map<string, Set<number>>()
  const offer = (p: PlannedAction) => {
    const current = planned.get(p.index)
    if (current === undefined || replaces(p, current)) planned.set(p.index, p)
  }
  for (let i = 0; i < subject.size; i++) {
    if (onProgress !== undefined && i % PROGRESS_EVERY === 0) onProgress(i)
    const features = subject.features(i)
    if (!features.account.registered) continue
    evaluated++
    const { hits, errors: failed } = evaluate(features)
    for (const e of failed) {
      errorCount++
      if (errors.length < MAX_REPORTED_ERRORS) errors.push({ account: features.account.id, ...e })
    }
    if (hits.length === 0) continue
    const account = features.account.id
    const facts = factsOf(features)
    for (const h of hits) {
      hitsByRule.set(h.rule.id, (hitsByRule.get(h.rule.id) ?? 0) + 1)
      offer({ index: i, account, rule: h.rule, action: h.action, evidence: h.evidence, via: undefined, facts })
      if (h.action.scope !== 'cluster') continue
      let covered = reached.get(h.rule.id)
      if (covered === undefined) {
        covered = new Set()
        reached.set(h.rule.id, covered)
      }
      if (covered.has(i)) continue
      covered.add(i)
      for (const j of subject.clusterIndices(i)) {
        covered.add(j)
        if (j === i) continue
        const member = subject.features(j)
        if (!member.account.registered) continue
        offer({
          index: j,
          account: member.account.id,
          rule: h.rule,
          action: h.action,
          evidence: h.evidence,
          via: account,
          facts: factsOf(member),
        })
      }
    }
  }
  onProgress?.(subject.size)
  const actions = [...planned.values()].sort((a, b) => a.index - b.index)
  return { evaluated, actions, hitsByRule, errors, errorCount }
}
