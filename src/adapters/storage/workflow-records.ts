// What both workflow stores derive from a requirement change (the restriction it imposes, the audit records), so that
// SQLite and PostgreSQL store the same rows and chain the same audit trail.
import { OnesellerError } from '../../core/errors.ts'
import type { NoticeKind, NoticeLocale } from '../../core/notices/notice.ts'
import type { Instant } from '../../core/time.ts'
import type { Appeal, AppealState } from '../../core/verification/appeal.ts'
import type { RequirementChange } from '../../core/verification/requirement-lifecycle.ts'
import type { NewRestriction } from '../../core/verification/restriction.ts'
import type { ReviewCase } from '../../core/verification/review-case.ts'
import type { NewAuditRecord, Postcard } from '../../ports/index.ts'

/** Reason codes of the restrictions a requirement imposes. */
export const DEADLINE_MISSED = 'verification_deadline_missed'
export const VERIFICATION_REFUSED = 'verification_refused'

/** The restriction a change imposes now (a missed deadline, a final refusal), if any. */
export function imposedRestriction(change: RequirementChange, at: Instant): NewRestriction | undefined {
  if (change.impose === undefined) return undefined
  const r = change.requirement
  return {
    account: r.account,
    kind: change.impose,
    decision: r.decision,
    requirement: r.id,
    reason: change.event === 'fail' ? VERIFICATION_REFUSED : DEADLINE_MISSED,
    createdAt: at,
    effectiveAt: at,
  }
}

/** The audit record of a requirement change: `requirement.<event>`, with the state it left and reached. */
export function requirementChangeAudit(change: RequirementChange, actor: string, at: Instant): NewAuditRecord {
  const r = change.requirement
  return {
    at,
    actor,
    action: `requirement.${change.event}`,
    subject: r.account,
    detail: {
      requirement: r.id,
      decision: r.decision,
      from: r.state,
      to: change.next.state,
      deadline: r.deadline,
      ...(change.methods === undefined ? {} : { methods: change.methods }),
    },
  }
}

/** The audit record of a restriction lifted. */
export function liftAudit(
  lifted: { readonly id: number; readonly account: string; readonly kind: string; readonly requirement: number | null },
  opts: { readonly actor: string; readonly reason: string; readonly at: Instant },
): NewAuditRecord {
  return {
    at: opts.at,
    actor: opts.actor,
    action: 'restriction.lift',
    subject: lifted.account,
    detail: { restriction: lifted.id, kind: lifted.kind, requirement: lifted.requirement, reason: opts.reason },
  }
}

/** The audit record of a restriction that took effect. */
export function inForceAudit(
  r: { readonly id: number; readonly account: string; readonly kind: string },
  at: Instant,
): NewAuditRecord {
  return {
    at,
    actor: 'scheduler',
    action: 'restriction.in_force',
    subject: r.account,
    detail: { restriction: r.id, kind: r.kind },
  }
}

/** The reason recorded when a late pass or a withdrawn requirement lifts what its expiry imposed. */
export function liftReason(change: RequirementChange): string {
  return change.event === 'withdraw' ? 'requirement_withdrawn' : 'late_pass'
}

export interface RestrictionRow {
  id: number | string
  account: string
  kind: string
  decision: number | string | null
  requirement: number | string | null
  reason: string
  created_at: number | string
  effective_at: number | string
  in_force_at: number | string | null
  lifted_at: number | string | null
  lifted_by: string | null
  lift_reason: string | null
}

export interface NoticeRow {
  id: number | string
  key: string
  account: string
  kind: string
  locale: string
  recipient: string | null
  subject: string
  text: string
  html: string
  created_at: number | string
  sent_at: number | string | null
  channel: string | null
  attempts: number
  last_error: string | null
}

const num = (v: number | string): number => Number(v)
const numOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v))

