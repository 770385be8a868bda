import type { AccountPlan, TimedEvent } from './account-plan.ts'
import { toPostalAddress } from './address.ts'
import { makeBank } from './bank-account.ts'
import { type CatalogOptions, makeBrand, makeProduct } from './catalog.ts'
import type { CohortContext } from './cohort.ts'
import { makeEmailVariant, typePhone } from './contact.ts'
import { pickSellerCountry } from './independent.ts'
import type { SessionMix } from './network.ts'
import { toRepresentative } from './person.ts'
import type { Random } from './random.ts'
import { drawListingCount, drawSessionCount, makeHonestMix, makePersonalDevices } from './seller-activity.ts'
import { makeSellerParty, marketCountry, type SellerParty } from './seller-party.ts'
import { days, WORLD_END, WORLD_START } from './timestamp.ts'

/** A party that buys accounts and takes them over: its own devices, network, payout account and products. */
export interface Buyer {
  readonly operator: string
  readonly party: SellerParty
  readonly mix: SessionMix
  readonly catalog: CatalogOptions
}

/** A new buyer; its devices and bank are what link the accounts it bought. */
export function makeBuyer(ctx: CohortContext): Buyer {
  const { rng, world } = ctx
  const party = makeSellerParty(rng, pickSellerCountry(rng), { business: rng.chance(0.6) })
  const devices = makePersonalDevices(rng)
  const mix = makeHonestMix(rng, world, {
    country: party.country,
    lifetime: { registeredAt: WORLD_START, lastActiveAt: WORLD_END },
    devices,
  })
  const brand = makeBrand(rng)
  const shared = Array.from({ length: rng.between(3, 15) }, () => makeProduct(rng, brand))
  return {
    operator: ctx.operatorIds.next(),
    party,
    mix,
    catalog: { shared, reuse: 0.6, editBits: 2, brand, stock: world.stock },
  }
}

/** When a bought account changes hands: some weeks to months after registration, before the data ends. */
export function drawSaleAt(rng: Random, registeredAt: number): number {
  return Math.min(registeredAt + days(3 + rng.pareto(15, 1.1)), WORLD_END - days(10 + rng.int(20)))
}

/** The profile changes a buyer makes after the takeover: payout bank and contacts, sometimes the representative. */
function takeoverUpdates(rng: Random, buyer: Buyer, plan: AccountPlan, saleAt: number): TimedEvent[] {
  const { party } = buyer
  const market = marketCountry(plan.declaration.marketplace)
  const bank = rng.chance(0.8)
    ? party.bank
    : makeBank(rng, market === party.country ? party.country : market, { collection: market !== party.country })
  const events: TimedEvent[] = [
    { at: saleAt + days(rng.float() * 4), record: { type: 'update', set: { bank } } },
    {
      at: saleAt + days(rng.float() * 6),
      record: {
        type: 'update',
        set: {
          email: makeEmailVariant(rng, party.email, rng.between(2, 40)),
          phone: typePhone(rng, party.phone, market !== party.country),
        },
      },
    },
  ]
  if (rng.chance(0.35)) {
    events.push({
      at: saleAt + days(2 + rng.float() * 30),
      record: {
        type: 'update',
        set: { representative: toRepresentative(rng, party.person, { retyped: rng.chance(0.3) }) },
      },
    })
  }
  if (rng.chance(0.25)) {
    events.push({
      at: saleAt + days(2 + rng.float() * 30),
      record: { type: 'update', set: { addresses: [{ role: 'return', ...toPostalAddress(rng, party.office, true) }] } },
    })
  }
  if (rng.chance(0.1))
    events.push({
      at: saleAt + days(5 + rng.float() * 40),
      record: { type: 'status', status: 'suspended', reason: 'account_takeover_suspected' },
    })
  return events
}

/** The plan after `buyer` takes the account over at `saleAt`: new devices and IPs, new bank and contacts. */
export function transferToBuyer(rng: Random, plan: AccountPlan, buyer: Buyer, saleAt: number): AccountPlan {
  const lastActiveAt = Math.min(WORLD_END - days(1), Math.max(plan.lastActiveAt, saleAt + days(20 + rng.pareto(30, 1))))
  return {
    ...plan,
    lastActiveAt,
    sessions: plan.sessions + drawSessionCount(rng),
    listings: plan.listings + drawListingCount(rng),
    eras: [...plan.eras.filter((e) => e.from < saleAt), { from: saleAt, mix: buyer.mix, catalog: buyer.catalog }],
    events: [
      ...plan.events.filter((e) => e.at < saleAt && e.record.type !== 'status'),
      ...takeoverUpdates(rng, buyer, plan, saleAt),
    ],
  }
}
