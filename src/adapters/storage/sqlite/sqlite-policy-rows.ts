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

export interface PolicyRow {
  name: string
  version: number
  source: string
  mode: 'live' | 'shadow'
  loaded_by: string
  loaded_at: number
}

export interface DecisionRow {
  id: number
  key: string
  account: string
  policy: string
  policy_version: number
  rule: string
  trigger: string
  action: string
  evidence: string
  mode: 'live' | 'shadow'
  sweep: string | null
  actor: string
  at: number
}

export interface RequirementRow {
  id: number
  account: string
  decision: number
  methods: string
  deadline: number
  state: string
  created_at: number
  updated_at: number
}

export interface SweepRow {
  id: string
  policy: string
  policy_version: number
  started_by: string
  started_at: number
  finished_at: number | null
  state: SweepRun['state']
  decided: number
}

export interface AuditRow {
  seq: number
  at: number
  actor: string
  action: string
  subject: string
  detail: string
  hash: string
}

export const fromPolicyRow = (r: PolicyRow): StoredPolicy => ({
  name: r.name,
  version: r.version,
  source: r.source,
  mode: r.mode,
  loadedBy: r.loaded_by,
  loadedAt: r.loaded_at as Instant,
})

export const fromDecisionRow = (r: DecisionRow): Decision => ({
  id: r.id,
  key: r.key,
  account: r.account,
  policy: r.policy,
  policyVersion: r.policy_version,
  rule: r.rule,
  trigger: r.trigger as Trigger,
  action: JSON.parse(r.action) as Action,
  evidence: JSON.parse(r.evidence) as DecisionEvidence,
  mode: r.mode,
  sweep: r.sweep,
  actor: r.actor,
  at: r.at as Instant,
})

export const fromRequirementRow = (r: RequirementRow): Requirement => ({
  id: r.id,
  account: r.account,
  decision: r.decision,
  methods: JSON.parse(r.methods) as VerificationKind[],
  deadline: r.deadline as Instant,
  state: r.state as RequirementState,
  createdAt: r.created_at as Instant,
  updatedAt: r.updated_at as Instant,
})

export const fromSweepRow = (r: SweepRow): SweepRun => ({
  id: r.id,
  policy: r.policy,
  policyVersion: r.policy_version,
  startedBy: r.started_by,
  startedAt: r.started_at as Instant,
  finishedAt: r.finished_at as Instant | null,
  state: r.state,
  decided: r.decided,
})

export const fromAuditRow = (r: AuditRow): AuditRecord => ({
  seq: r.seq,
  at: r.at as Instant,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  hash: r.hash,
})
