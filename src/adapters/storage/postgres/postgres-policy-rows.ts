// Rows of the policy store's tables (migration 5) and their mapping to the port's types.
import type { VerificationKind } from '../../../core/features/index.ts'
import type { Action, Trigger } from '../../../core/policy/policy.ts'
import type { Instant } from '../../../core/time.ts'
import type {
  AuditRecord,
  Decision,
  DecisionEvidence,
  Requirement,
  RequirementState,
  StoredPolicy,
  SweepRun,
} from '../../../ports/index.ts'

// Columns come back as the driver gives them: bigint as a number when the pool parses it so (the event store's
// does), else as a string; json already parsed. Number() accepts both; every value is far below 2^53.
export interface PolicyRow {
  name: string
  version: number
  source: string
  mode: 'live' | 'shadow'
  loaded_by: string
  loaded_at: number | string
}

export interface DecisionRow {
  id: number | string
  key: string
  account: string
  policy: string
  policy_version: number
  rule: string
  trigger: string
  action: Action
  evidence: DecisionEvidence
  mode: 'live' | 'shadow'
  sweep: string | null
  actor: string
  at: number | string
}

export interface RequirementRow {
  id: number | string
  account: string
  decision: number | string
  methods: VerificationKind[]
  deadline: number | string
  state: string
  created_at: number | string
  updated_at: number | string
}

export interface SweepRow {
  id: string
  policy: string
  policy_version: number
  started_by: string
  started_at: number | string
  finished_at: number | string | null
  state: SweepRun['state']
  decided: number
}

export interface AuditRow {
  seq: number | string
  at: number | string
  actor: string
  action: string
  subject: string
  detail: Record<string, unknown>
  hash: string
}

export const fromPolicyRow = (r: PolicyRow): StoredPolicy => ({
  name: r.name,
  version: r.version,
  source: r.source,
  mode: r.mode,
  loadedBy: r.loaded_by,
  loadedAt: Number(r.loaded_at) as Instant,
})

export const fromDecisionRow = (r: DecisionRow): Decision => ({
  id: Number(r.id),
  key: r.key,
  account: r.account,
  policy: r.policy,
  policyVersion: r.policy_version,
  rule: r.rule,
  trigger: r.trigger as Trigger,
  action: r.action,
  evidence: r.evidence,
  mode: r.mode,
  sweep: r.sweep,
  actor: r.actor,
  at: Number(r.at) as Instant,
})

export const fromRequirementRow = (r: RequirementRow): Requirement => ({
  id: Number(r.id),
  account: r.account,
  decision: Number(r.decision),
  methods: r.methods,
  deadline: Number(r.deadline) as Instant,
  state: r.state as RequirementState,
  createdAt: Number(r.created_at) as Instant,
  updatedAt: Number(r.updated_at) as Instant,
})

export const fromSweepRow = (r: SweepRow): SweepRun => ({
  id: r.id,
  policy: r.policy,
  policyVersion: r.policy_version,
  startedBy: r.started_by,
  startedAt: Number(r.started_at) as Instant,
  finishedAt: r.finished_at === null ? null : (Number(r.finished_at) as Instant),
  state: r.state,
  decided: r.decided,
})

export const fromAuditRow = (r: AuditRow): AuditRecord => ({
  seq: Number(r.seq),
  at: Number(r.at) as Instant,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  detail: r.detail,
  hash: r.hash,
})
