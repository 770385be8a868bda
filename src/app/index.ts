export type { AccountDescription } from './describe-account.ts'
export { describeAccount } from './describe-account.ts'
export { evaluateClusters } from './evaluate-clusters.ts'
export type { LinkExplanation } from './explain-link.ts'
export { explainLink } from './explain-link.ts'
export type {
  ImportCountKey,
  ImportDeps,
  ImportOptions,
  ImportProgress,
  ImportReport,
  RejectedLine,
  TypeCounts,
} from './import-records.ts'
export { DEFAULT_IMPORT_BATCH, importRecords, MAX_REPORTED_REJECTIONS } from './import-records.ts'
export type { ClusterSummary, LinkageSummary, RunLinkageDeps } from './run-linkage.ts'
export { runLinkage } from './run-linkage.ts'
