import type { Instant } from '../core/time.ts'
import {
  deadlinePassed,
  progressFromVerifications,
  type RequirementChange,
  type RequirementSnapshot,
  reminderDue,
} from '../core/verification/requirement-lifecycle.ts'
import type { EventStore, NoticeSender, PolicyStore, WorkflowStore } from '../ports/index.ts'
import { composeNotices, type NoticeSettings } from './compose-notices.ts'
import { nextTurn } from './next-turn.ts'

/** Followers' names in the store's `cursors` table. */
export const VERIFICATIONS_CURSOR = 'workflow.verifications'

/** Rows handled per step: each step is one transaction, so a crash loses at most the step in flight. */
const BATCH = 1_000
/** Event-log records read per step by the verification follower. */
const LOG_PAGE = 20_000
/** Attempts at delivering one notice before it waits for someone to look. */
export const MAX_NOTICE_ATTEMPTS = 8

export interface WorkflowDeps {
  readonly events: EventStore
  readonly policies: PolicyStore
  readonly workflows: WorkflowStore
  /** Delivers notices; without one, notices are composed and kept in the store unsent. */
  readonly sender?: NoticeSender
  readonly notices: NoticeSettings
}

export interface TickReport {
  readonly now: Instant
  /** Requirements moved by the seller's verifications, by what happened. */
  readonly submitted: number
  readonly passed: number
  readonly latePassed: number
  readonly attemptsFailed: number
  readonly reminded: number
  readonly expired: number
  /** Restrictions that took effect. */
  readonly inForce: number
  readonly noticesComposed: number
  readonly noticesSent: number
  readonly noticesFailed: number
}

/**
 * One run of the scheduler at `now`: what the seller submitted moves their requirements first (so that a pass just
 * before the deadline wins over the expiry), then reminders, then expiries, then restrictions whose notice period
 * ended; then notices are composed from the audit trail and delivered. Each step is idempotent and keeps its place
 * in the store: a crash, a restart or a second scheduler fires nothing twice and loses nothing.
 */
export async function runWorkflows(deps: WorkflowDeps, now: Instant): Promise<TickReport> {
  const counts = { submitted: 0, passed: 0, latePassed: 0, attemptsFailed: 0, reminded: 0, expired: 0 }
  const count = (changes: readonly RequirementChange[]) => {
    for (const c of changes) {
      if (c.event === 'submit') counts.submitted += 1
      else if (c.event === 'pass') counts.passed += 1
      else if (c.event === 'late_pass') counts.latePassed += 1
      else if (c.event === 'attempt_failed') counts.attemptsFailed += 1
      else if (c.event === 'remind') counts.reminded += 1
      else if (c.event === 'expire') counts.expired += 1
    }
  }
  count(await followVerifications(deps, now))
  count(await sweepDue(deps, now, (n, limit) => deps.workflows.dueReminders(n, limit), reminderDue))
  count(await sweepDue(deps, now, (n, limit) => deps.workflows.dueExpiries(n, limit), deadlinePassed))
  let inForce = 0
  for (;;) {
    const n = await deps.workflows.markRestrictionsInForce(now, BATCH)
    inForce += n
    if (n < BATCH) break
    await nextTurn()
  }
  const noticesComposed = await composeNotices(deps, now)
  const delivered = deps.sender === undefined ? { sent: 0, failed: 0 } : await deliverNotices(deps, deps.sender, now)
  return {
    now,
    ...counts,
    inForce,
    noticesComposed,
    noticesSent: delivered.sent,
    noticesFailed: delivered.failed,
  }
}

/** Verification records stored since the last run move the requirements of their accounts. */
async function followVerifications(deps: WorkflowDeps, now: Instant): Promise<RequirementChange[]> {
  const all: RequirementChange[] = []
  let position = await deps.workflows.cursor(VERIFICATIONS_CURSOR)
  for (;;) {
    const page = await deps.workflows.verificationRecordsAfter(position, LOG_PAGE)
    if (page.lastSeq === position) break
    const changes: RequirementChange[] = []
    if (page.accounts.length > 0) {
      const requirements = await deps.workflows.activeRequirementsOf(page.accounts)
      const touched = [...new Set(requirements.map((r) => r.account))]
      const summaries = new Map((await deps.events.summariesOf(touched)).map((s) => [s.id, s]))
      for (const r of requirements) {
        const summary = summaries.get(r.account)
        if (summary === undefined) continue
        const change = progressFromVerifications(r, summary.verifications, now)
        if (change !== undefined) changes.push(change)
      }
    }
    const { appliedIds } = await deps.workflows.applyRequirementChanges(changes, {
      actor: 'scheduler',
      at: now,
      cursor: { name: VERIFICATIONS_CURSOR, position: page.lastSeq },
    })
    all.push(...onlyApplied(changes, appliedIds))
    position = page.lastSeq
    await nextTurn()
  }
  return all
}

/** Requirements that are due something (a reminder, an expiry), a batch at a time until none is due. */
async function sweepDue(
  deps: WorkflowDeps,
  now: Instant,
  due: (now: Instant, limit: number) => Promise<readonly RequirementSnapshot[]>,
  decide: (r: RequirementSnapshot, now: Instant) => RequirementChange | undefined,
): Promise<RequirementChange[]> {
  const all: RequirementChange[] = []
  for (;;) {
    const batch = await due(now, BATCH)
    const changes = batch.flatMap((r) => decide(r, now) ?? [])
    if (changes.length === 0) break
    const { appliedIds } = await deps.workflows.applyRequirementChanges(changes, { actor: 'scheduler', at: now })
    all.push(...onlyApplied(changes, appliedIds))
    // Another scheduler moved them first: what is left is theirs; stop rather than spin on the same rows.
    if (appliedIds.length === 0 || batch.length < BATCH) break
    await nextTurn()
  }
  return all
}

function onlyApplied(changes: readonly RequirementChange[], ids: readonly number[]): RequirementChange[] {
  const applied = new Set(ids)
  return changes.filter((c) => applied.has(c.requirement.id))
}

/** Hands unsent notices to the sender; a failure is recorded on the notice and retried on a later run. */
async function deliverNotices(
  deps: WorkflowDeps,
  sender: NoticeSender,
  now: Instant,
): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  let last = -1
  for (;;) {
    const batch = (await deps.workflows.unsentNotices(BATCH, MAX_NOTICE_ATTEMPTS)).filter((n) => n.id > last)
    if (batch.length === 0) break
    for (const notice of batch) {
      last = notice.id
      try {
        await sender.send(notice)
        await deps.workflows.markNoticeSent(notice.id, sender.channel, now)
        sent += 1
      } catch (e) {
        await deps.workflows.markNoticeFailed(notice.id, e instanceof Error ? e.message : String(e), now)
        failed += 1
      }
    }
  }
  return { sent, failed }
}
