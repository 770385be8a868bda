// What overturning an appeal's decision would change, in words, from GET /v1/appeals/{id}/reach. Pure.
import type { AppealPreview, AppealReach, Restriction } from '../../api/types.ts'

const KIND_NAMES: Readonly<Record<Restriction['kind'], string>> = {
  hold_payouts: 'payouts held',
  suspend: 'selling suspended',
  deactivate: 'deactivated',
}

/** One change an overturn makes, for one account. */
export interface ReachLine {
  readonly account: string
  readonly text: string
}

export interface ReachSummary {
  /** Restrictions lifted: "selling suspended (in force since …) lifted". */
  readonly lifts: readonly ReachLine[]
  /** Requirements withdrawn. */
  readonly withdraws: readonly ReachLine[]
  /** The accounts whose standing changes, the appellant's first. */
  readonly accounts: readonly string[]
  /** Other accounts the same decision reached that stay as they are unless overturned with them. */
  readonly untouched: readonly string[]
}

function restrictionText(r: Restriction, now: number): string {
  const state =
    r.inForceAt !== null
      ? 'in force'
      : Date.parse(r.effectiveAt) > now
        ? `due to take effect ${r.effectiveAt.slice(0, 10)}`
        : 'taking effect'
  return `restriction ${r.id}: ${KIND_NAMES[r.kind] ?? r.kind} (${state}, ${r.reason.replaceAll('_', ' ')}) is lifted`
}

/**
 * What overturning changes: for this account only, or (`cluster`) for every account a cluster-wide decision reached.
 * `now` tells a restriction in force from one announced for later.
 */
export function summariseReach(preview: AppealPreview, cluster: boolean, now: number): ReachSummary {
  const reach: AppealReach = cluster && preview.cluster !== null ? preview.cluster : preview.own
  const appellant = preview.appeal.account
  const accounts = [...new Set([appellant, ...reach.decisions.map((d) => d.account)])]
  const everyone = preview.cluster === null ? [] : preview.cluster.decisions.map((d) => d.account)
  const byAccount = (a: { account: string }, b: { account: string }) =>
    Number(b.account === appellant) - Number(a.account === appellant) || a.account.localeCompare(b.account)
  return {
    lifts: [...reach.restrictions].sort(byAccount).map((r) => ({ account: r.account, text: restrictionText(r, now) })),
    withdraws: [...reach.requirements].sort(byAccount).map((r) => ({
      account: r.account,
      text: `requirement ${r.id} for ${r.methods.join(' or ').replaceAll('_', ' ')} (${r.state}) is withdrawn`,
    })),
    accounts,
    untouched: [...new Set(everyone.filter((a) => !accounts.includes(a)))].sort(),
  }
}

/** Whether overturning changes nothing the seller lives with (the decision only asked, or was lifted already). */
export function changesNothing(summary: ReachSummary): boolean {
  return summary.lifts.length === 0 && summary.withdraws.length === 0
}
