import type { Action, Policy, PolicyException, Rule } from './policy.ts'

/** A hit on one account, as a sweep or an event plans it: what the guards need of it. */
export interface GuardableHit {
  readonly account: string
  readonly rule: Rule
  readonly action: Action
}

export interface GuardContext {
  /** Epoch ms: exceptions that lapsed at or before it are ignored. */
  readonly now: number
  /** Accounts each rule (by id) has already hit today: the caps count these first. */
  readonly usedToday: ReadonlyMap<string, number>
  /** The accounts of an account's cluster (itself included or not); empty when it is linked to none. */
  readonly clusterOf: (account: string) => Iterable<string>
}

export interface GuardedHits<H extends GuardableHit> {
  /** What may be acted on, in the order given. */
  readonly kept: H[]
  /** Held back by an exception: the first one that covers the hit. */
  readonly excepted: { readonly hit: H; readonly exception: PolicyException }[]
  /** Held back because their rule had reached its daily cap. */
  readonly capped: H[]
}

interface ActiveException {
  readonly exception: PolicyException
  readonly accounts: ReadonlySet<string>
  readonly clustersOf: ReadonlySet<string>
  readonly rules: ReadonlySet<string>
}

/**
 * Applies a policy's exceptions, then its daily caps, to hits given in a deterministic order (a sweep's account
 * order, an event's arrival order). A hit is excepted when an exception still in force at `now` covers its rule
 * (every rule when the exception names none) and names its account, or names an account of its cluster in
 * `clusters_of`. Then each rule keeps at most `caps.perRulePerDay` hits, counting `usedToday` first; the rest are
 * capped. `approve` is never held back: it takes nothing away.
 */
export function guardHits<H extends GuardableHit>(
  policy: Pick<Policy, 'exceptions' | 'caps'>,
  hits: readonly H[],
  ctx: GuardContext,
): GuardedHits<H> {
  const active: ActiveException[] = policy.exceptions
    .filter((x) => x.expires > ctx.now)
    .map((x) => ({
      exception: x,
      accounts: new Set(x.accounts),
      clustersOf: new Set(x.clustersOf),
      rules: new Set(x.rules),
    }))
  const used = new Map(ctx.usedToday)
  const out: GuardedHits<H> = { kept: [], excepted: [], capped: [] }
  for (const hit of hits) {
    if (hit.action.type === 'approve') {
      out.kept.push(hit)
      continue
    }
    const exception = exceptionFor(hit, active, ctx)
    if (exception !== undefined) {
      out.excepted.push({ hit, exception })
      continue
    }
    const count = used.get(hit.rule.id) ?? 0
    if (count >= policy.caps.perRulePerDay) {
      out.capped.push(hit)
      continue
    }
    used.set(hit.rule.id, count + 1)
    out.kept.push(hit)
  }
  return out
}

function exceptionFor(
  hit: GuardableHit,
  active: readonly ActiveException[],
  ctx: GuardContext,
): PolicyException | undefined {
  let members: ReadonlySet<string> | undefined
  for (const x of active) {
    if (x.rules.size > 0 && !x.rules.has(hit.rule.id)) continue
    if (x.accounts.has(hit.account) || x.clustersOf.has(hit.account)) return x.exception
    if (x.clustersOf.size === 0) continue
    members ??= new Set(ctx.clusterOf(hit.account))
    for (const m of x.clustersOf) if (members.has(m)) return x.exception
  }
  return undefined
}
