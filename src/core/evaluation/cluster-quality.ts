/** One row of the ground truth: who really controls the account, and the account's role. */
export interface TruthRow {
  readonly account: string
  readonly operator: string
  readonly role: string
}

export interface PairwiseScores {
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly truePairs: number
  readonly predictedPairs: number
  readonly correctPairs: number
}

export interface RoleQuality {
  readonly role: string
  readonly accounts: number
  /** Share of the role's accounts whose predicted cluster is exactly their operator's accounts. */
  readonly exact: number
  /** Share of the role's accounts put in a cluster with an account of another operator. */
  readonly falseLinked: number
}

export interface ClusterQuality {
  readonly accounts: number
  readonly operators: number
  readonly clusters: number
  readonly pairwise: PairwiseScores
  readonly bcubed: { readonly precision: number; readonly recall: number; readonly f1: number }
  readonly byRole: readonly RoleQuality[]
  /** Among honest sellers who share innocently (roles matching the pattern): share falsely linked to another operator. */
  readonly innocentFalseLinkRate: number
  readonly innocentAccounts: number
  /** Accounts in the clustering but not in the truth (ignored by every score). */
  readonly unknownAccounts: number
  /** The true operators whose accounts were cut into the most missed pairs (where recall is lost), worst first. */
  readonly mostSplit: readonly SplitOperator[]
  /** The predicted clusters that join the most pairs of different operators (where precision is lost), worst first. */
  readonly mostMixed: readonly MixedCluster[]
}

export interface SplitOperator {
  readonly operator: string
  readonly role: string
  readonly accounts: number
  /** Predicted clusters its accounts fall into. */
  readonly clusters: number
  readonly missedPairs: number
}

export interface MixedCluster {
  readonly cluster: string
  readonly accounts: number
  /** True operators it holds accounts of, largest first: `operator (role) × accounts`. */
  readonly operators: readonly { readonly operator: string; readonly role: string; readonly accounts: number }[]
  readonly wrongPairs: number
}

/** How many operators and clusters the worst lists name. */
export const WORST_LISTED = 10

/** Roles of honest sellers who share something innocently (a building, an IP, an agent's address, a home). */
export const INNOCENT_ROLE = /^innocent/

const pairs = (n: number) => (n * (n - 1)) / 2
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r))
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b)

/**
 * Scores a clustering against the ground truth: pairwise and B-cubed precision/recall/F1, exact placement per role,
 * and the false-link rate among innocently-sharing honest sellers. An account of the truth missing from the
 * clustering counts as a singleton. Linear in the number of accounts.
 */
