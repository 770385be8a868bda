import { OnesellerError } from '../core/errors.ts'
import { type Cohort, type CohortContext, newCohort, type TruthRow } from './cohort.ts'
import { buildFarm } from './farm.ts'
import { buildIndependent } from './independent.ts'
import { buildAgentClients, buildCoworkMembers, buildFamily, buildNatUsers, buildTowerTenants } from './innocent.ts'
import { buildMultiAccountOperator } from './multi-account.ts'
import { OpaqueIds } from './opaque-ids.ts'
import { buildStoreBuyer } from './purchased.ts'
import { Random } from './random.ts'
import { makeSharedWorld } from './shared-world.ts'

/** Size and seed of a generated marketplace. */
export interface GenerateOptions {
  /** Exactly this many accounts are generated. */
  readonly accounts: number
  /** Same seed, same bytes; any 32-bit integer. */
  readonly seed: number
}

/** The kinds of cohort the generator builds, one operator (or a farm with its buyers) at a time. */
export type CohortKind =
  | 'independent'
  | 'innocent_tower'
  | 'innocent_agent'
  | 'innocent_nat'
  | 'innocent_cowork'
  | 'innocent_family'
  | 'multi_account'
  | 'farm'
  | 'store_buyer'

/**
 * Target share of accounts per cohort kind. Farms sell about 30% of their accounts (role `purchased`),
 * and store buyers take over honest stores, so overall: ~70% honest (12% of all innocently sharing),
 * ~20% multi_account, ~6% farm, ~3% purchased.
 */
export const DEFAULT_COHORT_SHARES: Readonly<Record<CohortKind, number>> = {
  independent: 0.58,
  innocent_tower: 0.03,
  innocent_agent: 0.025,
  innocent_nat: 0.03,
  innocent_cowork: 0.015,
  innocent_family: 0.02,
  multi_account: 0.195,
  farm: 0.09,
  store_buyer: 0.015,
}

type Build = (ctx: CohortContext, cohort: Cohort, budget: number) => void

const BUILDERS: Readonly<Record<CohortKind, Build>> = {
  independent: (ctx, cohort) => buildIndependent(ctx, cohort),
  innocent_tower: buildTowerTenants,
  innocent_agent: buildAgentClients,
  innocent_nat: buildNatUsers,
  innocent_cowork: buildCoworkMembers,
  innocent_family: buildFamily,
  multi_account: buildMultiAccountOperator,
  farm: buildFarm,
  store_buyer: buildStoreBuyer,
}

/** A slice of the marketplace: the accounts of one operator, or of a farm and the buyers of its accounts. */
export interface GeneratedCohort {
  /** NDJSON lines without trailing newline, account by account, each account ordered by `at`. */
  readonly lines: readonly string[]
  /** One row per account, in the order the accounts appear in `lines`. */
  readonly truth: readonly TruthRow[]
  /** Number of lines of each account, parallel to `truth`. */
  readonly spans: readonly number[]
  /** Records per type in this cohort. */
  readonly byType: Readonly<Record<string, number>>
}

function assertOptions(opts: GenerateOptions): void {
  if (!Number.isSafeInteger(opts.accounts) || opts.accounts < 0) {
    throw new OnesellerError('invalid_input', `accounts must be a whole number ≥ 0, got ${opts.accounts}`)
  }
  if (!Number.isInteger(opts.seed))
    throw new OnesellerError('invalid_input', `seed must be an integer, got ${opts.seed}`)
}

/** The cohort kind that lags its target share most, with some randomness so cohorts interleave. */
function pickKind(
  rng: Random,
  shares: Readonly<Record<CohortKind, number>>,
  done: Map<CohortKind, number>,
  total: number,
): CohortKind {
  const kinds = Object.keys(shares) as CohortKind[]
  const weights = kinds.map((k) => Math.max(0, (shares[k] ?? 0) * (total + 40) - (done.get(k) ?? 0)) ** 2 + 1e-9)
  return rng.pickWeighted(kinds, weights)
}

/**
 * The marketplace is generated as this many independent streams (one per generator worker), each with its
 * share of the accounts, its own random stream and its own range of ids, over one shared world. Fixed, so
 * that the output of a seed does not depend on the machine.
 */
export const GENERATOR_STREAMS = 2
/** Ids of stream `s` are drawn from counters starting at `s × 2^44` (the Feistel permutation covers 2^48). */
const STREAM_ID_SPAN = 2 ** 44

/** How many of `accounts` accounts stream `stream` generates. */
export function streamAccounts(accounts: number, stream: number): number {
  return Math.floor(accounts / GENERATOR_STREAMS) + (stream < accounts % GENERATOR_STREAMS ? 1 : 0)
}

/** Options of `generateStream`: the whole marketplace's size and seed, and which stream to generate. */
export interface StreamOptions extends GenerateOptions {
  readonly stream: number
  readonly shares?: Readonly<Record<CohortKind, number>>
}

/**
 * One stream of the marketplace, cohort by cohort: pure, deterministic for a seed and lazy, so memory stays
 * flat however many accounts are asked for. Streams depend on nothing but the seed, so workers can generate
 * them side by side.
 */
export function* generateStream(opts: StreamOptions): Generator<GeneratedCohort, void, undefined> {
  assertOptions(opts)
  if (!Number.isInteger(opts.stream) || opts.stream < 0 || opts.stream >= GENERATOR_STREAMS) {
    throw new OnesellerError('invalid_input', `stream must be 0 … ${GENERATOR_STREAMS - 1}, got ${opts.stream}`)
  }
  const root = new Random(opts.seed)
  const world = makeSharedWorld(root.fork())
  const start = opts.stream * STREAM_ID_SPAN
  const ctx: CohortContext = {
    rng: new Random(opts.seed, 1 + opts.stream),
    world,
    accountIds: new OpaqueIds('s', root.uint32(), start),
    listingIds: new OpaqueIds('l', root.uint32(), start),
    operatorIds: new OpaqueIds('op', root.uint32(), start),
  }
  const shares = opts.shares ?? DEFAULT_COHORT_SHARES
  const accounts = streamAccounts(opts.accounts, opts.stream)
  const done = new Map<CohortKind, number>()
  let total = 0
  while (total < accounts) {
    const kind = pickKind(ctx.rng, shares, done, total)
    const cohort = newCohort()
    BUILDERS[kind](ctx, cohort, accounts - total)
    const n = cohort.truth.length
    if (n === 0) continue
    done.set(kind, (done.get(kind) ?? 0) + n)
    total += n
    yield cohort
  }
}

/**
 * The synthetic marketplace, cohort by cohort: every stream in turn (see `generateStream`). The file order
 * groups an operator's accounts together: `writeMarketplace` interleaves them before writing.
 */
export function* generateMarketplace(
  opts: GenerateOptions & { readonly shares?: Readonly<Record<CohortKind, number>> },
): Generator<GeneratedCohort, void, undefined> {
  assertOptions(opts)
  for (let stream = 0; stream < GENERATOR_STREAMS; stream++) yield* generateStream({ ...opts, stream })
}
