// What both policy stores derive from a recorded decision or a loaded policy (the requirement, the audit records), so
// that SQLite and PostgreSQL store the same rows and chain the same audit trail.
import { createHash } from 'node:crypto'
import { OnesellerError } from '../../core/errors.ts'
import type { VerificationKind } from '../../core/features/index.ts'
import type { ExpiryConsequence, ReviewPriority } from '../../core/policy/policy.ts'
import { type Instant, MS_PER_DAY } from '../../core/time.ts'
import { firstReminderAt, OPEN_REQUIREMENT_STATES } from '../../core/verification/requirement-lifecycle.ts'
import { type NewRestriction, restrictionForAction } from '../../core/verification/restriction.ts'
import { caseDueAt } from '../../core/verification/review-case.ts'
import type { Decision, NewAuditRecord, NewDecision, StoredPolicy } from '../../ports/index.ts'

/** Requirement states still waiting on the seller or a reviewer: what `historyCounts` counts as open. */
export { OPEN_REQUIREMENT_STATES }

/** A requirement to insert: a live `require_verification` decision demands it. */
export interface NewRequirement {
  readonly account: string
  readonly decision: number
  readonly methods: readonly VerificationKind[]
  readonly deadline: Instant
  readonly state: 'requested'
  readonly createdAt: Instant
  readonly onExpiry: ExpiryConsequence
  readonly reinstateOnLatePass: boolean
  readonly nextReminderAt: Instant | null
}

/** The requirement a decision creates, if any: only live `require_verification` decisions act. */
export function requirementFor(d: Decision): NewRequirement | undefined {
  if (d.mode !== 'live' || d.action.type !== 'require_verification') return undefined
  const deadline = (d.at + d.action.deadlineDays * MS_PER_DAY) as Instant
  return {
    account: d.account,
    decision: d.id,
    methods: d.action.methods,
    deadline,
    state: 'requested',
    createdAt: d.at,
    onExpiry: d.action.onExpiry,
    reinstateOnLatePass: d.action.reinstateOnLatePass,
    nextReminderAt: firstReminderAt(d.at, deadline),
  }
}

/** The restriction a live decision imposes by itself (hold payouts, suspend, deactivate), if any. */
export function restrictionFor(d: Decision): NewRestriction | undefined {
  return restrictionForAction(d, d.action)
}

/** A case to open: a live `review` decision sends the account to a person. */
export interface NewCase {
  readonly account: string
  readonly decision: number
  readonly priority: ReviewPriority
  readonly reason: string
  readonly createdAt: Instant
  readonly dueAt: Instant
}

/** The case a live `review` decision opens, if any. */
export function caseFor(d: Decision): NewCase | undefined {
  if (d.mode !== 'live' || d.action.type !== 'review') return undefined
  return {
    account: d.account,
    decision: d.id,
    priority: d.action.priority,
    reason: d.action.reason,
    createdAt: d.at,
    dueAt: caseDueAt(d.action.priority, d.at),
  }
}

/** The audit record of an opened case. */
export function caseAuditRecord(id: number, c: NewCase, actor: string): NewAuditRecord {
  return {
    at: c.createdAt,
    actor,
    action: 'case.open',
    subject: c.account,
    detail: { case: id, decision: c.decision, priority: c.priority, reason: c.reason, due_at: c.dueAt },
  }
}

/** The audit record of an imposed restriction. */
export function restrictionAuditRecord(id: number, r: NewRestriction, actor: string): NewAuditRecord {
  return {
    at: r.createdAt,
    actor,
    action: 'restriction.create',
    subject: r.account,
    detail: {
      restriction: id,
      kind: r.kind,
      reason: r.reason,
      decision: r.decision,
      requirement: r.requirement,
      effective_at: r.effectiveAt,
    },
  }
}

/** The audit records of one recorded decision, and of the requirement it created (with that requirement's id). */
export function decisionAuditRecords(
  d: Decision,
  requirement: { readonly id: number; readonly row: NewRequirement } | undefined,
): NewAuditRecord[] {
  const records: NewAuditRecord[] = [
    {
      at: d.at,
      actor: d.actor,
      action: 'decision.record',
      subject: d.account,
      detail: {
        decision: d.id,
        policy: `${d.policy}@${d.policyVersion}`,
        rule: d.rule,
        action: d.action.type,
        reason: d.action.reason,
        mode: d.mode,
        sweep: d.sweep,
      },
    },
  ]
  if (requirement !== undefined) {
    records.push({
      at: d.at,
      actor: d.actor,
      action: 'requirement.create',
      subject: d.account,
      detail: {
        requirement: requirement.id,
        decision: d.id,
        methods: requirement.row.methods,
        deadline: requirement.row.deadline,
      },
    })
  }
  return records
}

/** The audit record of a policy version: the SHA-256 of its source pins the text that was loaded. */
export function policyAuditRecord(p: StoredPolicy): NewAuditRecord {
  return {
    at: p.loadedAt,
    actor: p.loadedBy,
    action: 'policy.load',
    subject: `policy:${p.name}@${p.version}`,
    detail: { mode: p.mode, source_sha256: createHash('sha256').update(p.source).digest('hex') },
  }
}

/** The first decision of each key, in order: a key given twice in one batch is recorded once, like a key stored. */
export function firstPerKey(decisions: readonly NewDecision[]): NewDecision[] {
  const seen = new Set<string>()
  return decisions.filter((d) => {
    if (seen.has(d.key)) return false
    seen.add(d.key)
    return true
  })
}

/** How many of these decisions each sweep made: what `recordDecisions` adds to the sweeps' `decided`. */
export function decidedPerSweep(decisions: readonly NewDecision[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const d of decisions) if (d.sweep !== null) counts.set(d.sweep, (counts.get(d.sweep) ?? 0) + 1)
  return counts
}

/** Why a sweep cannot start: its id is taken. */
export function sweepExists(id: string): OnesellerError {
  return new OnesellerError('conflict', `sweep ${id} was already started: start a new sweep with another id`)
}

/** Why a sweep cannot finish: it was never started, or has finished already. */
export function sweepNotRunning(id: string, state: string | undefined): OnesellerError {
  return state === undefined
    ? new OnesellerError('not_found', `sweep ${id} was never started: start it before finishing it`)
    : new OnesellerError('conflict', `sweep ${id} is already ${state}: only a running sweep can finish`)
}
