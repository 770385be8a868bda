import type { LinkageSummaryData } from '../core/features/index.ts'
import {
  actionHits,
  evaluatePolicy,
  linkageEvents,
  type PolicyEvent,
  planSweep,
  type SweepRuleHit,
} from '../core/policy/index.ts'
import type { Instant } from '../core/time.ts'
import type { Clock, EventStore, LinkageStore, PolicyStore } from '../ports/index.ts'
import { activeVersions } from './decide-account.ts'
import { compilePolicy } from './manage-policies.ts'
import { nextTurn } from './next-turn.ts'
import { guard, readFeatureTable, sweepSubject, toDecision } from './run-sweep.ts'

export interface LinkageDecisionDeps {
  readonly events: EventStore
  readonly linkage: LinkageStore
  readonly policies: PolicyStore
  readonly clock: Clock
}

export interface LinkageDecisions {
  /** Accounts for which the run fired each event. */
  readonly fired: Readonly<Record<'new_link' | 'link_to_deactivated' | 'change_of_control', number>>
  /** Decisions recorded, live (acted on) and shadow (recorded only). */
  readonly live: number
  readonly shadow: number
  /** Hits held back by exceptions or daily caps (live versions). */
  readonly heldBack: number
}

const BATCH = 2_000

/**
 * After a linkage run: the events it fired against the previous run (a new link, a new link to a deactivated account,
 * a change of control), evaluated with the `event` rules of the active policy versions over the features as they are
 * now. Each version decides once per account and run (its most severe hit, cluster-scoped actions reaching the other
 * members), past exceptions and caps; shadow versions only record. The same run never decides twice.
 */
export async function decideOnLinkage(
  deps: LinkageDecisionDeps,
  previous: LinkageSummaryData,
  run: { readonly weightsVersion: number; readonly actor: string },
): Promise<LinkageDecisions> {
  const at: Instant = deps.clock.now()
  const current = await deps.linkage.readLinkageSummary()
  const fired = linkageEvents(previous.clusters, current.clusters)
  const counts = { new_link: 0, link_to_deactivated: 0, change_of_control: 0 }
  const versions = activeVersions(await deps.policies.listPolicies())
    .map((stored) => ({ stored, policy: compilePolicy(stored.source, `policy ${stored.name}@${stored.version}`) }))
    .filter((v) => v.policy.rules.some((r) => r.on.includes('event')))
  const table = await readFeatureTable(deps, at)
  const eventsOf = (account: string, deactivated: number): PolicyEvent[] => {
    const evs = fired.get(account) ?? []
    return evs.includes('new_link') && deactivated > 0 ? [...evs, 'link_to_deactivated'] : evs
  }
  for (let i = 0; i < table.size; i++) {
    const account = table.accountAt(i)
    if (!fired.has(account)) continue
    for (const e of eventsOf(account, table.features(i).cluster.deactivated)) {
      if (e in counts) counts[e as keyof typeof counts]++
    }
  }
  let live = 0
  let shadow = 0
  let heldBack = 0
  for (const { stored, policy } of versions) {
    const plan = planSweep(sweepSubject(table), (features) => {
      const hits: SweepRuleHit[] = []
      const errors: { rule: string; message: string }[] = []
      for (const e of eventsOf(features.account.id, features.cluster.deactivated)) {
        const all = evaluatePolicy(policy, features, 'event', e)
        hits.push(...actionHits(all).filter((h) => !hits.some((k) => k.rule.id === h.rule.id)))
        for (const h of all) if (h.kind === 'error') errors.push({ rule: h.rule.id, message: h.message })
      }
      return { hits, errors }
    })
    const guarded =
      stored.mode === 'live'
        ? await guard({ deps, policy, table, at }, plan.actions)
        : { kept: plan.actions, exempted: [], capped: [] }
    heldBack += guarded.exempted.length + guarded.capped.length
    const ctx = {
      table,
      policy: stored.name,
      version: stored.version,
      sweep: null,
      actor: run.actor,
      at,
      trigger: 'event' as const,
      mode: stored.mode,
    }
    for (let k = 0; k < guarded.kept.length; k += BATCH) {
      const batch = guarded.kept
        .slice(k, k + BATCH)
        .map((p) =>
          toDecision(
            p,
            `event:${stored.name}@${stored.version}:${p.rule.id}:${p.account}:linkage@${run.weightsVersion}`,
            ctx,
          ),
        )
      const r = await deps.policies.recordDecisions(batch)
      if (stored.mode === 'live') live += r.recorded
      else shadow += r.recorded
      await nextTurn()
    }
  }
  return { fired: counts, live, shadow, heldBack }
}
