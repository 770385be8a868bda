import type { AccountPlan, TimedEvent } from './account-plan.ts'
import { makeBrand } from './catalog.ts'
import type { CohortContext } from './cohort.ts'
import { makeEmailVariant, typePhone } from './contact.ts'
import { type Device, makeDevice, poolIp, proxyIp, type SessionMix, type SessionRoute } from './network.ts'
import { type Operator, operatorEvents } from './operator.ts'
import { toRepresentative } from './person.ts'
import type { Random } from './random.ts'
import { drawListingCount, drawSessionCount, makeLifetime, makeVerification } from './seller-activity.ts'
import { declareAccount, makeSellerParty, marketCountry } from './seller-party.ts'
import { days } from './timestamp.ts'

/**
 * The mistakes a careful operator makes on one account: the only links between its accounts. Each
 * account makes one or two, so some accounts are linked only through others, and a few not at all.
 */
export type Slip =
  | 'home_ip'
  | 'device'
  | 'cookie'
  | 'bank'
  | 'representative'
  | 'listing'
  | 'warehouse'
  | 'phone'
  | 'email'
  | 'face'

const SLIPS: readonly Slip[] = [
  'home_ip',
  'device',
  'cookie',
  'bank',
  'representative',
  'listing',
  'warehouse',
  'phone',
  'email',
  'face',
]
const SLIP_WEIGHTS = [0.24, 0.1, 0.07, 0.12, 0.1, 0.15, 0.1, 0.04, 0.04, 0.04]

/** One or two slips for an account. */
export function drawSlips(rng: Random): ReadonlySet<Slip> {
  const slips = new Set<Slip>([rng.pickWeighted(SLIPS, SLIP_WEIGHTS)])
  if (rng.chance(0.3)) slips.add(rng.pickWeighted(SLIPS, SLIP_WEIGHTS))
  return slips
}

function slipMix(rng: Random, op: Operator, own: Device, slips: ReadonlySet<Slip>): AccountPlan['slips'] {
  const devices: Device[] = []
  const routes: SessionRoute[] = []
  const boss = op.devices[0] ?? own
  if (slips.has('home_ip')) routes.push({ ip: op.home, weight: 1 })
  if (slips.has('device')) devices.push(boss)
  if (slips.has('cookie'))
    devices.push({ id: own.id, userAgentJson: own.userAgentJson, mobile: own.mobile, cookie: boss.cookie })
  if (devices.length === 0 && routes.length === 0) return undefined
  if (devices.length === 0) devices.push(own)
  if (routes.length === 0) routes.push({ ip: proxyIp(op.country), weight: 1 })
  const mix: SessionMix = { devices, deviceWeights: devices.map(() => 1), routes }
  return { count: rng.between(1, 2), mix }
}

function faceSlip(rng: Random, op: Operator, at: number): TimedEvent {
  // The operator does the video check for a nominee's account itself.
  return makeVerification(rng, { at, kind: 'video', faceSeed: op.boss.person.faceSeed, outcome: 'passed' })
}

/** An account of a careful operator: a fresh nominee, device, proxy IPs, bank and email, with one or two slips. */
export function planCarefulAccount(ctx: CohortContext, op: Operator, index: number): AccountPlan {
  const { rng, world } = ctx
  const slips = drawSlips(rng)
  const party = makeSellerParty(rng, op.country)
  const marketplace = rng.pick(op.marketplaces)
  const lifetime = makeLifetime(rng, op.registration[0], op.registration[1])
  const device = makeDevice(rng, false)
  const declaration = declareAccount(rng, party, {
    marketplace,
    ...(slips.has('warehouse') ? { returnPlace: op.warehouse, retyped: true } : {}),
    override: {
      ...(slips.has('bank') ? { bank: rng.pick(op.banks) } : {}),
      ...(slips.has('phone') ? { phone: typePhone(rng, op.boss.phone) } : {}),
      ...(slips.has('email') ? { email: makeEmailVariant(rng, op.boss.email, index) } : {}),
      ...(slips.has('representative')
        ? {
            representative: toRepresentative(rng, op.boss.person, {
              retyped: true,
              latin: rng.chance(0.5),
              swapped: rng.chance(0.3),
            }),
          }
        : {}),
    },
  })
  const mix: SessionMix = {
    devices: [device],
    deviceWeights: [1],
    routes: [
      { ip: proxyIp(marketCountry(marketplace)), weight: 0.85 },
      { ip: poolIp(world.carrier[op.country]), weight: 0.15 },
    ],
  }
  const catalog = slips.has('listing')
    ? { shared: op.products, reuse: 0.35, editBits: 6, stock: world.stock }
    : { brand: makeBrand(rng), stock: world.stock }
  const events = operatorEvents(rng, party, lifetime)
  if (slips.has('face')) events.push(faceSlip(rng, op, lifetime.registeredAt + days(rng.float() * 10)))
  const slipSessions = slipMix(rng, op, device, slips)
  return {
    ...lifetime,
    declaration,
    sessions: drawSessionCount(rng),
    listings: drawListingCount(rng),
    eras: [{ from: lifetime.registeredAt, mix, catalog }],
    ...(slipSessions ? { slips: slipSessions } : {}),
    events,
  }
}
