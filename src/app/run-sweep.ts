import { computeFeaturesInSteps, type FeatureTable } from '../core/features/index.ts'
import {
  actionHits,
  type CompiledPolicy,
  type EvaluateRules,
  evaluatePolicy,
  type GuardedPlan,
  guardHits,
  type HeldBackHit,
  type ImpactReport,
  type PlannedAction,
  type PlannedHits,
  planSweep,
  type Rule,
  reportSweep,
  type SweepSubject,
  type Trigger,
} from '../core/policy/index.ts'
import type { Instant } from '../core/time.ts'
import type {
  Clock,
  EventStore,
  LinkageStore,
  NewDecision,
  PolicyStore,
  Secrets,
  StoredPolicy,
} from '../ports/index.ts'
import { compilePolicy } from './manage-policies.ts'
import { nextTurn } from './next-turn.ts'

export interface SweepDeps {
  readonly events: EventStore
  readonly linkage: LinkageStore
  readonly policies: PolicyStore
  readonly clock: Clock
  readonly secrets: Secrets
}

export type SweepPhase = 'reading' | 'evaluating' | 'applying'

export interface SweepRequest {
  /** The policy's YAML and where it came from (for messages). */
  readonly source: string
  readonly file: string
  /** Record the decisions; otherwise a dry run that writes nothing. */
  readonly apply: boolean
  /** Who runs the sweep, for the audit trail. */
  readonly actor: string
  readonly truth?: ReadonlyMap<string, string>
  readonly sampleSize?: number
  /**
   * `sweep` (default) runs the rules that name the sweep trigger; `schedule` those that name the schedule trigger,
   * as a timer (cron) runs them: their decisions are keyed by day, so each day's run decides anew and a rerun on the
   * same day records nothing twice.
   */
  readonly trigger?: 'sweep' | 'schedule'
  /** Decisions per transaction (default {@link APPLY_BATCH}). */
  readonly applyBatch?: number
  /**
   * The stored version to run, whose text `source` is (a sweep job names its version). By default: the latest version
   * when its text is `source`, else, with `apply`, a new version.
   */
  readonly stored?: StoredPolicy
  readonly onProgress?: (phase: SweepPhase, done: number, total: number) => void
}

export interface SweepOutcome {
  readonly policy: { readonly name: string; readonly version: number | null }
  readonly at: Instant
  readonly report: ImpactReport
  /** Hits recorded by an earlier apply of this policy version: applying again leaves them as they are. */
  readonly alreadyApplied: number
  readonly applied: { readonly sweep: string; readonly recorded: number; readonly existing: number } | undefined
}

/** Decisions recorded per transaction: an interrupted apply loses at most one batch, which a re-run records. */
export const APPLY_BATCH = 2_000
const DAY_MS = 86_400_000

/** The identity of a sweep's decision: the same policy version applied again names the same decisions. */
export function sweepDecisionKey(policy: string, version: number, rule: string, account: string): string {
  return `sweep:${policy}@${version}:${rule}:${account}`
}

/** The identity of a scheduled run's decision: one per policy version, rule, account and UTC day. */
export function scheduleDecisionKey(
  d: { readonly policy: string; readonly version: number; readonly rule: string; readonly account: string },
  at: Instant,
): string {
  return `schedule:${d.policy}@${d.version}:${d.rule}:${d.account}:${new Date(at).toISOString().slice(0, 10)}`
}

/**
 * Evaluates a policy over every account as of now and reports the impact; with `apply`, records the decisions (and
 * the verification requirements they create, with deadlines) under a stored policy version, each with its audit
 * record. Applying the same version again records nothing new; an interrupted apply, run again, records the rest.
 */
