import { drawSaleAt, makeBuyer, transferToBuyer } from './buyer.ts'
import { addAccount, type Cohort, type CohortContext } from './cohort.ts'
import { addBuyerOwnAccounts } from './farm.ts'
import { pickSellerCountry, planHonestAccount } from './independent.ts'
import { makeSellerParty } from './seller-party.ts'

/**
 * A buyer of established stores: honest sellers sell their accounts (one to three) to the same buyer,
 * which takes them over with its devices, IPs, bank and contacts. Truth: the buyer controls them.
 */
export function buildStoreBuyer(ctx: CohortContext, cohort: Cohort, budget: number): void {
  const { rng } = ctx
  const buyer = makeBuyer(ctx)
  const bought = Math.min(budget, rng.between(1, 3))
  const own = addBuyerOwnAccounts(ctx, cohort, buyer, budget - bought)
  for (let i = 0; i < bought && i + own < budget; i++) {
    const seller = makeSellerParty(rng, pickSellerCountry(rng))
    const plan = planHonestAccount(ctx, seller)
    const sold = transferToBuyer(rng, plan, buyer, drawSaleAt(rng, plan.registeredAt))
    addAccount(ctx, cohort, sold, { operator: buyer.operator, role: 'purchased' })
  }
}
