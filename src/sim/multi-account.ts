import type { AccountPlan } from './account-plan.ts'
import { makeBank } from './bank-account.ts'
import { planCarefulAccount } from './careful-account.ts'
import { addAccount, type Cohort, type CohortContext } from './cohort.ts'
import { makeEmailVariant, makePhone, toMailName, typePhone } from './contact.ts'
import { poolIp } from './network.ts'
import { drawOperatorSize, makeOperator, type Operator, operatorEvents, operatorMix } from './operator.ts'
import { drawListingCount, drawSessionCount, makeLifetime } from './seller-activity.ts'
import { declareAccount } from './seller-party.ts'

function planLooseAccount(ctx: CohortContext, op: Operator, index: number): AccountPlan {
  const { rng, world } = ctx
  const careless = op.care === 'careless'
  const party = careless ? (rng.chance(0.85) ? op.boss : rng.pick(op.nominees)) : rng.pick([op.boss, ...op.nominees])
  const marketplace = rng.pick(op.marketplaces)
  const lifetime = makeLifetime(rng, op.registration[0], op.registration[1])
  const email = careless
    ? index === 0 || rng.chance(0.2)
      ? op.boss.email
      : makeEmailVariant(rng, op.boss.email, index)
    : rng.chance(0.5)
      ? `${toMailName(rng, op.brand)}${rng.pick(['', '.', '_'])}${index + rng.int(3)}@${rng.pick(['gmail.com', 'outlook.com', 'hotmail.com'])}`
      : party.email
  const phone = rng.chance(careless ? 0.7 : 0.3)
    ? op.boss.phone
    : party === op.boss
      ? makePhone(rng, op.country)
      : party.phone
  const declaration = declareAccount(rng, party, {
    marketplace,
    retyped: rng.chance(careless ? 0.35 : 0.6),
    ...(rng.chance(careless ? 0.5 : 0.6) ? { returnPlace: op.warehouse } : {}),
    ...(party === op.boss && !careless
      ? { nameStyle: { latin: rng.chance(0.5), swapped: rng.chance(0.3), retyped: rng.chance(0.6) } }
      : {}),
    override: {
      email,
      phone: typePhone(rng, phone),
      bank: careless && rng.chance(0.15) ? makeBank(rng, op.country) : rng.pick(op.banks),
    },
  })
  const mix = operatorMix(rng, op, careless ? 0 : 0.45)
  const routes = [...mix.routes, { ip: poolIp(world.carrier[op.country]), weight: 0.2 }]
  return {
    ...lifetime,
    declaration,
    sessions: drawSessionCount(rng),
    listings: drawListingCount(rng),
    eras: [
      {
        from: lifetime.registeredAt,
        mix: { ...mix, routes },
        catalog: {
          shared: op.products,
          reuse: careless ? 0.8 : 0.5,
          editBits: careless ? 1 : 3,
          brand: op.brand,
          stock: world.stock,
        },
      },
    ],
    events: operatorEvents(rng, party, lifetime),
  }
}

/** One multi-account operator with all its accounts (the last operator may be cut to fit `budget`). */
export function buildMultiAccountOperator(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const size = Math.min(budget, drawOperatorSize(ctx.rng))
  const op = makeOperator(ctx, size)
  for (let i = 0; i < size; i++) {
    const plan = op.care === 'careful' ? planCarefulAccount(ctx, op, i) : planLooseAccount(ctx, op, i)
    addAccount(ctx, cohort, plan, { operator: op.id, role: 'multi_account' })
  }
}