export async function runSweep(deps: SweepDeps, req: SweepRequest): Promise<SweepOutcome> {
  const at = deps.clock.now()
  const policy = compilePolicy(req.source, req.file, at)
  const progress = req.onProgress ?? (() => {})

  progress('reading', 0, 1)
  const table = await readFeatureTable(deps, at)
  progress('reading', 1, 1)

  // The version is known only once stored; a dry run of a file never stored reads as a new version.
  const stored =
    req.stored ??
    (req.apply ? await storePolicy(deps, req, policy.name, at) : await deps.policies.getPolicy(policy.name))
  const version = stored !== undefined && stored.source === req.source ? stored.version : null

  const subject = sweepSubject(table)
  const trigger = req.trigger ?? 'sweep'
  const evaluated = planSweep(subject, sweepEvaluator(policy, trigger), (done) =>
    progress('evaluating', done, table.size),
  )
  const keyOf = (p: { readonly rule: Rule; readonly account: string }) =>
    trigger === 'schedule'
      ? scheduleDecisionKey({ policy: policy.name, version: version ?? 0, rule: p.rule.id, account: p.account }, at)
      : sweepDecisionKey(policy.name, version ?? 0, p.rule.id, p.account)
  // Hits stay in columns until the guards have kept some: a broad rule may hit most of a million accounts, and the
  // daily caps keep a few thousand of them.
  const { hits } = evaluated
  const fresh =
    version === null
      ? { hits: Int32Array.from({ length: hits.count }, (_, k) => k), existing: 0 }
      : await freshHits(deps.policies, hits.count, (k) => keyOf({ rule: hits.ruleAt(k), account: hits.accountAt(k) }))
  const guarded = await guardPlan({ deps, policy, table, at }, hits, fresh.hits)
  const report = reportSweep(evaluated, guarded, policy.rules, {
    ...(req.sampleSize === undefined ? {} : { sampleSize: req.sampleSize }),
    ...(req.truth === undefined ? {} : { truth: req.truth }),
  })
  const outcome = { policy: { name: policy.name, version }, at, report, alreadyApplied: fresh.existing }
  if (!req.apply || version === null) return { ...outcome, applied: undefined }

  const sweep = `${policy.name}@${version}-${deps.secrets.randomToken(6)}`
  await deps.policies.startSweep({ id: sweep, policy: policy.name, policyVersion: version, startedBy: req.actor, at })
  const audit = (action: string, detail: Record<string, unknown>) =>
    deps.policies.appendAudit([{ at: deps.clock.now(), actor: req.actor, action, subject: `sweep:${sweep}`, detail }])
  await audit('sweep.start', { policy: `${policy.name}@${version}`, planned: guarded.kept.length })
  let recorded = 0
  let already = 0
  try {
    const size = req.applyBatch ?? APPLY_BATCH
    for (let i = 0; i < guarded.kept.length; i += size) {
      const batch = guarded.kept
        .slice(i, i + size)
        .map((p) =>
          toDecision(p, keyOf(p), { table, version, sweep, actor: req.actor, at, policy: policy.name, trigger }),
        )
      const r = await deps.policies.recordDecisions(batch)
      recorded += r.recorded
      already += r.existing
      progress('applying', Math.min(i + size, guarded.kept.length), guarded.kept.length)
      await nextTurn()
    }
  } catch (e) {
    // Best effort: the store may be what failed. A re-run records what this one did not.
    await deps.policies.finishSweep(sweep, 'failed', deps.clock.now()).catch(() => {})
    await audit('sweep.fail', { recorded, error: e instanceof Error ? e.message : String(e) }).catch(() => {})
    throw e
  }
  await deps.policies.finishSweep(sweep, 'finished', deps.clock.now())
  await audit('sweep.finish', { recorded, existing: already })
  return { ...outcome, applied: { sweep, recorded, existing: already } }
}

/** Every account's features as of `at`: account rows, the latest linkage run, and the decision history. */
export async function readFeatureTable(
  deps: Pick<SweepDeps, 'events' | 'linkage' | 'policies'>,
  at: Instant,
): Promise<FeatureTable> {
  // The summaries in columns (a million summary objects cost more to collect than to read); a store may read them on
  // other threads while this one reads the linkage run and the history.
  const [summaries, linkage, history] = await Promise.all([
    deps.events.readSummaryColumns(),
    deps.linkage.readLinkageSummary(),
    deps.policies.historyCounts(),
  ])
  // In steps, with a turn of the event loop between them: at a million accounts the tables take a second.
  const steps = computeFeaturesInSteps({
    summaries,
    clusters: linkage.clusters,
    links: linkage.links,
    history,
    now: at,
  })
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await nextTurn()
  }
}

/** The policy's sweep (or schedule) rules for one account: the hits, and the conditions that failed to evaluate. */
function sweepEvaluator(policy: CompiledPolicy, trigger: 'sweep' | 'schedule'): EvaluateRules {
  return (features) => {
    const hits = evaluatePolicy(policy, features, trigger)
    const errors = hits.flatMap((h) => (h.kind === 'error' ? [{ rule: h.rule.id, message: h.message }] : []))
    return { hits: actionHits(hits), errors }
  }
}

export function sweepSubject(table: FeatureTable): SweepSubject {
  return {
    size: table.size,
    accountAt: (i) => table.accountAt(i),
    features: (i) => table.features(i),
    clusterIndices: (i) => {
      const members = table.membersOf(table.accountAt(i))
      const out: number[] = []
      for (const m of members) {
        const j = table.indexOf(m)
        if (j !== undefined) out.push(j)
      }
      return out
    },
  }
}

async function storePolicy(deps: SweepDeps, req: SweepRequest, name: string, at: Instant): Promise<StoredPolicy> {
  const latest = await deps.policies.getPolicy(name)
  if (latest !== undefined && latest.source === req.source) return latest
  return deps.policies.savePolicy({ name, source: req.source, mode: 'live', loadedBy: req.actor, at })
}

