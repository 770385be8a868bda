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
  /** One action per account hit, in account order, in columns: a broad rule over a million accounts hits most. */
  readonly hits: PlannedHits
  /** The same hits as objects, built on first read (all of them at once: {@link PlannedHits.plannedAt} builds one). */
  readonly actions: readonly PlannedAction[]
  /** Accounts each rule hit directly (before picking the most severe action per account). */
  readonly hitsByRule: ReadonlyMap<string, number>
  /** Conditions that failed at run time: they did not hit. The first few, and how many in all. */
  readonly errors: readonly { readonly account: string; readonly rule: string; readonly message: string }[]
  readonly errorCount: number
}

/**
 * The hits of a plan, k = 0 .. count-1 in account order: what guarding them needs (account, rule, action) without an
 * object per hit, and each hit's {@link PlannedAction} on demand (its evidence read again from the subject).
 */
export interface PlannedHits {
  readonly count: number
  /** The position of the k-th hit's account in the subject. */
  indexAt(k: number): number
  accountAt(k: number): string
  ruleAt(k: number): Rule
  actionAt(k: number): Action
  /** The k-th hit with its evidence and facts: the same object, field for field, on every call. */
  plannedAt(k: number): PlannedAction
}

const MAX_REPORTED_ERRORS = 20
const PROGRESS_EVERY = 50_000

function factsOf(f: Features): PlannedFacts {
  return {
    marketplace: f.account.marketplace,
    status: f.account.status,
    ageDays: f.account.age_days,
    clusterSize: f.cluster.size,
    strongEvidence: f.cluster.strong_evidence,
  }
}

/** A rule and the action it planned: hits name them by number. */
interface Choice {
  readonly rule: Rule
  readonly action: Action
}

/**
 * Each account's planned action, in columns over the subject's accounts: the choice (-1: none) and, when the action
 * reaches the account through a cluster-scoped rule, the position of the member it hit (-1: its own hit).
 */
class PlanColumns {
  readonly choice: Int32Array
  readonly via: Int32Array
  readonly choices: Choice[] = []
  private readonly choiceNo = new Map<Rule, Map<Action, number>>()

  constructor(size: number) {
    this.choice = new Int32Array(size).fill(-1)
    this.via = new Int32Array(size).fill(-1)
  }

  /** Plans `rule`'s action for account `index` (reached from `from`, or -1 for its own hit) if it replaces the plan. */
  offer(index: number, hit: SweepRuleHit, from: number): void {
    const c = this.choiceOf(hit)
    const current = this.choice[index]!
    if (current < 0 || this.replaces(c, from, current, this.via[index]!)) {
      this.choice[index] = c
      this.via[index] = from
    }
  }

  /** Whether choice `a` should replace `b` as an account's action: more severe wins; on a tie, the account's own hit. */
  private replaces(a: number, aVia: number, b: number, bVia: number): boolean {
    const d = ACTION_SEVERITY[this.choices[a]!.action.type] - ACTION_SEVERITY[this.choices[b]!.action.type]
    if (d !== 0) return d > 0
    return aVia < 0 && bVia >= 0
  }

  private choiceOf(hit: SweepRuleHit): number {
    let byAction = this.choiceNo.get(hit.rule)
    if (byAction === undefined) {
      byAction = new Map()
      this.choiceNo.set(hit.rule, byAction)
    }
    let no = byAction.get(hit.action)
    if (no === undefined) {
      no = this.choices.length
      this.choices.push({ rule: hit.rule, action: hit.action })
      byAction.set(hit.action, no)
    }
    return no
  }
}

class ColumnHits implements PlannedHits {
  readonly count: number
  private readonly at: Int32Array

  constructor(
    private readonly plan: PlanColumns,
    private readonly subject: SweepSubject,
    private readonly evaluate: EvaluateRules,
  ) {
    let count = 0
    for (const c of plan.choice) if (c >= 0) count++
    this.count = count
    this.at = new Int32Array(count)
    let k = 0
    plan.choice.forEach((c, i) => {
      if (c >= 0) this.at[k++] = i
    })
  }

  indexAt(k: number): number {
    const i = this.at[k]
    if (i === undefined) throw new RangeError(`no hit ${k}: the plan holds ${this.count}`)
    return i
  }

  accountAt(k: number): string {
    return this.subject.accountAt(this.indexAt(k))
  }

  ruleAt(k: number): Rule {
    return this.choiceAt(k).rule
  }

  actionAt(k: number): Action {
    return this.choiceAt(k).action
  }

  private choiceAt(k: number): Choice {
    return this.plan.choices[this.plan.choice[this.indexAt(k)]!]!
  }

  plannedAt(k: number): PlannedAction {
    const index = this.indexAt(k)
    const { rule, action } = this.choiceAt(k)
    const from = this.plan.via[index]!
    const features = this.subject.features(index)
    const source = from < 0 ? features : this.subject.features(from)
    // The evidence is that of the hit that planned the action, on the account it hit: evaluated again rather than
    // kept for every hit of the sweep.
    const hit = this.evaluate(source).hits.find((h) => h.rule === rule && h.action === action)
    if (hit === undefined) throw new Error(`rule ${rule.id} no longer hits ${source.account.id}: rules must be pure`)
    return {
      index,
      account: features.account.id,
      rule,
      action,
      evidence: hit.evidence,
      via: from < 0 ? undefined : source.account.id,
      facts: factsOf(features),
    }
  }
}

/** Evaluates every registered account and plans one action per account hit. */
export function planSweep(
  subject: SweepSubject,
  evaluate: EvaluateRules,
  onProgress?: (evaluated: number) => void,
): SweepPlan {
  const planned = new PlanColumns(subject.size)
  const hitsByRule = new Map<string, number>()
  const errors: { account: string; rule: string; message: string }[] = []
  let errorCount = 0
  let evaluated = 0
  // Per cluster-scoped rule, the accounts its reach already covers: a cluster is walked once per rule, not once per
  // member the rule hits (a 600-account cluster whose members all hit would otherwise cost 600 × 600 offers).
  const reached = new Map<string, Set<number>>()
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
    for (const h of hits) {
      hitsByRule.set(h.rule.id, (hitsByRule.get(h.rule.id) ?? 0) + 1)
      planned.offer(i, h, -1)
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
        if (!subject.features(j).account.registered) continue
        planned.offer(j, h, i)
      }
    }
  }
  onProgress?.(subject.size)
  const hits = new ColumnHits(planned, subject, evaluate)
  let actions: readonly PlannedAction[] | undefined
  return {
    evaluated,
    hits,
    get actions() {
      actions ??= Array.from({ length: hits.count }, (_, k) => hits.plannedAt(k))
      return actions
    },
    hitsByRule,
    errors,
    errorCount,
  }
}
