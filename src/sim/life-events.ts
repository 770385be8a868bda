import type { TimedEvent } from './account-plan.ts'
import { makeHomePlace, toPostalAddress } from './address.ts'
import { makeBank, makeCard } from './bank-account.ts'
import { makePersonalEmail, makePhone, typePhone } from './contact.ts'
import type { Random } from './random.ts'
import { type Lifetime, makeOwnIdentityCheck } from './seller-activity.ts'
import type { SellerParty } from './seller-party.ts'
import { days } from './timestamp.ts'

function timeIn(rng: Random, life: Lifetime, afterDays = 1): number {
  const from = life.registeredAt + days(afterDays)
  return from + rng.float() * Math.max(0, life.lastActiveAt - from)
}

/** Status decisions: rarely for honest sellers, often for operators and farms. */
export interface EnforcementOptions {
  readonly suspendRate: number
  readonly reasons: readonly string[]
}

/** A suspension, then maybe a reinstatement or a final deactivation. */
export function makeEnforcement(rng: Random, life: Lifetime, opts: EnforcementOptions): TimedEvent[] {
  if (!rng.chance(opts.suspendRate)) return []
  const at = timeIn(rng, life, 14)
  const reason = rng.pick(opts.reasons)
  const r = rng.float()
  if (r < 0.35) return [{ at, record: { type: 'status', status: 'deactivated', reason } }]
  const events: TimedEvent[] = [{ at, record: { type: 'status', status: 'suspended', reason } }]
  const later = at + days(rng.between(2, 60))
  if (r < 0.65) events.push({ at: later, record: { type: 'status', status: 'reinstated', reason: 'appeal_accepted' } })
  else if (r < 0.85) events.push({ at: later, record: { type: 'status', status: 'deactivated', reason } })
  return events
}

const HONEST_REASONS = ['policy_violation:listing', 'payment_failure', 'customer_complaints', 'verification_expired']

/** The ordinary history of an honest seller: an identity check, moves, new phones and banks, rare enforcement. */
export function makeHonestLifeEvents(rng: Random, party: SellerParty, life: Lifetime): TimedEvent[] {
  const events: TimedEvent[] = []
  if (rng.chance(0.4)) events.push(makeOwnIdentityCheck(rng, party.person, life.registeredAt + days(rng.float() * 30)))
  if (party.company && rng.chance(0.25)) {
    events.push({
      at: timeIn(rng, life),
      record: {
        type: 'verification',
        kind: 'business_licence',
        ...(party.company.registrationNumber ? { documentNumber: party.company.registrationNumber } : {}),
        imageHash: rng.hex(16),
        outcome: 'passed',
      },
    })
  }
  if (rng.chance(0.06))
    events.push({
      at: timeIn(rng, life),
      record: {
        type: 'verification',
        kind: rng.pick(['utility_bill', 'postcard']),
        imageHash: rng.hex(16),
        outcome: 'passed',
      },
    })
  if (rng.chance(0.08)) {
    const moved = toPostalAddress(rng, makeHomePlace(rng, party.country))
    events.push({
      at: timeIn(rng, life, 30),
      record: { type: 'update', set: { addresses: [{ role: 'business', ...moved }] } },
    })
  }
  if (rng.chance(0.07))
    events.push({
      at: timeIn(rng, life, 20),
      record: { type: 'update', set: { phone: typePhone(rng, makePhone(rng, party.country)) } },
    })
  if (rng.chance(0.04))
    events.push({
      at: timeIn(rng, life, 20),
      record: { type: 'update', set: { email: makePersonalEmail(rng, party.person) } },
    })
  if (rng.chance(0.06))
    events.push({ at: timeIn(rng, life, 20), record: { type: 'update', set: { bank: makeBank(rng, party.country) } } })
  if (rng.chance(0.1))
    events.push({ at: timeIn(rng, life, 60), record: { type: 'update', set: { card: makeCard(rng, party.country) } } })
  if (rng.chance(0.015))
    events.push({
      at: timeIn(rng, life, 30),
      record: { type: 'status', status: 'deactivated', reason: 'seller_request' },
    })
  return [...events, ...makeEnforcement(rng, life, { suspendRate: 0.015, reasons: HONEST_REASONS })]
}