/** Hits looked up per query, and guarded per call. */
const HIT_CHUNK = 10_000

/** The hits (by number) whose decisions an earlier apply has not recorded yet, and how many it has. */
async function freshHits(
  store: PolicyStore,
  count: number,
  keyAt: (k: number) => string,
): Promise<{ hits: Int32Array; existing: number }> {
  const fresh = new Int32Array(count)
  let n = 0
  for (let from = 0; from < count; from += HIT_CHUNK) {
    const keys = Array.from({ length: Math.min(HIT_CHUNK, count - from) }, (_, d) => keyAt(from + d))
    const found = new Set(await store.existingDecisionKeys(keys))
    keys.forEach((key, d) => {
      if (!found.has(key)) fresh[n++] = from + d
    })
  }
  // One action per account: a key names one hit, so the keys found count the hits recorded.
  return { hits: fresh.subarray(0, n), existing: count - n }
}

type GuardContext = { deps: Pick<SweepDeps, 'policies'>; policy: CompiledPolicy; table: FeatureTable; at: Instant }

/** What each rule of the policy has decided today already: the daily caps count it first. */
async function usedToday(ctx: GuardContext): Promise<ReadonlyMap<string, number>> {
  const dayStart = Math.floor(ctx.at / DAY_MS) * DAY_MS
  return ctx.deps.policies.countDecisionsByRule(ctx.policy.name, dayStart as Instant, (dayStart + DAY_MS) as Instant)
}

/** Exceptions, then the daily caps (counting what was decided today already), in account order. */
export async function guard(ctx: GuardContext, actions: readonly PlannedAction[]): Promise<GuardedPlan> {
  const { policy, table, at } = ctx
  const used = await usedToday(ctx)
  const g = guardHits(policy, actions, { now: at, usedToday: used, clusterOf: (a) => table.membersOf(a) })
  return { kept: g.kept, exempted: g.excepted.map((x) => x.hit), capped: g.capped }
}

/**
 * {@link guard} over a plan's hits (those numbered in `fresh`, in order), a chunk at a time: only the hits kept
 * become PlannedActions; those held back are counted under their rule. The caps carry from chunk to chunk what
 * the previous ones kept, so the outcome is that of guarding every hit at once.
 */
export async function guardPlan(
  ctx: GuardContext,
  hits: PlannedHits,
  fresh: Int32Array,
  chunk = HIT_CHUNK,
): Promise<GuardedPlan> {
  const { policy, table, at } = ctx
  const used = new Map(await usedToday(ctx))
  const kept: PlannedAction[] = []
  const exempted: HeldBackHit[] = []
  const capped: HeldBackHit[] = []
  const heldBack = new Map<Rule, HeldBackHit>()
  const held = (rule: Rule): HeldBackHit => {
    let h = heldBack.get(rule)
    if (h === undefined) {
      h = { rule }
      heldBack.set(rule, h)
    }
    return h
  }
  for (let from = 0; from < fresh.length; from += chunk) {
    const some = Array.from(fresh.subarray(from, from + chunk), (k) => ({
      k,
      account: hits.accountAt(k),
      rule: hits.ruleAt(k),
      action: hits.actionAt(k),
    }))
    const g = guardHits(policy, some, { now: at, usedToday: used, clusterOf: (a) => table.membersOf(a) })
    for (const h of g.kept) {
      kept.push(hits.plannedAt(h.k))
      if (h.action.type !== 'approve') used.set(h.rule.id, (used.get(h.rule.id) ?? 0) + 1)
    }
    for (const x of g.excepted) exempted.push(held(x.hit.rule))
    for (const h of g.capped) capped.push(held(h.rule))
  }
  return { kept, exempted, capped }
}

export interface DecisionContext {
  readonly table: FeatureTable
  readonly policy: string
  readonly version: number
  readonly sweep: string | null
  readonly actor: string
  readonly at: Instant
  readonly trigger?: Trigger
  readonly mode?: 'live' | 'shadow'
}

/** Links kept as a decision's evidence: the strongest few, enough for a notice and an appeal. */
const EVIDENCE_LINKS = 5

export function toDecision(p: PlannedAction, key: string, ctx: DecisionContext): NewDecision {
  const links = ctx.table
    .linksOf(p.account)
    .slice(0, EVIDENCE_LINKS)
    .map((l) => ({ other: l.other, score: l.score, shared: l.shared }))
  return {
    key,
    account: p.account,
    policy: ctx.policy,
    policyVersion: ctx.version,
    rule: p.rule.id,
    trigger: ctx.trigger ?? 'sweep',
    action: p.action,
    evidence: { features: p.evidence, links, ...(p.via === undefined ? {} : { via: p.via }) },
    mode: ctx.mode ?? 'live',
    sweep: ctx.sweep,
    actor: ctx.actor,
    at: ctx.at,
  }
}
