export type { AccountDescription } from './describe-account.ts'
export { describeAccount } from './describe-account.ts'
export { evaluateClusters } from './evaluate-clusters.ts'
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
