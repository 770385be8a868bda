import { type ClusterQuality, scoreClusters, type TruthRow } from '../core/evaluation/index.ts'

/** Scores a clustering (account → cluster) against the ground truth; see `scoreClusters` for the measures. */
export function evaluateClusters(truth: readonly TruthRow[], clusterOf: ReadonlyMap<string, string>): ClusterQuality {
  return scoreClusters(truth, clusterOf)
}