export const fromRestrictionRow = (r: RestrictionRow) => ({
  id: num(r.id),
  account: r.account,
  kind: r.kind as NewRestriction['kind'],
  decision: numOrNull(r.decision),
  requirement: numOrNull(r.requirement),
  reason: r.reason,
  createdAt: num(r.created_at) as Instant,
  effectiveAt: num(r.effective_at) as Instant,
  inForceAt: numOrNull(r.in_force_at) as Instant | null,
  liftedAt: numOrNull(r.lifted_at) as Instant | null,
  liftedBy: r.lifted_by,
  liftReason: r.lift_reason,
})

export const fromNoticeRow = (r: NoticeRow) => ({
  id: num(r.id),
  key: r.key,
  account: r.account,
  kind: r.kind as NoticeKind,
  locale: r.locale as NoticeLocale,
  recipient: r.recipient,
  subject: r.subject,
  text: r.text,
  html: r.html,
  createdAt: num(r.created_at) as Instant,
  sentAt: numOrNull(r.sent_at) as Instant | null,
  channel: r.channel,
  attempts: r.attempts,
  lastError: r.last_error,
})

export interface WebhookAttemptRow {
  event: string
  url: string
  at: number | string
  status: number | null
  error: string | null
  duration_ms: number
}

export const fromWebhookAttemptRow = (r: WebhookAttemptRow) => ({
  event: r.event,
  url: r.url,
  at: num(r.at) as Instant,
  status: r.status,
  error: r.error,
  durationMs: r.duration_ms,
})

export interface AppealRow {
  id: number | string
  account: string
  decision: number | string
  statement: string
  files: string | string[]
  state: string
  filed_by: string
  filed_at: number | string
  decided_by: string | null
  decided_at: number | string | null
  reason: string | null
}

export const fromAppealRow = (r: AppealRow): Appeal => ({
  id: num(r.id),
  account: r.account,
  decision: num(r.decision),
  statement: r.statement,
  files: typeof r.files === 'string' ? (JSON.parse(r.files) as string[]) : r.files,
  state: r.state as AppealState,
  filedBy: r.filed_by,
  filedAt: num(r.filed_at) as Instant,
  decidedBy: r.decided_by,
  decidedAt: numOrNull(r.decided_at) as Instant | null,
  reason: r.reason,
})

/** The audit record of an appeal filed. */
export function appealFiledAudit(a: Appeal): NewAuditRecord {
  return {
    at: a.filedAt,
    actor: a.filedBy,
    action: 'appeal.file',
    subject: a.account,
    detail: { appeal: a.id, decision: a.decision, files: a.files.length },
  }
}

/** The audit record of an appeal decided. */
export function appealDecidedAudit(a: Appeal): NewAuditRecord {
  return {
    at: a.decidedAt ?? a.filedAt,
    actor: a.decidedBy ?? 'unknown',
    action: a.state === 'overturned' ? 'appeal.overturn' : 'appeal.uphold',
    subject: a.account,
    detail: { appeal: a.id, decision: a.decision, reason: a.reason },
  }
}

/** Why an appeal cannot be decided: it is unknown, or was decided already. */
export function appealNotOpen(id: number, state: string | undefined): OnesellerError {
  return state === undefined
    ? new OnesellerError('not_found', `there is no appeal ${id}`)
    : new OnesellerError('conflict', `appeal ${id} was already decided (${state})`)
}

/** Why an appeal cannot be filed: one against the decision is open. */
export function appealAlreadyOpen(decision: number): OnesellerError {
  return new OnesellerError('conflict', `an appeal against decision ${decision} is already open`)
}

export interface PostcardRow {
  id: number | string
  requirement: number | string
  account: string
  batch: string
  code_hash: string
  state: string
  created_at: number | string
  expires_at: number | string
  printed_at: number | string | null
  used_at: number | string | null
  attempts: number
  max_attempts: number
}

