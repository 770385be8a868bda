import type { AccountPlan, TimedEvent } from './account-plan.ts'
import { makeHomePlace, type Place } from './address.ts'
import { makeBank } from './bank-account.ts'
import { type Buyer, drawSaleAt, makeBuyer, transferToBuyer } from './buyer.ts'
import { addAccount, type Cohort, type CohortContext } from './cohort.ts'
import { makeVoipBlock, phoneFromBlock, toMailName, typePhone } from './contact.ts'
import { type FarmDocument, makeFarmDocuments } from './farm-identities.ts'
import { planHonestAccount } from './independent.ts'
import { makeEnforcement } from './life-events.ts'
import type { Country } from './name-lists.ts'
import { type Device, makeClonedDevice, makeDatacenterBlock, makeDevice, proxyIp, type SessionMix } from './network.ts'
import { makePerson, toRepresentative } from './person.ts'
import type { Random } from './random.ts'
import { makeVerification } from './seller-activity.ts'
import { declareAccount, makeSellerParty, marketCountry } from './seller-party.ts'
import { days, REGISTRATION_END, WORLD_END, WORLD_START } from './timestamp.ts'

/** A service-provider farm: bulk registrations through one partner channel with recycled identities. */
interface Farm {
  readonly id: string
  readonly country: Country
  readonly ref: string
  readonly channelType: 'partner' | 'invite'
  readonly documents: readonly FarmDocument[]
  readonly faces: readonly number[]
  readonly documentImages: readonly (readonly [number, number])[]
  readonly voip: ReturnType<typeof makeVoipBlock>
  readonly mailStem: string
  readonly mailDomain: string
  readonly device: Device
  readonly network: SessionMix['routes'][number]['ip']
  readonly virtualOffices: readonly Place[]
  readonly markets: readonly string[]
  readonly start: number
  /** Days between two bursts of registrations. */
  readonly burstGap: number
}

const FARM_ENFORCEMENT = {
  suspendRate: 0.25,
  reasons: ['document_forgery', 'linked_accounts', 'identity_mismatch', 'verification_failed'],
}
const MAX_FARM_ACCOUNTS = 300
const BURST_SIZE = 25

function makeFarm(ctx: CohortContext, size: number): Farm {
  const { rng } = ctx
  const country: Country = rng.pickWeighted(['CN', 'US', 'GB', 'DE'], [0.65, 0.15, 0.1, 0.1])
  const id = ctx.operatorIds.next()
  return {
    id,
    country,
    ref: rng.chance(0.6) ? `sp-${rng.hex(8)}` : `https://sellercentral.example/invite/${rng.hex(12)}`,
    channelType: rng.chance(0.6) ? 'partner' : 'invite',
    documents: makeFarmDocuments(rng, country, Math.max(2, Math.ceil(size / rng.between(2, 6)))),
    faces: Array.from({ length: rng.between(1, 3) }, () => rng.uint32()),
    documentImages: Array.from({ length: rng.between(1, 3) }, () => [rng.uint32(), rng.uint32()] as const),
    voip: makeVoipBlock(rng, country),
    // A mailbox has one owner: the stem ends in a tag of the farm's own (from its unique id), so that two farms never
    // number their mailboxes from the same stem (with a word and two hex digits alone, farms of a large marketplace
    // did, and shared dozens of addresses no two parties can share).
    mailStem: `${rng.pick(['shop', 'store', 'seller', 'trade', 'goods', 'mall', 'best'])}${rng.hex(2)}${id.slice(-3)}`,
    mailDomain: rng.pick(['outlook.com', 'hotmail.com', 'gmail.com', `${rng.hex(6)}.com`]),
    device: makeDevice(rng, false),
    network: makeDatacenterBlock(rng),
    virtualOffices: Array.from({ length: rng.between(1, 4) }, () => makeHomePlace(rng, country)),
    markets: rng.shuffle(['US', 'UK', 'DE', 'JP']).slice(0, rng.between(1, 3)),
    // Leave room for all bursts (one every ~40 days per 25 accounts) before registrations close.
    burstGap: rng.between(20, 60),
    start:
      WORLD_START +
      rng.float() * Math.max(0, REGISTRATION_END - WORLD_START - days(20 + Math.ceil(size / BURST_SIZE) * 60)),
  }
}

function farmEmail(rng: Random, farm: Farm, index: number, name: string): string {
  if (rng.chance(0.6)) return `${farm.mailStem}${String(index + 1).padStart(3, '0')}@${farm.mailDomain}`
  return `${toMailName(rng, name)}${rng.digits(4)}@${farm.mailDomain}`
}

