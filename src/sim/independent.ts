import type { AccountPlan } from './account-plan.ts'
import { makeBank } from './bank-account.ts'
import { makeBrand } from './catalog.ts'
import { addAccount, type Cohort, type CohortContext } from './cohort.ts'
import { makeHonestLifeEvents } from './life-events.ts'
import type { Country } from './name-lists.ts'
import type { Device, IpSource, SessionRoute } from './network.ts'
import type { Random } from './random.ts'
import { drawListingCount, drawSessionCount, type Lifetime, makeHonestMix, makeLifetime } from './seller-activity.ts'
import {
  type DeclarationOptions,
  declareAccount,
  makeSellerParty,
  marketCountry,
  pickMarketplace,
  type SellerParty,
} from './seller-party.ts'

/** Where independent sellers come from (share of sellers). */
const SELLER_COUNTRIES: readonly Country[] = ['US', 'CN', 'DE', 'GB', 'JP']
const SELLER_COUNTRY_WEIGHTS = [0.3, 0.33, 0.15, 0.12, 0.1]

/** A seller country drawn with the simulator's default weights. */
export function pickSellerCountry(rng: Random): Country {
  return rng.pickWeighted(SELLER_COUNTRIES, SELLER_COUNTRY_WEIGHTS)
}

/** Options for `planHonestAccount`: what an innocently sharing seller has in common with others. */
export interface HonestAccountOptions {
  readonly marketplace?: string
  readonly lifetime?: Lifetime
  readonly devices?: readonly Device[]
  readonly home?: IpSource
  readonly extraRoutes?: readonly SessionRoute[]
  readonly declaration?: Partial<DeclarationOptions>
}

/** The account of an honest seller that runs exactly one store. */
export function planHonestAccount(
  ctx: CohortContext,
  party: SellerParty,
  opts: HonestAccountOptions = {},
): AccountPlan {
  const { rng, world } = ctx
  const lifetime = opts.lifetime ?? makeLifetime(rng)
  const marketplace = opts.marketplace ?? pickMarketplace(rng, party.country)
  const market = marketCountry(marketplace)
  const abroad = market !== party.country
  const override = opts.declaration?.override
  const declaration = declareAccount(rng, party, {
    marketplace,
    returnPlace: abroad && rng.chance(0.5) ? rng.pick(world.warehouses[market]) : undefined,
    ...opts.declaration,
    override: abroad && rng.chance(0.7) ? { bank: makeBank(rng, market, { collection: true }), ...override } : override,
  })
  const mix = makeHonestMix(rng, world, {
    country: party.country,
    lifetime,
    devices: opts.devices,
    home: opts.home,
    extra: opts.extraRoutes,
  })
  const brand = rng.chance(0.4) ? makeBrand(rng) : undefined
  return {
    registeredAt: lifetime.registeredAt,
    lastActiveAt: lifetime.lastActiveAt,
    declaration,
    sessions: drawSessionCount(rng),
    listings: drawListingCount(rng),
    eras: [{ from: lifetime.registeredAt, mix, catalog: { stock: world.stock, brand } }],
    events: makeHonestLifeEvents(rng, party, lifetime),
  }
}

/** One independent seller: its own operator, one account. */
export function buildIndependent(ctx: CohortContext, cohort: Cohort): void {
  const party = makeSellerParty(ctx.rng, pickSellerCountry(ctx.rng))
  addAccount(ctx, cohort, planHonestAccount(ctx, party), { operator: ctx.operatorIds.next(), role: 'independent' })
}
