import type { Bank } from '../core/interchange/index.ts'
import type { TimedEvent } from './account-plan.ts'
import { makeHomePlace, type Place } from './address.ts'
import { makeBank } from './bank-account.ts'
import { makeBrand, makeProduct, type Product } from './catalog.ts'
import type { CohortContext } from './cohort.ts'
import { pickSellerCountry } from './independent.ts'
import { makeEnforcement } from './life-events.ts'
import type { Country } from './name-lists.ts'
import { type Device, type IpSource, makeDevice, makeHomeConnection, proxyIp, type SessionMix } from './network.ts'
import type { Random } from './random.ts'
import { type Lifetime, makeOwnIdentityCheck } from './seller-activity.ts'
import { makeSellerParty, pickMarketplace, type SellerParty } from './seller-party.ts'
import { days, REGISTRATION_END, WORLD_END, WORLD_START } from './timestamp.ts'

/** How hard an operator tries to keep its accounts apart. */
export type Care = 'careless' | 'moderate' | 'careful'

/** What one multi-account operator owns and reuses across its accounts. */
export interface Operator {
  readonly id: string
  readonly care: Care
  readonly country: Country
  readonly boss: SellerParty
  /** Relatives, employees and bought identities the operator registers accounts under. */
  readonly nominees: readonly SellerParty[]
  readonly home: IpSource
  readonly devices: readonly Device[]
  readonly banks: readonly Bank[]
  /** The operator's own warehouse, declared as a return address (and written differently each time). */
  readonly warehouse: Place
  readonly products: readonly Product[]
  readonly brand: string
  readonly marketplaces: readonly string[]
  readonly registration: readonly [number, number]
}

const MAX_OPERATOR_ACCOUNTS = 400
const ENFORCEMENT = {
  suspendRate: 0.12,
  reasons: ['linked_accounts', 'policy_violation:counterfeit', 'inauthentic_reviews', 'price_gouging'],
}

/** Accounts of one operator: at least two, Pareto-tailed (a few run hundreds). */
export function drawOperatorSize(rng: Random): number {
  return Math.min(MAX_OPERATOR_ACCOUNTS, Math.max(2, Math.floor(rng.pareto(2, 1.4))))
}

/** A new operator, its assets sized for `size` accounts. */
export function makeOperator(ctx: CohortContext, size: number): Operator {
  const { rng } = ctx
  const care = rng.pickWeighted<Care>(['careless', 'moderate', 'careful'], [0.3, 0.4, 0.3])
  const country = pickSellerCountry(rng)
  const boss = makeSellerParty(rng, country)
  const start = WORLD_START + rng.float() * (REGISTRATION_END - WORLD_START - days(30))
  const spread = care === 'careless' ? days(30 + rng.pareto(30, 1)) : days(120 + rng.float() * 900)
  const markets = new Set([pickMarketplace(rng, country)])
  for (let i = care === 'careless' ? 0 : rng.int(3); i > 0; i--) markets.add(pickMarketplace(rng, country))
  const brand = makeBrand(rng)
  const bankCount = care === 'careless' ? 1 : care === 'moderate' ? 1 + Math.floor(size / 4) : 2
  const deviceCount = care === 'careless' ? rng.between(1, 2) : rng.between(3, 5)
  return {
    id: ctx.operatorIds.next(),
    care,
    country,
    boss,
    nominees: Array.from({ length: rng.between(1, 3) }, () => makeSellerParty(rng, country)),
    home: makeHomeConnection(rng, country, start, WORLD_END),
    devices: Array.from({ length: deviceCount }, (_, i) => makeDevice(rng, i === 1)),
    banks: [boss.bank, ...Array.from({ length: bankCount - 1 }, () => makeBank(rng, country))],
    warehouse: makeHomePlace(rng, country),
    products: Array.from({ length: rng.between(5, 40) }, () => makeProduct(rng, rng.chance(0.7) ? brand : undefined)),
    brand,
    marketplaces: [...markets],
    registration: [start, Math.min(REGISTRATION_END, start + spread)],
  }
}

/** Sessions of a loosely hidden account: a few of the operator's devices, its home line, some proxies. */
export function operatorMix(rng: Random, op: Operator, proxyShare: number): SessionMix {
  const count = op.care === 'careless' ? op.devices.length : rng.between(1, 2)
  const devices = op.care === 'careless' ? op.devices : rng.shuffle([...op.devices]).slice(0, count)
  return {
    devices,
    deviceWeights: devices.map(() => 1),
    routes: [
      { ip: op.home, weight: 1 - proxyShare - 0.2 },
      { ip: proxyIp(op.country), weight: proxyShare },
    ].filter((r) => r.weight > 0),
  }
}

/** Enforcement and identity checks on an operator's account. */
export function operatorEvents(rng: Random, party: SellerParty, lifetime: Lifetime): TimedEvent[] {
  const events = makeEnforcement(rng, lifetime, ENFORCEMENT)
  if (rng.chance(0.3))
    events.push(makeOwnIdentityCheck(rng, party.person, lifetime.registeredAt + days(rng.float() * 20)))
  return events
}
