export {
  type AccountTimelineDeps,
  accountTimeline,
  MAX_TIMELINE_AUDIT,
  type TimelineEntry,
} from './account-timeline.ts'
export type { AccountChangeView, AccountView, IdentifierView } from './account-view.ts'
export { formatTime, toAccountView } from './account-view.ts'
export type { AnswerOnce, AnswerOnceDeps, IdempotentRequest } from './answer-once.ts'
export { answerOnce, IDEMPOTENCY_RETENTION_MS } from './answer-once.ts'
export type { ApiKeyDeps, AuthenticatedKeys, CreatedApiKey } from './api-keys.ts'
export {
  AUTHENTICATED_KEY_TTL_MS,
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  newAuthenticatedKeys,
  revokeApiKey,
} from './api-keys.ts'
export {
  APPEAL_FILE_MAX_BYTES,
  APPEAL_FILE_TYPES,
  APPEAL_UPLOADS_MAX,
  APPEAL_UPLOADS_MAX_TOTAL_BYTES,
  type AppealDeps,
  type AppealOutcome,
  type AppealPreview,
  type AppealReach,
  type AppealUpload,
  appealFileType,
  type DecideAppealRequest,
  decideAppeal,
  type FileAppealRequest,
  fileAppeal,
  previewAppeal,
} from './appeals.ts'
export { DEFAULT_NOTICE_SETTINGS, NOTICES_CURSOR, type NoticeSettings } from './compose-notices.ts'
export type { AccountDecision, DecideDeps, DecideRequest, PolicyOutcome } from './decide-account.ts'
export { activeVersions, decideAccount, featuresOfAccount } from './decide-account.ts'
export type { IngestTrigger } from './decide-on-ingest.ts'
export { decideOnIngest, ingestTriggers } from './decide-on-ingest.ts'
export type { LinkageDecisionDeps, LinkageDecisions } from './decide-on-linkage.ts'
export { decideOnLinkage } from './decide-on-linkage.ts'
export type { AccountDescription } from './describe-account.ts'
export { describeAccount } from './describe-account.ts'
export {
  dispatchWebhooks,
  queueWebhooks,
  WEBHOOK_JOB,
  WEBHOOK_RETRY,
  type WebhookRun,
  webhookHandler,
} from './dispatch-webhooks.ts'
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
export type { LiveLink, LiveLinkageDeps } from './live-linkage.ts'
export { LiveLinkage, linkageAccountOf } from './live-linkage.ts'
export type { LoadedPolicy, PolicyDeps } from './manage-policies.ts'
export { compilePolicy, formatPolicyErrors, loadPolicy } from './manage-policies.ts'
export type { IssuedPortalToken, PortalSeller, PortalTokenDeps, PortalTokenRefusal } from './portal-tokens.ts'
export { issuePortalToken, verifyPortalToken } from './portal-tokens.ts'
export {
  type CodeEntry,
  enterPostcardCode,
  MAX_BATCH,
  markPrinted,
  POSTCARD_CODE_DAYS,
  type PostcardDeps,
  type PrintBatch,
  printPostcards,
} from './postcards.ts'
export type {
  AuthenticatedReviewer,
  CreatedReviewer,
  ReviewerDeps,
  SignedIn,
  SignInAttempts,
  SignInRefusal,
} from './reviewers.ts'
export {
  authenticateSession,
  createReviewer,
  disableReviewer,
  listReviewers,
  newSignInAttempts,
  signIn,
  signOut,
} from './reviewers.ts'
export type { JobContext, JobEvent, JobHandler, JobLoop, JobRunnerOptions, RetryPolicy } from './run-jobs.ts'
export { DEFAULT_LEASE_MS, DEFAULT_RETRY, JobRunner, retryDelayMs, startJobLoop } from './run-jobs.ts'
export type { ClusterSummary, LinkageSummary, RunLinkageDeps } from './run-linkage.ts'
export { runLinkage } from './run-linkage.ts'
export type { SweepDeps, SweepOutcome, SweepPhase, SweepRequest } from './run-sweep.ts'
export { readFeatureTable, runSweep, sweepDecisionKey } from './run-sweep.ts'
export {
  MAX_NOTICE_ATTEMPTS,
  runWorkflows,
  type TickReport,
  VERIFICATIONS_CURSOR,
  type WorkflowDeps,
} from './run-workflows.ts'
export {
  BILL_NAME_MIN_SIMILARITY,
  type CheckOutcome,
  DEFAULT_BILL_MAX_AGE_MONTHS,
  type SubmissionCheck,
} from './submission-checks.ts'
export {
  type DecideSubmissionRequest,
  decideSubmission,
  REVIEW_CHECKLISTS,
  type SubmissionDecisionOutcome,
} from './submission-decision.ts'
export { FILE_RULES, type UploadedFile } from './submission-evidence.ts'
export {
  DEFAULT_FACE_SEARCH_LIMIT,
  IMAGE_MATCH_MAX_BITS,
  type SubmissionDeps,
  type SubmitEvidenceRequest,
  submitEvidence,
} from './submissions.ts'
export type { SweepJobPayload, SweepJobRequest } from './sweep-job.ts'
export { enqueueSweep, SWEEP_JOB, sweepJobHandler } from './sweep-job.ts'
