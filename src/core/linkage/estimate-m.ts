/**
 * Estimates, without labels, the m-probabilities of the Fellegi–Sunter model by expectation–maximisation over the
 * candidate pairs: each pair is a vector of agreements (one bit per evidence group); matches and non-matches are a
 * two-class mixture with conditionally independent groups. Pairs are aggregated by pattern first, so the cost is
 * independent of the number of pairs. The u-probabilities used for weights come from value frequencies instead
 * (term-frequency adjustment); EM's u only serves to separate the classes.
 */
export interface EmResult {
  readonly m: Readonly<Record<string, number>>
  readonly u: Readonly<Record<string, number>>
  /**
   * For groups compared in time: the share of agreements that were far apart in time, among matches (m) and among
   * non-matches (u).
   */
  readonly apart: Readonly<Record<string, { readonly m: number; readonly u: number }>>
  /** Estimated share of candidate pairs that are matches. */
  readonly lambda: number
  readonly iterations: number
}

const MAX_ITERATIONS = 100
const TOLERANCE = 1e-6
const FLOOR = 0.001

/**
 * A comparison pattern: which groups both accounts hold (`present`), on which of those they agree, and which of those
 * agreements were far apart in time (`apart`, only for groups compared in time).
 */
export interface AgreementPattern {
  readonly present: number
  readonly agree: number
  readonly apart?: number
}

/**
 * Starting shares of agreements far apart in time: the same for both classes (time tells nothing until the data says
 * so; a group with no agreement in the data keeps them, and its time levels weigh nothing).
 */
const START_APART = 0.5

/**
 * `patterns`: comparison patterns (bit i = groups[i]) with the number of pairs showing each. A group that one of the
 * two accounts lacks is missing, not a disagreement: it is left out of that pair's likelihood (standard
 * Fellegi–Sunter treatment of nulls), so m is P(agree | match, both hold a value).
 */
export function estimateM(
  groups: readonly string[],
  patterns: ReadonlyMap<string, { readonly pattern: AgreementPattern; readonly count: number }>,
  start: { readonly m: Readonly<Record<string, number>>; readonly lambda?: number },
  timeGroups: readonly string[] = [],
): EmResult {
  const g = groups.length
  let m = groups.map((name) => clamp(start.m[name] ?? 0.5))
  let u = groups.map(() => 0.05)
  // Agreements of a group compared in time have two levels (close, apart): a categorical within agreement.
  const timed = groups.map((name) => timeGroups.includes(name))
  let ma = groups.map(() => START_APART)
  let ua = groups.map(() => START_APART)
  let lambda = start.lambda ?? 0.3
  const entries = [...patterns.values()].map(({ pattern, count }) => [pattern, count] as const)
  const total = entries.reduce((s, [, n]) => s + n, 0)
  let iterations = 0
  for (; iterations < MAX_ITERATIONS && total > 0; iterations++) {
    const mSum = new Array<number>(g).fill(0)
    const uSum = new Array<number>(g).fill(0)
    const mSeen = new Array<number>(g).fill(0)
    const uSeen = new Array<number>(g).fill(0)
    const mApart = new Array<number>(g).fill(0)
    const uApart = new Array<number>(g).fill(0)
    let matchMass = 0
    for (const [{ present, agree, apart = 0 }, count] of entries) {
      let pm = lambda
      let pu = 1 - lambda
      for (let i = 0; i < g; i++) {
        if (!((present >> i) & 1)) continue
        const agrees = (agree >> i) & 1
        pm *= agrees ? m[i]! : 1 - m[i]!
        pu *= agrees ? u[i]! : 1 - u[i]!
        if (agrees && timed[i]) {
          const far = (apart >> i) & 1
          pm *= far ? ma[i]! : 1 - ma[i]!
          pu *= far ? ua[i]! : 1 - ua[i]!
        }
      }
      const posterior = pm / (pm + pu)
      matchMass += posterior * count
      for (let i = 0; i < g; i++) {
        if (!((present >> i) & 1)) continue
        mSeen[i]! += posterior * count
        uSeen[i]! += (1 - posterior) * count
        if ((agree >> i) & 1) {
          mSum[i]! += posterior * count
          uSum[i]! += (1 - posterior) * count
          if ((apart >> i) & 1) {
            mApart[i]! += posterior * count
            uApart[i]! += (1 - posterior) * count
          }
        }
      }
    }
    const nextLambda = clamp(matchMass / total)
    const nextM = mSum.map((s, i) => (mSeen[i]! > 0 ? clamp(s / mSeen[i]!) : m[i]!))
    const nextU = uSum.map((s, i) => (uSeen[i]! > 0 ? clamp(s / uSeen[i]!) : u[i]!))
    const nextMa = mApart.map((s, i) => (timed[i] && mSum[i]! > 0 ? clamp(s / mSum[i]!) : ma[i]!))
    const nextUa = uApart.map((s, i) => (timed[i] && uSum[i]! > 0 ? clamp(s / uSum[i]!) : ua[i]!))
    const change =
      Math.abs(nextLambda - lambda) +
      nextM.reduce((d, v, i) => d + Math.abs(v - m[i]!), 0) +
      nextMa.reduce((d, v, i) => d + Math.abs(v - ma[i]!), 0)
    ;[lambda, m, u, ma, ua] = [nextLambda, nextM, nextU, nextMa, nextUa]
    if (change < TOLERANCE) break
  }
  return {
    m: Object.fromEntries(groups.map((name, i) => [name, m[i]!])),
    u: Object.fromEntries(groups.map((name, i) => [name, u[i]!])),
    apart: Object.fromEntries(
      groups.flatMap((name, i) => (timed[i] ? [[name, { m: ma[i]!, u: ua[i]! }] as const] : [])),
    ),
    lambda,
    iterations,
  }
}

function clamp(p: number): number {
  return Math.min(1 - FLOOR, Math.max(FLOOR, p))
}
