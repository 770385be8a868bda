import { toPostalAddress, withOfficeUnit } from './address.ts'
import { addAccount, type Cohort, type CohortContext } from './cohort.ts'
import { makeCompany, toBusiness } from './company.ts'
import { type HonestAccountOptions, pickSellerCountry, planHonestAccount } from './independent.ts'
import type { Country } from './name-lists.ts'
import { fixedIp, makeHomeConnection, makeResidentialIp, poolIp } from './network.ts'
import { makePerson } from './person.ts'
import { REGISTERED_AGENTS } from './place-lists.ts'
import { makeLifetime } from './seller-activity.ts'
import { makeSellerParty, type SellerParty } from './seller-party.ts'
import { WORLD_END, WORLD_START } from './timestamp.ts'

/**
 * Honest sellers who share something innocently. Each is its own operator; the role says what they
 * share, so an evaluation can measure false links among them.
 */
export type InnocentRole = 'innocent_tower' | 'innocent_agent' | 'innocent_nat' | 'innocent_cowork' | 'innocent_family'

/** One innocently sharing seller: its own operator. */
interface HonestSeller {
  readonly party: SellerParty
  readonly role: InnocentRole
  readonly opts?: HonestAccountOptions
}

function addHonest(ctx: CohortContext, cohort: Cohort, seller: HonestSeller): void {
  const plan = planHonestAccount(ctx, seller.party, seller.opts)
  addAccount(ctx, cohort, plan, { operator: ctx.operatorIds.next(), role: seller.role })
}

/** Tenants of one office tower: the same street address, each with its own suite and nothing else in common. */
export function buildTowerTenants(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng } = ctx
  const country = pickSellerCountry(rng)
  const tower = rng.pick(ctx.world.towers[country])
  for (let i = Math.min(budget, rng.between(3, 12)); i > 0; i--) {
    const party = makeSellerParty(rng, country, { business: rng.chance(0.85), office: withOfficeUnit(rng, tower) })
    const officeIp = fixedIp(makeResidentialIp(rng, country))
    addHonest(ctx, cohort, { party, role: 'innocent_tower', opts: { extraRoutes: [{ ip: officeIp, weight: 0.5 }] } })
  }
}

/** LLCs formed through one registered agent: the agent's address is their registered business address. */
export function buildAgentClients(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng } = ctx
  const agent = rng.pick(REGISTERED_AGENTS)
  const agentAddress = {
    lines: [...agent.lines],
    city: agent.city,
    ...(agent.region ? { region: agent.region } : {}),
    postalCode: agent.postalCode,
    country: agent.country,
  }
  for (let i = Math.min(budget, rng.between(3, 15)); i > 0; i--) {
    // Owners come from anywhere: many are CN sellers with a Wyoming or Delaware LLC.
    const ownerCountry: Country = rng.chance(0.5) ? agent.country : pickSellerCountry(rng)
    const person = makePerson(rng, ownerCountry, { minAge: 20 })
    const party = {
      ...makeSellerParty(rng, ownerCountry, { person, business: false }),
      company: makeCompany(rng, agent.country, person),
    }
    const marketplace = agent.country === 'US' ? 'US' : 'UK'
    addHonest(ctx, cohort, {
      party,
      role: 'innocent_agent',
      opts: {
        marketplace,
        declaration: {
          override: {
            kind: 'business',
            business: toBusiness(rng, party.company, { address: agentAddress }),
            addresses: [
              { role: 'business', ...agentAddress },
              { role: 'return', ...toPostalAddress(rng, party.home) },
            ],
          },
        },
      },
    })
  }
}

/** Sellers who work from their phones or public Wi-Fi: their IPs are carrier NAT gateways shared by thousands. */
export function buildNatUsers(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng, world } = ctx
  const country = pickSellerCountry(rng)
  for (let i = Math.min(budget, rng.between(5, 20)); i > 0; i--) {
    const party = makeSellerParty(rng, country, { business: rng.chance(0.2) })
    const carrier = poolIp(world.carrier[country])
    const wifi = poolIp(world.publicWifi[country])
    addHonest(ctx, cohort, {
      party,
      role: 'innocent_nat',
      opts: {
        extraRoutes: [
          { ip: carrier, weight: 2.5, device: 1 },
          { ip: wifi, weight: rng.chance(0.4) ? 1.2 : 0.2 },
        ],
      },
    })
  }
}

/** Members of one coworking space: one public IP for all, often the space's address as business address. */
export function buildCoworkMembers(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng } = ctx
  const space = rng.pick(ctx.world.coworks)
  const country = space.place.country
  for (let i = Math.min(budget, rng.between(3, 14)); i > 0; i--) {
    const atSpace = rng.chance(0.45)
    const office = atSpace
      ? { ...space.place, unit: rng.chance(0.5) ? `Desk ${rng.between(1, 200)}` : undefined }
      : undefined
    const party = makeSellerParty(rng, country, { business: rng.chance(0.6), ...(office ? { office } : {}) })
    addHonest(ctx, cohort, {
      party,
      role: 'innocent_cowork',
      opts: { extraRoutes: [{ ip: fixedIp(space.ip), weight: 1.2 }] },
    })
  }
}

/** Relatives with separate businesses at one home: same address and surname, often the same home IP. */
export function buildFamily(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng } = ctx
  const country = pickSellerCountry(rng)
  const first = makeSellerParty(rng, country)
  const shareIp = rng.chance(0.7)
  const homeIp = makeHomeConnection(rng, country, WORLD_START, WORLD_END)
  const size = Math.min(budget, rng.between(2, 4))
  for (let i = 0; i < size; i++) {
    // In CN a spouse keeps their own surname; children and other countries' spouses share it.
    const ownSurname = country === 'CN' && i === 1
    const person =
      i === 0
        ? first.person
        : makePerson(rng, country, { minAge: 18, ...(ownSurname ? {} : { family: first.person.family }) })
    const party = i === 0 ? first : makeSellerParty(rng, country, { person, home: first.home })
    addHonest(ctx, cohort, {
      party,
      role: 'innocent_family',
      opts: {
        lifetime: makeLifetime(rng),
        ...(shareIp ? { home: homeIp } : {}),
      },
    })
  }
}
