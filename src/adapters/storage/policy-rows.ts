// Rows of the policy store's tables (migration 5) as either engine returns them, and their mapping to the port's types.
import type { VerificationKind } from '../../core/features/index.ts'
import type { Action, ExpiryConsequence, Trigger } from '../../core/policy/policy.ts'
import type { Instant } from '../../core/time.ts'
import type { MethodProgress, RequirementProgress } from '../../core/verification/requirement-lifecycle.ts'
import type {
  AuditRecord,
  Decision,
  DecisionEvidence,
  Requirement,
  RequirementState,
  StoredPolicy,
  SweepRun,
} from '../../ports/index.ts'

// Columns come back as each driver gives them. Integers: a number (SQLite; PostgreSQL when the pool parses bigint, as
// the event store's does) or a string; Number() accepts both, every value is far below 2^53. JSON columns: text
// (SQLite) or already parsed (PostgreSQL json and text[]); fromJson() accepts both.
type Int = number | string
type Json<T> = T | string

function fromJson<T>(v: Json<T>): T {
  return typeof v === 'string' ? (JSON.parse(v) as T) : v
}
export interface PolicyRow {
  name: string
  version: number
  source: string
  mode: 'live' | 'shadow'
  loaded_by: string
  loaded_at: Int
}

export interface DecisionRow {
  id: Int
  key: string
  account: string
  policy: string
  policy_version: number
  rule: string
  trigger: string
  action: Json<Action>
  evidence: Json<DecisionEvidence>
  mode: 'live' | 'shadow'
  sweep: string | null
  actor: string
  at: Int
}

export interface RequirementRow {
  id: Int
  account: string
  decision: Int
  methods: Json<VerificationKind[]>
  deadline: Int
  state: string
  created_at: Int
  updated_at: Int
  on_expiry: string
  /** 0/1 (SQLite) or a boolean (PostgreSQL). */
  reinstate_on_late_pass: number | boolean
  progress: Json<Record<string, [string, number]>>
  reminders_sent: number
  next_reminder_at: Int | null
  resolved_at: Int | null
}

export interface SweepRow {
  id: string
  policy: string
  policy_version: number
  started_by: string
  started_at: Int
  finished_at: Int | null
  state: SweepRun['state']
  decided: number
}

export interface AuditRow {
  seq: Int
  at: Int
  actor: string
  action: string
  subject: string
  detail: Json<Record<string, unknown>>
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
  action: fromJson(r.action),
  evidence: fromJson(r.evidence),
  mode: r.mode,
  sweep: r.sweep,
  actor: r.actor,
  at: Number(r.at) as Instant,
})

export const fromRequirementRow = (r: RequirementRow): Requirement => ({
  id: Number(r.id),
  account: r.account,
  decision: Number(r.decision),
  methods: fromJson(r.methods),
  deadline: Number(r.deadline) as Instant,
  state: r.state as RequirementState,
  createdAt: Number(r.created_at) as Instant,
  updatedAt: Number(r.updated_at) as Instant,
  onExpiry: r.on_expiry as ExpiryConsequence,
  reinstateOnLatePass: r.reinstate_on_late_pass === true || r.reinstate_on_late_pass === 1,
  progress: decodeProgress(fromJson(r.progress)),
  remindersSent: r.reminders_sent,
  nextReminderAt: r.next_reminder_at === null ? null : (Number(r.next_reminder_at) as Instant),
  resolvedAt: r.resolved_at === null ? null : (Number(r.resolved_at) as Instant),
})

/** Per-method progress as stored: `{"video":["passed",at]}`. */
export function encodeProgress(progress: RequirementProgress): string {
  const out: Record<string, [string, number]> = {}
  for (const [method, p] of Object.entries(progress)) if (p !== undefined) out[method] = [p.state, p.at]
  return JSON.stringify(out)
}

function decodeProgress(stored: Record<string, [string, number]>): RequirementProgress {
  const out: Partial<Record<VerificationKind, MethodProgress>> = {}
  for (const [method, [state, at]] of Object.entries(stored)) {
    out[method as VerificationKind] = { state: state as MethodProgress['state'], at: at as Instant }
  }
  return out
}

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
  detail: fromJson(r.detail),
  hash: r.hash,
})