export const fromPostcardRow = (r: PostcardRow): Postcard => ({
  id: num(r.id),
  requirement: num(r.requirement),
  account: r.account,
  batch: r.batch,
  codeHash: r.code_hash,
  state: r.state as Postcard['state'],
  createdAt: num(r.created_at) as Instant,
  expiresAt: num(r.expires_at) as Instant,
  printedAt: numOrNull(r.printed_at) as Instant | null,
  usedAt: numOrNull(r.used_at) as Instant | null,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
})

export function postcardIssuedAudit(p: Postcard): NewAuditRecord {
  return {
    at: p.createdAt,
    actor: 'scheduler',
    action: 'postcard.issue',
    subject: p.account,
    detail: { postcard: p.id, requirement: p.requirement, batch: p.batch, expires_at: p.expiresAt },
  }
}

export function postcardEntryAudit(p: Postcard, accepted: boolean, at: Instant, actor: string): NewAuditRecord {
  return {
    at,
    actor,
    action: 'postcard.enter',
    subject: p.account,
    detail: {
      postcard: p.id,
      requirement: p.requirement,
      outcome: accepted ? 'accepted' : 'wrong_code',
      attempts: p.attempts,
    },
  }
}

export interface CaseRow {
  id: number | string
  account: string
  decision: number | string
  priority: string
  reason: string
  state: string
  assignee: string | null
  created_at: number | string
  due_at: number | string
  assigned_at: number | string | null
  closed_at: number | string | null
  outcome: string | null
  note: string | null
}

export const fromCaseRow = (r: CaseRow): ReviewCase => ({
  id: num(r.id),
  account: r.account,
  decision: num(r.decision),
  priority: r.priority as ReviewCase['priority'],
  reason: r.reason,
  state: r.state as ReviewCase['state'],
  assignee: r.assignee,
  createdAt: num(r.created_at) as Instant,
  dueAt: num(r.due_at) as Instant,
  assignedAt: numOrNull(r.assigned_at) as Instant | null,
  closedAt: numOrNull(r.closed_at) as Instant | null,
  outcome: r.outcome as ReviewCase['outcome'],
  note: r.note,
})

export function caseChangeAudit(
  c: ReviewCase,
  action: 'case.assign' | 'case.close',
  actor: string,
  at: Instant,
): NewAuditRecord {
  return {
    at,
    actor,
    action,
    subject: c.account,
    detail:
      action === 'case.assign'
        ? { case: c.id, assignee: c.assignee }
        : { case: c.id, outcome: c.outcome, note: c.note },
  }
}

/** Why a case cannot change: unknown, closed, or someone else's. */
export function caseRefusal(
  id: number,
  state: string | undefined,
  assignee: string | null | undefined,
): OnesellerError {
  if (state === undefined) return new OnesellerError('not_found', `there is no case ${id}`)
  if (state === 'closed') return new OnesellerError('conflict', `case ${id} is closed`)
  return new OnesellerError('conflict', `case ${id} is assigned to ${assignee ?? 'someone else'}`)
}

/** The SQL filter of `listCases`, with its parameters in order ($n placeholders for PostgreSQL, ? for SQLite). */
export function caseFilter(
  opts: { readonly state?: string; readonly assignee?: string; readonly account?: string; readonly afterId?: number },
  placeholder: (n: number) => string,
): { where: string; values: unknown[]; order: string } {
  const clauses: string[] = []
  const values: unknown[] = []
  const add = (sql: (p: string) => string, v: unknown) => {
    values.push(v)
    clauses.push(sql(placeholder(values.length)))
  }
  if (opts.state !== undefined) add((p) => `state = ${p}`, opts.state)
  else clauses.push(`state <> 'closed'`)
  if (opts.assignee !== undefined) add((p) => `assignee = ${p}`, opts.assignee)
  if (opts.account !== undefined) add((p) => `account = ${p}`, opts.account)
  if (opts.afterId !== undefined) add((p) => `id > ${p}`, opts.afterId)
  // Pages go by id; within what is open, the queue's order (soonest due) is the client's to sort by `dueAt`.
  return { where: clauses.join(' AND '), values, order: 'id' }
}
