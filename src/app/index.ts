export type { AccountChangeView, AccountView, IdentifierView } from './account-view.ts'
export { formatTime, toAccountView } from './account-view.ts'
export type { AnswerOnce, AnswerOnceDeps, IdempotentRequest } from './answer-once.ts'
export { answerOnce, IDEMPOTENCY_RETENTION_MS } from './answer-once.ts'
export type { ApiKeyDeps, CreatedApiKey } from './api-keys.ts'
export { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts'
export type { AccountDecision, DecideDeps, DecideRequest, PolicyOutcome } from './decide-account.ts'
export { activeVersions, decideAccount, featuresOfAccount } from './decide-account.ts'
export type { IngestTrigger } from './decide-on-ingest.ts'
export { decideOnIngest, ingestTriggers } from './decide-on-ingest.ts'
export type { LinkageDecisionDeps, LinkageDecisions } from './decide-on-linkage.ts'
export { decideOnLinkage } from './decide-on-linkage.ts'
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
export type { IngestDeps, IngestOutcome, IngestReport } from './ingest-records.ts'
export { ingestRecords, MAX_INGEST_RECORDS } from './ingest-records.ts'
export type { LoadedPolicy, PolicyDeps } from './manage-policies.ts'
export { compilePolicy, formatPolicyErrors, loadPolicy } from './manage-policies.ts'
export type { ClusterSummary, LinkageSummary, RunLinkageDeps } from './run-linkage.ts'
export { runLinkage } from './run-linkage.ts'
export type { SweepDeps, SweepOutcome, SweepPhase, SweepRequest } from './run-sweep.ts'
export { readFeatureTable, runSweep, sweepDecisionKey } from './run-sweep.ts'
