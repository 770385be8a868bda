export type {
  ClusterQuality,
  MixedCluster,
  PairwiseScores,
  RoleQuality,
  SplitOperator,
  TruthRow,
} from './cluster-quality.ts'
export { INNOCENT_ROLE, scoreClusters } from './cluster-quality.ts'
