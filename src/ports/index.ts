export type { ApiKeyStore, StoredApiKey } from './api-key-store.ts'
export type { Clock } from './clock.ts'
export type {
  AppendOutcome,
  CountBy,
  EventInput,
  EventSource,
  EventStore,
  FoldedAccount,
  ProfileCodec,
  ProfileScan,
  ScannedEvent,
  StoredEvent,
  StoreStats,
} from './event-store.ts'
export type { FaceEmbedder, FaceImageLimits, FaceImageRefusal, FaceReading } from './face-embedder.ts'
export { DEFAULT_FACE_IMAGE_LIMITS, FACE_IMAGE_FORMATS } from './face-embedder.ts'
export type { IdempotencyStore, SavedAnswer } from './idempotency-store.ts'
export type { Job, JobProgress, JobQueue, JobState, NewJob } from './job-queue.ts'
export { JOB_STATES } from './job-queue.ts'
export { type LineSource, type SourceLine, textOf } from './line-source.ts'
export type { ClusterReadOptions, ClusterView, LinkageRun, LinkageStore, StoredLink } from './linkage-store.ts'
export { strongestLinkFirst } from './linkage-store.ts'
export type { NoticeSender } from './notice-sender.ts'
export type {
  AuditRecord,
  Decision,
  DecisionEvidence,
  NewAuditRecord,
  NewDecision,
  PolicyStore,
  RecordedDecisions,
  Requirement,
  RequirementState,
  StoredPolicy,
  SweepRun,
} from './policy-store.ts'
export type { PostcardPrinter, PrintedPostcard } from './postcard-printer.ts'
export type { LineRejection, ParsedLines, RecordParser } from './record-parser.ts'
export type { ReviewerSession, ReviewerStore, StoredReviewer } from './reviewer-store.ts'
export type { Secrets } from './secrets.ts'
export type { ExifFacts, ImageFacts, SubmissionImageReader } from './submission-images.ts'
export type {
  ImageHashMatch,
  NewSubmission,
  NewSubmissionFile,
  Submission,
  SubmissionDecision,
  SubmissionFileEntry,
  SubmissionFileRole,
  SubmissionMethod,
  SubmissionState,
  SubmissionStore,
} from './submission-store.ts'
export { SUBMISSION_FILE_ROLES, SUBMISSION_METHODS, SUBMISSION_STATES } from './submission-store.ts'
export type { WebhookAttempt, WebhookSender } from './webhook-sender.ts'
export type {
  AppealFileEntry,
  CursorMove,
  NewAppeal,
  NewAppealFile,
  NewNotice,
  NewPostcard,
  Notice,
  Postcard,
  WebhookAttemptRecord,
  WorkflowStore,
} from './workflow-store.ts'
