import type { Instant } from '../core/time.ts'
import type { AuditRecord, Notice } from '../ports/index.ts'
import type { AccountDescription } from './describe-account.ts'

/** One thing that happened to an account, for the reviewer's timeline. */
export interface TimelineEntry {
  readonly at: Instant
  /** `record`: a record the marketplace sent; `audit`: an audit record of the engine or a person; `notice`: a message. */
  readonly source: 'record' | 'audit' | 'notice'
  /** `account`, `update`, `status`; the audit action (`decision.record`, `appeal.decide`, …); or the notice's kind. */
  readonly kind: string
  /** Who did it: the audit record's actor; null for records and notices. */
  readonly actor: string | null
  readonly detail: Readonly<Record<string, unknown>>
}

export interface AccountTimelineDeps {
  describeAccount(id: string): Promise<AccountDescription>
  listAudit(opts: {
    readonly afterSeq?: number
    readonly limit?: number
    readonly subject?: string
  }): Promise<readonly AuditRecord[]>
  noticesOf(account: string): Promise<readonly Notice[]>
}

/** Audit records read per page. */
const AUDIT_PAGE = 1000
/**
 * At most this many of an account's audit records are read: an account gathers a few dozen in its life (decisions,
 * requirement steps, appeals); more means a runaway loop, and the newest are what a reviewer reads.
 */
export const MAX_TIMELINE_AUDIT = 20_000

/**
 * Everything that happened to an account, newest first: the registrations, updates and status changes the marketplace
 * sent, every audit record whose subject is the account (decisions, requirements and their state changes,
 * restrictions, appeals, cases, submissions, postcards) and the notices sent to the seller. Ties keep the order they
 * happened in, reversed. Answers `limit` entries and whether there were more.
 */
export async function accountTimeline(
  deps: AccountTimelineDeps,
  request: { readonly account: string; readonly limit: number },
): Promise<{ readonly entries: readonly TimelineEntry[]; readonly more: boolean }> {
  const { history } = await deps.describeAccount(request.account)
  const entries: TimelineEntry[] = history.changes.map((c) => ({
    at: c.at,
    source: 'record',
    kind: c.type,
    actor: null,
    detail: {
      fields: [...c.fields],
      ...(c.status === undefined ? {} : { status: c.status }),
      added: c.added.map((i) => `${i.kind}:${i.key}`),
      removed: c.removed.map((i) => `${i.kind}:${i.key}`),
    },
  }))
  const audit: AuditRecord[] = []
  for (let afterSeq = 0; audit.length < MAX_TIMELINE_AUDIT; ) {
    const page = await deps.listAudit({ subject: request.account, afterSeq, limit: AUDIT_PAGE })
    audit.push(...page)
    const last = page.at(-1)
    if (last === undefined || page.length < AUDIT_PAGE) break
    afterSeq = last.seq
  }
  for (const r of audit) {
    entries.push({ at: r.at, source: 'audit', kind: r.action, actor: r.actor, detail: { ...r.detail, seq: r.seq } })
  }
  for (const n of await deps.noticesOf(request.account)) {
    entries.push({
      at: n.createdAt,
      source: 'notice',
      kind: n.kind,
      actor: null,
      detail: { notice: n.id, subject: n.subject, sentAt: n.sentAt, channel: n.channel },
    })
  }
  // A stable sort keeps the order of insertion among equal times; reversing it puts the latest first.
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.at - y.e.at || x.i - y.i)
    .map((x) => x.e)
    .reverse()
  return { entries: ordered.slice(0, request.limit), more: ordered.length > request.limit }
}