function farmVerification(rng: Random, farm: Farm, doc: FarmDocument, at: number): TimedEvent {
  return makeVerification(rng, {
    at,
    kind: 'id_document',
    documentNumber: doc.document.number,
    image: rng.pick(farm.documentImages),
    imageBits: rng.between(1, 4),
    faceSeed: rng.pick(farm.faces),
    faceNoise: 0.02,
    outcome: doc.forged && rng.chance(0.6) ? 'failed' : rng.chance(0.85) ? 'passed' : 'failed',
  })
}

function planFarmAccount(ctx: CohortContext, farm: Farm, index: number): AccountPlan {
  const { rng, world } = ctx
  // Bursts: every BURST_SIZE accounts a new burst some weeks later; inside a burst, registrations within days.
  const registeredAt = Math.min(
    REGISTRATION_END,
    farm.start + days(Math.floor(index / 25) * rng.between(20, 60) + rng.float() * 5),
  )
  const lastActiveAt = Math.min(WORLD_END - days(1), registeredAt + days(5 + rng.pareto(20, 1.2)))
  const marketplace = rng.pick(farm.markets)
  const market = marketCountry(marketplace)
  const doc = rng.pick(farm.documents)
  const nominee = makePerson(rng, farm.country)
  const party = {
    ...makeSellerParty(rng, farm.country, { person: nominee, business: rng.chance(0.5) }),
    home: rng.pick(farm.virtualOffices),
  }
  const representative = {
    ...toRepresentative(rng, nominee, { latin: farm.country === 'CN' && market !== 'CN' }),
    document: doc.document,
    birthDate: rng.chance(0.7) ? doc.birthDate : nominee.birthDate,
  }
  const declaration = declareAccount(
    rng,
    { ...party, office: party.home },
    {
      marketplace,
      retyped: rng.chance(0.5),
      channel: rng.chance(0.9) ? { type: farm.channelType, ref: farm.ref } : { type: 'organic' },
      override: {
        representative,
        email: farmEmail(rng, farm, index, nominee.given.latin + nominee.family.latin),
        phone: typePhone(rng, phoneFromBlock(rng, farm.voip), market !== farm.country),
        bank: makeBank(rng, market, { collection: market !== farm.country }),
      },
    },
  )
  const device = makeClonedDevice(rng, farm.device)
  const mix: SessionMix = {
    devices: [device],
    deviceWeights: [1],
    routes: [
      { ip: farm.network, weight: 0.7 },
      { ip: proxyIp(market), weight: 0.3 },
    ],
  }
  const life = { registeredAt, lastActiveAt }
  const events = [...makeEnforcement(rng, life, FARM_ENFORCEMENT)]
  if (rng.chance(0.8)) events.push(farmVerification(rng, farm, doc, registeredAt + days(rng.float() * 3)))
  return {
    ...life,
    declaration,
    sessions: 1 + rng.int(4),
    listings: rng.int(3),
    eras: [{ from: registeredAt, mix, catalog: { stock: world.stock } }],
    events,
  }
}

/** Chance that a farm account is sold (the rest stay with the farm, dormant or waiting for a buyer). */
const SOLD_SHARE = 0.3

/** A farm with its accounts; some are sold, each buyer taking one to four (and maybe owning accounts of its own). */
export function buildFarm(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng } = ctx
  const size = Math.min(budget, MAX_FARM_ACCOUNTS, Math.floor(rng.pareto(5, 1.3)))
  const farm = makeFarm(ctx, size)
  let buyer: Buyer | undefined
  let capacity = 0
  let used = 0
  for (let i = 0; i < size && used < budget; i++, used++) {
    const plan = planFarmAccount(ctx, farm, i)
    if (!rng.chance(SOLD_SHARE)) {
      addAccount(ctx, cohort, plan, { operator: farm.id, role: 'farm' })
      continue
    }
    if (!buyer || capacity === 0) {
      buyer = makeBuyer(ctx)
      capacity = rng.between(1, 4)
      used += addBuyerOwnAccounts(ctx, cohort, buyer, budget - used - 1)
    }
    capacity--
    const sold = transferToBuyer(rng, plan, buyer, drawSaleAt(rng, plan.registeredAt))
    addAccount(ctx, cohort, sold, { operator: buyer.operator, role: 'purchased' })
  }
}

/** A buyer's own accounts, registered under its own identity (0 to 2 of them); returns how many. */
export function addBuyerOwnAccounts(ctx: CohortContext, cohort: Cohort, buyer: Buyer, budget: number): number {
  const { rng } = ctx
  const count = Math.max(0, Math.min(budget, rng.chance(0.4) ? rng.between(1, 2) : 0))
  for (let i = 0; i < count; i++) {
    const plan = planHonestAccount(ctx, buyer.party)
    addAccount(
      ctx,
      cohort,
      { ...plan, eras: [{ from: plan.registeredAt, mix: buyer.mix, catalog: buyer.catalog }] },
      {
        operator: buyer.operator,
        role: 'multi_account',
      },
    )
  }
  return count
}
