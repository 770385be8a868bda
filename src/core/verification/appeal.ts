import { type Instant, MS_PER_DAY } from '../time.ts'

/**
 * A seller's appeal against a decision (DSA Art. 20: internal complaint handling). It is open until a reviewer
 * upholds the decision or overturns it; overturning lifts what the decision imposed and withdraws what it asked.
 */
export type AppealState = 'open' | 'upheld' | 'overturned'

export interface Appeal {
  readonly id: number
  readonly account: string
  readonly decision: number
  /** The seller's statement, as written. */
  readonly statement: string
  /** References to the files the seller attached (stored elsewhere), as given. */
  readonly files: readonly string[]
  readonly state: AppealState
  /** `seller:<account>`, `apikey:<id>` (the marketplace on the seller's behalf) or `reviewer:<name>`. */
  readonly filedBy: string
  readonly filedAt: Instant
  readonly decidedBy: string | null
  readonly decidedAt: Instant | null
  /** The reviewer's reason, told to the seller. */
  readonly reason: string | null
}

export const MAX_STATEMENT_CHARS = 10_000
export const MAX_APPEAL_FILES = 10

/** Why an appeal cannot be filed, in words for the seller; undefined when it can. */
export function appealRefusal(
  decision: { readonly account: string; readonly at: Instant; readonly mode: 'live' | 'shadow' },
  appeal: { readonly account: string; readonly statement: string; readonly files: readonly string[] },
  opts: { readonly now: Instant; readonly withinDays: number; readonly openAlready: boolean },
): string | undefined {
  if (decision.account !== appeal.account) return 'this decision concerns another account'
  if (decision.mode !== 'live') return 'this decision was recorded in shadow mode and had no effect'
  if (opts.openAlready) return 'an appeal against this decision is already open'
  if (opts.now > decision.at + opts.withinDays * MS_PER_DAY) {
    return `appeals are accepted within ${opts.withinDays} days of the decision`
  }
  const statement = appeal.statement.trim()
  if (statement.length === 0) return 'write a statement: why the decision is wrong'
  if (statement.length > MAX_STATEMENT_CHARS) return `the statement is longer than ${MAX_STATEMENT_CHARS} characters`
  if (appeal.files.length > MAX_APPEAL_FILES) return `at most ${MAX_APPEAL_FILES} files may be attached`
  return undefined
}

/**
 * The other accounts a cluster-scoped decision reached together with this one: same policy version, rule and run
 * (sweep or trigger), and the same root (the account the rule hit, which the others name in `via`). When the
 * decision behind an appeal is overturned, these are the decisions to reconsider.
 */
export function clusterSiblings<
  D extends {
    readonly id: number
    readonly account: string
    readonly policy: string
    readonly policyVersion: number
    readonly rule: string
    readonly sweep: string | null
    readonly trigger: string
    readonly evidence: { readonly via?: string }
  },
>(decision: D, candidates: readonly D[]): D[] {
  const root = decision.evidence.via ?? decision.account
  return candidates.filter(
    (c) =>
      c.id !== decision.id &&
      c.policy === decision.policy &&
      c.policyVersion === decision.policyVersion &&
      c.rule === decision.rule &&
      c.sweep === decision.sweep &&
      c.trigger === decision.trigger &&
      (c.evidence.via ?? c.account) === root,
  )
}
