import { EVIDENCE_KINDS, type EvidenceKind } from './evidence-kinds.ts'
import type { FaceThreshold } from './face-threshold.ts'

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
  /**
   * For each group compared in time (TIME_GROUPS), what the time of an agreement adds: learned with m (see
   * estimateM). Absent in weights stored before time was weighed: then time adds nothing.
   */
  readonly time?: Readonly<Record<string, TimeLevelWeights>>
  /**
   * How similar two face descriptors must be to be one face, learned from the base (see learnFaceThreshold). Absent
   * when the base held too few faces, and in weights stored before it was learned: then SAME_FACE_MIN_COSINE.
   */
  readonly face?: FaceThreshold
}

/**
 * How the time of an agreement on a value of one group is weighed: two accounts used the value close in time (within
 * CLOSE_IN_TIME_DAYS of each other) or further apart. `mApart` and `uApart` are the shares of agreements that were
 * far apart among matches and among non-matches; the bits are log2 of the level's m/u ratio, added to the value's
 * weight. Close never weighs less than apart: where the data says otherwise, both are 0.
 */
export interface TimeLevelWeights {
  readonly mApart: number
  readonly uApart: number
  readonly closeBits: number
  readonly apartBits: number
}

/** Two accounts' uses of a value at most this many days apart are close in time. */
export const CLOSE_IN_TIME_DAYS = 30

/** The time level of an agreement: true when the two accounts used the value more than CLOSE_IN_TIME_DAYS apart. */
export function farApart(daysApart: number): boolean {
  return daysApart > CLOSE_IN_TIME_DAYS
}

/**
 * The share of a class's agreements a time level is taken to have at least (and at most one minus it): shares below
 * it rest on a handful of candidate pairs and would weigh a level by ten bits or more. It bounds a level's bits to
 * ±log2(0.95 / 0.05) ≈ 4.2.
 */
export const TIME_LEVEL_MIN_SHARE = 0.05

/** The time-level weights of a group from the level shares EM estimated (see TimeLevelWeights). */
export function timeLevelWeights(mApart: number, uApart: number): TimeLevelWeights {
  const bounded = (p: number) => Math.min(1 - TIME_LEVEL_MIN_SHARE, Math.max(TIME_LEVEL_MIN_SHARE, p))
  const m = bounded(mApart)
  const u = bounded(uApart)
  if (m >= u) return { mApart, uApart, closeBits: 0, apartBits: 0 }
  return { mApart, uApart, closeBits: Math.log2((1 - m) / (1 - u)), apartBits: Math.log2(m / u) }
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

export function withThresholds(
  m: Record<string, number>,
  accounts: number,
  version: number,
  time?: Readonly<Record<string, TimeLevelWeights>>,
): LinkageWeights {
  const link = Math.log2(Math.max(MIN_BASE, accounts)) - LINK_MARGIN_BITS
  return {
    ...(time === undefined ? {} : { time }),
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
  return Math.max(0, valueBits(w, kind, degree, population))
}

/**
 * {@link valueWeight} for a kind compared in time, given how many days apart the two accounts used the value: the
 * bits of that time level are added.
 */
export function timedValueWeight(
  w: LinkageWeights,
  kind: EvidenceKind,
  shared: { readonly degree: number; readonly population: number; readonly daysApart: number | undefined },
): number {
  const bits = valueBits(w, kind, shared.degree, shared.population)
  return Math.max(0, bits + timeBits(w, EVIDENCE_KINDS[kind].group, shared.daysApart))
}

function valueBits(w: LinkageWeights, kind: EvidenceKind, degree: number, population: number): number {
  const m = w.m[EVIDENCE_KINDS[kind].group] ?? EVIDENCE_KINDS[kind].priorM
  return Math.log2((m * Math.max(population, 2)) / Math.max(degree, 2))
}

/** What the time of an agreement adds to its weight (0 for groups not compared in time, or weights without time). */
export function timeBits(w: LinkageWeights, group: string, daysApart: number | undefined): number {
  const level = daysApart === undefined ? undefined : w.time?.[group]
  if (level === undefined || daysApart === undefined) return 0
  return farApart(daysApart) ? level.apartBits : level.closeBits
}