export function scoreClusters(
  truth: readonly TruthRow[],
  clusterOf: ReadonlyMap<string, string>,
  innocentRole: RegExp = INNOCENT_ROLE,
): ClusterQuality {
  const truthAccounts = new Set(truth.map((t) => t.account))
  const predicted = (account: string) => clusterOf.get(account) ?? `singleton:${account}`
  const operatorSize = new Map<string, number>()
  const clusterSize = new Map<string, number>()
  const cellSize = new Map<string, number>()
  const cellKey = (t: TruthRow) => `${predicted(t.account)}\u0000${t.operator}`
  for (const t of truth) {
    operatorSize.set(t.operator, (operatorSize.get(t.operator) ?? 0) + 1)
    clusterSize.set(predicted(t.account), (clusterSize.get(predicted(t.account)) ?? 0) + 1)
    cellSize.set(cellKey(t), (cellSize.get(cellKey(t)) ?? 0) + 1)
  }
  const sumPairs = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + pairs(n), 0)
  const truePairs = sumPairs(operatorSize)
  const predictedPairs = sumPairs(clusterSize)
  const correctPairs = sumPairs(cellSize)
  let bp = 0
  let br = 0
  const roles = new Map<string, { accounts: number; exact: number; falseLinked: number }>()
  for (const t of truth) {
    const cell = cellSize.get(cellKey(t)) ?? 0
    const c = clusterSize.get(predicted(t.account)) ?? 1
    const o = operatorSize.get(t.operator) ?? 1
    bp += cell / c
    br += cell / o
    const r = roles.get(t.role) ?? { accounts: 0, exact: 0, falseLinked: 0 }
    r.accounts += 1
    if (cell === c && cell === o) r.exact += 1
    if (cell < c) r.falseLinked += 1
    roles.set(t.role, r)
  }
  const n = truth.length
  const pairwisePrecision = ratio(correctPairs, predictedPairs)
  const pairwiseRecall = ratio(correctPairs, truePairs)
  const byRole = [...roles.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, r]) => ({
      role,
      accounts: r.accounts,
      exact: r.exact / r.accounts,
      falseLinked: r.falseLinked / r.accounts,
    }))
  const { mostSplit, mostMixed } = worstCells(truth, cellSize)
  const innocent = byRole.filter((r) => innocentRole.test(r.role))
  const innocentAccounts = innocent.reduce((s, r) => s + r.accounts, 0)
  const innocentFalse = innocent.reduce((s, r) => s + r.falseLinked * r.accounts, 0)
  return {
    accounts: n,
    operators: operatorSize.size,
    clusters: clusterSize.size,
    pairwise: {
      precision: pairwisePrecision,
      recall: pairwiseRecall,
      f1: f1(pairwisePrecision, pairwiseRecall),
      truePairs,
      predictedPairs,
      correctPairs,
    },
    bcubed: {
      precision: bp / Math.max(1, n),
      recall: br / Math.max(1, n),
      f1: f1(bp / Math.max(1, n), br / Math.max(1, n)),
    },
    byRole,
    innocentFalseLinkRate: innocentAccounts === 0 ? 0 : innocentFalse / innocentAccounts,
    innocentAccounts,
    unknownAccounts: [...clusterOf.keys()].filter((a) => !truthAccounts.has(a)).length,
    mostSplit,
    mostMixed,
  }
}

/** The operators split worst and the clusters mixed worst, from the (cluster, operator) cell sizes. */
function worstCells(
  truth: readonly TruthRow[],
  cellSize: ReadonlyMap<string, number>,
): { mostSplit: SplitOperator[]; mostMixed: MixedCluster[] } {
  const roleOf = new Map<string, string>()
  for (const t of truth) if (!roleOf.has(t.operator)) roleOf.set(t.operator, t.role)
  const byOperator = new Map<string, number[]>()
  const byCluster = new Map<string, { operator: string; accounts: number }[]>()
  for (const [key, n] of cellSize) {
    const [cluster = '', operator = ''] = key.split('\u0000')
    byOperator.set(operator, [...(byOperator.get(operator) ?? []), n])
    const cells = byCluster.get(cluster) ?? []
    cells.push({ operator, accounts: n })
    byCluster.set(cluster, cells)
  }
  const mostSplit = [...byOperator]
    .filter(([, cells]) => cells.length > 1)
    .map(([operator, cells]) => {
      const accounts = cells.reduce((s, n) => s + n, 0)
      const missedPairs = pairs(accounts) - cells.reduce((s, n) => s + pairs(n), 0)
      return { operator, role: roleOf.get(operator) ?? '', accounts, clusters: cells.length, missedPairs }
    })
    .sort((a, b) => b.missedPairs - a.missedPairs || a.operator.localeCompare(b.operator))
    .slice(0, WORST_LISTED)
  const mostMixed = [...byCluster]
    .filter(([, cells]) => cells.length > 1)
    .map(([cluster, cells]) => {
      const accounts = cells.reduce((s, c) => s + c.accounts, 0)
      const wrongPairs = pairs(accounts) - cells.reduce((s, c) => s + pairs(c.accounts), 0)
      const operators = cells
        .map((c) => ({ ...c, role: roleOf.get(c.operator) ?? '' }))
        .sort((x, y) => y.accounts - x.accounts || x.operator.localeCompare(y.operator))
      return { cluster, accounts, operators, wrongPairs }
    })
    .sort((a, b) => b.wrongPairs - a.wrongPairs || a.cluster.localeCompare(b.cluster))
    .slice(0, WORST_LISTED)
  return { mostSplit, mostMixed }
}
