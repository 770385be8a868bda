import { type AccountPlan, renderAccount } from './account-plan.ts'
import type { OpaqueIds } from './opaque-ids.ts'
import type { Random } from './random.ts'
import type { SharedWorld } from './shared-world.ts'

/** Ground truth for one account: who controls it at the end of the data, and which population it belongs to. */
export interface TruthRow {
  readonly account: string
  readonly operator: string
  readonly role: string
}

/** The accounts of one operator (or a farm with the buyers of its accounts), ready to write. */
export interface Cohort {
  /** NDJSON lines, account by account, each account's lines ordered by `at`. */
  readonly lines: string[]
  /** One row per account, in the order of the accounts in `lines`. */
  readonly truth: TruthRow[]
  /** Number of lines of each account, parallel to `truth`. */
  readonly spans: number[]
  /** Records per type over the whole cohort (counted here, so writers never re-read the lines). */
  readonly byType: Record<string, number>
}

/** What every population builder draws on. */
export interface CohortContext {
  readonly rng: Random
  readonly world: SharedWorld
  readonly accountIds: OpaqueIds
  readonly listingIds: OpaqueIds
  readonly operatorIds: OpaqueIds
}

/** An empty cohort. */
export function newCohort(): Cohort {
  return { lines: [], truth: [], spans: [], byType: {} }
}

/** Renders one planned account into the cohort with its truth row; returns the account id. */
export function addAccount(
  ctx: CohortContext,
  cohort: Cohort,
  plan: AccountPlan,
  owner: Omit<TruthRow, 'account'>,
): string {
  const id = ctx.accountIds.next()
  const lines = renderAccount(ctx.rng, { id, listingIds: ctx.listingIds }, plan)
  for (const line of lines) cohort.lines.push(line)
  const byType = cohort.byType
  byType.account = (byType.account ?? 0) + 1
  byType.session = (byType.session ?? 0) + plan.sessions
  byType.listing = (byType.listing ?? 0) + plan.listings
  for (const e of plan.events) byType[e.record.type] = (byType[e.record.type] ?? 0) + 1
  cohort.spans.push(lines.length)
  cohort.truth.push({ account: id, operator: owner.operator, role: owner.role })
  return id
}
