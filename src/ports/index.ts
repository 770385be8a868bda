export type { ApiKeyStore, StoredApiKey } from './api-key-store.ts'
export type { Clock } from './clock.ts'
export type {
  AppendOutcome,
  CountBy,
  EventInput,
  EventSource,
  EventStore,
  ScannedEvent,
  StoredEvent,
  StoreStats,
} from './event-store.ts'
export type { IdempotencyStore, SavedAnswer } from './idempotency-store.ts'
export type { LineSource, SourceLine } from './line-source.ts'
export type { ClusterView, LinkageRun, LinkageStore, StoredLink } from './linkage-store.ts'
export type {
  AuditRecord,
  Decision,
  DecisionEvidence,
  NewAuditRecord,
  NewDecision,
  PolicyStore,
  Requirement,
  RequirementState,
  StoredPolicy,
  SweepRun,
} from './policy-store.ts'
export type { LineRejection, ParsedLines, RecordParser } from './record-parser.ts'
export type { Secrets } from './secrets.ts'
