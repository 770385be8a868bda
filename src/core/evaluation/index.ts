export type { ClusterQuality, PairwiseScores, RoleQuality, TruthRow } from './cluster-quality.ts'
export { INNOCENT_ROLE, scoreClusters } from './cluster-quality.ts'
