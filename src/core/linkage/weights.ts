import { EVIDENCE_KINDS, type EvidenceKind } from './evidence-kinds.ts'

/**
 * The Fellegi–Sunter weights of one linkage run: m per evidence group (probability that two accounts of one operator
 * share a value of that group), and the decision thresholds, which scale with the size of the base.
 *
 * The weight of sharing one value v held by d accounts is log2(m · N / d), where N is the number of accounts with
 * any value of the group: the u-probability of a random pair agreeing on v is d/N (term-frequency adjustment), so a
 * bank account shared by 2 accounts weighs far more than an address shared by 400 tenants. A pair links when its
 * score reaches `linkThreshold` = log2(accounts) − LINK_MARGIN_BITS: about the prior odds against two random accounts
 * being one operator.
 */
export interface LinkageWeights {
  readonly version: number
  readonly accounts: number
  readonly m: Readonly<Record<string, number>>
  readonly linkThreshold: number
  /** Pairs at or above it link whatever else the cluster looks like; weaker links need corroboration. */
  readonly strongThreshold: number
  /** Circumstantial evidence (address, network, names) counts at most this much in one pair. */
  readonly circumstantialCap: number
  /** Listing content counts at most this much unless several items match. */
  readonly contentCap: number
}

export const LINK_MARGIN_BITS = 4
export const STRONG_MARGIN_BITS = 4
/** Circumstantial evidence (home, building, network, names) adds at most this share of the link threshold. */
export const CIRCUMSTANTIAL_SHARE = 0.75
/** Listing content adds at most this share of the link threshold. */
export const CONTENT_SHARE = 0.5
/** The smallest base for which thresholds are computed as for a larger one (keeps tiny test sets meaningful). */
const MIN_BASE = 64

/** Starting weights: m from each kind's prior, thresholds from the size of the base. */
export function initialWeights(accounts: number, version = 1): LinkageWeights {
  const m: Record<string, number> = {}
  for (const spec of Object.values(EVIDENCE_KINDS)) m[spec.group] = spec.priorM
  return withThresholds(m, accounts, version)
}

export function withThresholds(m: Record<string, number>, accounts: number, version: number): LinkageWeights {
  const link = Math.log2(Math.max(MIN_BASE, accounts)) - LINK_MARGIN_BITS
  return {
    version,
    accounts,
    m,
    linkThreshold: link,
    strongThreshold: link + STRONG_MARGIN_BITS,
    circumstantialCap: link * CIRCUMSTANTIAL_SHARE,
    contentCap: link * CONTENT_SHARE,
  }
}

/** The weight, in bits, of sharing one value of a kind held by `degree` accounts among `population`. */
export function valueWeight(w: LinkageWeights, kind: EvidenceKind, degree: number, population: number): number {
  const m = w.m[EVIDENCE_KINDS[kind].group] ?? EVIDENCE_KINDS[kind].priorM
  return Math.max(0, Math.log2((m * Math.max(population, 2)) / Math.max(degree, 2)))
}
