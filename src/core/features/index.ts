export type { AccountSummary } from './account-summary.ts'
export {
  type AccountHistoryCounts,
  type AccountLink,
  type ColumnFeatureInputs,
  computeFeatures,
  computeFeaturesInSteps,
  type FeatureInputs,
  type FeatureTable,
} from './compute-features.ts'
export {
  type AccountFeatures,
  type ClusterFeatures,
  FEATURE_CATALOGUE,
  type FeatureSpec,
  type Features,
  type FeatureType,
  type HistoryFeatures,
  VERIFICATION_KINDS,
  type VerificationKind,
} from './feature-catalogue.ts'
export {
  type ClusterColumns,
  LinkageSummaryBuilder,
  type LinkageSummaryData,
  type LinkColumns,
  NO_LINKAGE,
} from './linkage-summary.ts'
export { summarizeAccount } from './summarize-account.ts'
export {
  type AccountSummaryColumns,
  SummaryColumnsBuilder,
  summaryAt,
  toSummaryColumns,
} from './summary-columns.ts'
