import type Database from 'better-sqlite3'
import type { Instant } from '../../../core/time.ts'
import type { Appeal } from '../../../core/verification/appeal.ts'
import type { RequirementChange, RequirementSnapshot } from '../../../core/verification/requirement-lifecycle.ts'
import type { Restriction } from '../../../core/verification/restriction.ts'
import type { CaseOutcome, ReviewCase } from '../../../core/verification/review-case.ts'
import type {
  AppealFileEntry,
  CursorMove,
  Decision,
  NewAppeal,
  NewAuditRecord,
  NewNotice,
  NewPostcard,
  Notice,
  Postcard,
  WebhookAttemptRecord,
  WorkflowStore,
} from '../../../ports/index.ts'
import { APPEAL_FILE_COLUMNS, type AppealFileRow, fromAppealFileRow, withUploads } from '../appeal-file-records.ts'
import { restrictionAuditRecord } from '../decision-records.ts'
import {
  type DecisionRow,
  encodeProgress,
  fromDecisionRow,
  fromRequirementRow,
  type RequirementRow,
} from '../policy-rows.ts'
import {
  type AppealRow,
  appealAlreadyOpen,
  appealDecidedAudit,
  appealFiledAudit,
  appealNotOpen,
  type CaseRow,
  caseChangeAudit,
  caseFilter,
  caseRefusal,
  fromAppealRow,
  fromCaseRow,
  fromNoticeRow,
  fromPostcardRow,
  fromRestrictionRow,
  fromWebhookAttemptRow,
  imposedRestriction,
  inForceAudit,
  liftAudit,
  liftReason,
  type NoticeRow,
  type PostcardRow,
  postcardEntryAudit,
  postcardIssuedAudit,
  type RestrictionRow,
  requirementChangeAudit,
  type WebhookAttemptRow,
} from '../workflow-records.ts'
import { readGuarded } from './sqlite-errors.ts'
import { appendAuditSqlite, prepareInsertRestriction } from './sqlite-policy-store.ts'
import { writeImmediate } from './sqlite-write-groups.ts'

/**
 * Requirements as they move, restrictions, notices and cursors in the event store's SQLite file (migration 7). Every
 * write is one `BEGIN IMMEDIATE` transaction, which takes the writer lock before the audit trail's tail is read.
 */
export class SqliteWorkflowStore implements WorkflowStore {
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {}

  async getRequirement(id: number): Promise<RequirementSnapshot | undefined> {
    const row = this.read('reading a requirement', () =>
      this.db.prepare('SELECT * FROM requirements WHERE id = ?').get(id),
    ) as RequirementRow | undefined
    return row === undefined ? undefined : fromRequirementRow(row)
  }

  async getDecision(id: number): Promise<Decision | undefined> {
    const row = this.read('reading a decision', () =>
      this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id),
    ) as DecisionRow | undefined
    return row === undefined ? undefined : fromDecisionRow(row)
  }

  async dueReminders(now: Instant, limit: number): Promise<readonly RequirementSnapshot[]> {
    const rows = this.read('finding reminders due', () =>
      this.db
        .prepare(
          `SELECT * FROM requirements WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ?
             AND state IN ('requested', 'reminded') ORDER BY next_reminder_at, id LIMIT ?`,
        )
        .all(now, limit),
    ) as RequirementRow[]
    return rows.map(fromRequirementRow)
  }

  async dueExpiries(now: Instant, limit: number): Promise<readonly RequirementSnapshot[]> {
    const rows = this.read('finding deadlines passed', () =>
      this.db
        .prepare(
          `SELECT * FROM requirements WHERE state IN ('requested', 'reminded') AND deadline <= ?
           ORDER BY deadline, id LIMIT ?`,
        )
        .all(now, limit),
    ) as RequirementRow[]
    return rows.map(fromRequirementRow)
  }

  async activeRequirementsOf(accounts: readonly string[]): Promise<readonly RequirementSnapshot[]> {
    if (accounts.length === 0) return []
    const rows = this.read('reading requirements', () =>
      this.db
        .prepare(
          `SELECT * FROM requirements WHERE account IN (SELECT value FROM json_each(?))
             AND state IN ('requested', 'reminded', 'submitted', 'in_review', 'expired') ORDER BY id`,
        )
        .all(JSON.stringify(accounts)),
    ) as RequirementRow[]
    return rows.map(fromRequirementRow)
  }

  async applyRequirementChanges(
    changes: readonly RequirementChange[],
    opts: { readonly actor: string; readonly at: Instant; readonly cursor?: CursorMove },
  ): Promise<{ readonly applied: number; readonly skipped: number; readonly appliedIds: readonly number[] }> {
    if (changes.length === 0 && opts.cursor === undefined) return { applied: 0, skipped: 0, appliedIds: [] }
    return this.write(`carrying out ${changes.length} requirement changes`, () => {
      const audit: NewAuditRecord[] = []
      const appliedIds = this.carryOut(changes, opts, audit)
      appendAuditSqlite(this.db, audit)
      if (opts.cursor !== undefined) this.moveCursor_(opts.cursor)
      return { applied: appliedIds.length, skipped: changes.length - appliedIds.length, appliedIds }
    })
  }

  /** Requirement changes inside a write transaction: rows moved, restrictions imposed or lifted, audit collected. */
  private carryOut(
    changes: readonly RequirementChange[],
    opts: { readonly actor: string; readonly at: Instant },
    audit: NewAuditRecord[],
  ): number[] {
    const update = this.db.prepare(
      `UPDATE requirements SET state = ?, progress = ?, reminders_sent = ?, next_reminder_at = ?, resolved_at = ?,
         updated_at = ? WHERE id = ? AND state = ? AND updated_at = ?`,
    )
    const insertRestriction = prepareInsertRestriction(this.db)
    const lift = this.db.prepare(
      `UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ?
       WHERE requirement = ? AND lifted_at IS NULL RETURNING *`,
    )
    const appliedIds: number[] = []
    for (const c of changes) {
      const n = c.next
      const moved = update.run(
        n.state,
        encodeProgress(n.progress),
        n.remindersSent,
        n.nextReminderAt,
        n.resolvedAt,
        n.updatedAt,
        c.requirement.id,
        c.requirement.state,
        c.requirement.updatedAt,
      ).changes
      if (moved === 0) continue
      appliedIds.push(c.requirement.id)
      audit.push(requirementChangeAudit(c, opts.actor, opts.at))
      const imposed = imposedRestriction(c, opts.at)
      if (imposed !== undefined) audit.push(restrictionAuditRecord(insertRestriction(imposed), imposed, opts.actor))
      if (c.liftImposed === true) {
        const why = { actor: opts.actor, reason: liftReason(c), at: opts.at }
        const lifted = (lift.all(opts.at, opts.actor, why.reason, c.requirement.id) as RestrictionRow[])
          .map(fromRestrictionRow)
          .sort((a, b) => a.id - b.id)
        for (const l of lifted) audit.push(liftAudit(l, why))
      }
    }
    return appliedIds
  }

  async fileAppeal(a: NewAppeal): Promise<Appeal> {
    return this.write(`filing an appeal against decision ${a.decision}`, () => {
      const row = this.db
        .prepare(
          `INSERT INTO appeals (account, decision, statement, files, state, filed_by, filed_at)
           VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
        )
        .get(a.account, a.decision, a.statement, JSON.stringify(a.files), a.filedBy, a.filedAt) as AppealRow | undefined
      if (row === undefined) throw appealAlreadyOpen(a.decision)
      const appeal = fromAppealRow(row)
      const insertFile = this.db.prepare(
        'INSERT INTO appeal_files (appeal, name, mime, size, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?)',
      )
      for (const u of a.uploads ?? []) insertFile.run(appeal.id, u.name, u.mime, u.bytes.byteLength, u.sha256, u.bytes)
      appendAuditSqlite(this.db, [withUploads(appealFiledAudit(appeal), a.uploads ?? [])])
      return appeal
    })
  }

  async appealFilesOf(appeals: readonly number[]): Promise<readonly AppealFileEntry[]> {
    if (appeals.length === 0) return []
    const rows = this.read('reading the files of appeals', () =>
      this.db
        .prepare(
          `SELECT ${APPEAL_FILE_COLUMNS} FROM appeal_files WHERE appeal IN (SELECT value FROM json_each(?))
           ORDER BY appeal, id`,
        )
        .all(JSON.stringify(appeals)),
    ) as AppealFileRow[]
    return rows.map(fromAppealFileRow)
  }

  async readAppealFile(
    appeal: number,
    file: number,
  ): Promise<(AppealFileEntry & { readonly bytes: Uint8Array }) | undefined> {
    const row = this.read('reading a file of an appeal', () =>
      this.db
        .prepare(`SELECT ${APPEAL_FILE_COLUMNS}, bytes FROM appeal_files WHERE id = ? AND appeal = ?`)
        .get(file, appeal),
    ) as (AppealFileRow & { bytes: Buffer }) | undefined
    return row === undefined ? undefined : { ...fromAppealFileRow(row), bytes: new Uint8Array(row.bytes) }
  }

  async getAppeal(id: number): Promise<Appeal | undefined> {
    const row = this.read('reading an appeal', () => this.db.prepare('SELECT * FROM appeals WHERE id = ?').get(id)) as
      | AppealRow
      | undefined
    return row === undefined ? undefined : fromAppealRow(row)
  }

  async appealsOf(account: string): Promise<readonly Appeal[]> {
    const rows = this.read('reading appeals', () =>
      this.db.prepare('SELECT * FROM appeals WHERE account = ? ORDER BY id').all(account),
    ) as AppealRow[]
    return rows.map(fromAppealRow)
  }

  async listAppeals(opts: {
    readonly open?: boolean
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Appeal[]> {
    const rows = this.read('listing appeals', () =>
      this.db
        .prepare(
          `SELECT * FROM appeals WHERE id > ? ${opts.open === true ? "AND state = 'open'" : ''} ORDER BY id LIMIT ?`,
        )
        .all(opts.afterId ?? 0, opts.limit),
    ) as AppealRow[]
    return rows.map(fromAppealRow)
  }

  async decideAppeal(d: Parameters<WorkflowStore['decideAppeal']>[0]): Promise<Appeal> {
    return this.write(`deciding appeal ${d.id}`, () => {
      const row = this.db
        .prepare(
          `UPDATE appeals SET state = ?, decided_by = ?, decided_at = ?, reason = ?
           WHERE id = ? AND state = 'open' RETURNING *`,
        )
        .get(d.outcome, d.actor, d.at, d.reason, d.id) as AppealRow | undefined
      if (row === undefined) {
        const state = this.db.prepare('SELECT state FROM appeals WHERE id = ?').pluck().get(d.id) as string | undefined
        throw appealNotOpen(d.id, state)
      }
      const appeal = fromAppealRow(row)
      const audit: NewAuditRecord[] = [appealDecidedAudit(appeal)]
      if (d.outcome === 'overturned') {
        const why = { actor: d.actor, reason: 'appeal_overturned', at: d.at }
        const lifted = (
          this.db
            .prepare(
              `UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ?
               WHERE decision IN (SELECT value FROM json_each(?)) AND requirement IS NULL AND lifted_at IS NULL
               RETURNING *`,
            )
            .all(d.at, d.actor, why.reason, JSON.stringify(d.liftDecisions)) as RestrictionRow[]
        )
          .map(fromRestrictionRow)
          .sort((a, b) => a.id - b.id)
        for (const l of lifted) audit.push(liftAudit(l, why))
        this.carryOut(d.withdraw, { actor: d.actor, at: d.at }, audit)
      }
      appendAuditSqlite(this.db, audit)
      return appeal
    })
  }

  async decisionsThrough(root: string): Promise<readonly Decision[]> {
    const rows = this.read('reading decisions', () =>
      this.db
        .prepare(
          `SELECT * FROM decisions WHERE account = ?
           UNION SELECT * FROM decisions WHERE json_extract(evidence, '$.via') = ? ORDER BY id`,
        )
        .all(root, root),
    ) as DecisionRow[]
    return rows.map(fromDecisionRow)
  }

  async requirementsOfDecisions(decisions: readonly number[]): Promise<readonly RequirementSnapshot[]> {
    if (decisions.length === 0) return []
    const rows = this.read('reading requirements', () =>
      this.db
        .prepare('SELECT * FROM requirements WHERE decision IN (SELECT value FROM json_each(?)) ORDER BY id')
        .all(JSON.stringify(decisions)),
    ) as RequirementRow[]
    return rows.map(fromRequirementRow)
  }

  async markRestrictionsInForce(now: Instant, limit: number): Promise<number> {
    return this.write('marking restrictions in force', () => {
      const rows = this.db
        .prepare(
          `UPDATE restrictions SET in_force_at = ? WHERE id IN (
             SELECT id FROM restrictions WHERE in_force_at IS NULL AND lifted_at IS NULL AND effective_at <= ?
             ORDER BY effective_at, id LIMIT ?)
           RETURNING id, account, kind`,
        )
        .all(now, now, limit) as { id: number; account: string; kind: string }[]
      rows.sort((a, b) => a.id - b.id)
      appendAuditSqlite(
        this.db,
        rows.map((r) => inForceAudit(r, now)),
      )
      return rows.length
    })
  }

  async restrictionsOf(account: string): Promise<readonly Restriction[]> {
    const rows = this.read('reading restrictions', () =>
      this.db.prepare('SELECT * FROM restrictions WHERE account = ? ORDER BY id').all(account),
    ) as RestrictionRow[]
    return rows.map(fromRestrictionRow)
  }

  async liftRestrictions(
    ids: readonly number[],
    opts: { readonly actor: string; readonly reason: string; readonly at: Instant },
  ): Promise<number> {
    if (ids.length === 0) return 0
    return this.write('lifting restrictions', () => {
      const rows = this.db
        .prepare(
          `UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ?
           WHERE id IN (SELECT value FROM json_each(?)) AND lifted_at IS NULL RETURNING *`,
        )
        .all(opts.at, opts.actor, opts.reason, JSON.stringify(ids)) as RestrictionRow[]
      const lifted = rows.map(fromRestrictionRow).sort((a, b) => a.id - b.id)
      appendAuditSqlite(
        this.db,
        lifted.map((l) => liftAudit(l, opts)),
      )
      return lifted.length
    })
  }

  async verificationRecordsAfter(
    afterSeq: number,
    limit: number,
  ): Promise<{ readonly accounts: readonly string[]; readonly lastSeq: number }> {
    // seq is the rowid: the range is read in order from afterSeq, the type filtered as it goes.
    const rows = this.read('reading new verification records', () =>
      this.db.prepare('SELECT seq, account, type FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit),
    ) as { seq: number; account: string; type: string }[]
    const accounts = new Set<string>()
    for (const r of rows) if (r.type === 'verification') accounts.add(r.account)
    return { accounts: [...accounts], lastSeq: rows.at(-1)?.seq ?? afterSeq }
  }

  async cursor(name: string): Promise<number> {
    const position = this.read('reading a cursor', () =>
      this.db.prepare('SELECT position FROM cursors WHERE name = ?').pluck().get(name),
    ) as number | undefined
    return position ?? 0
  }

  async moveCursor(cursor: CursorMove): Promise<void> {
    this.write('moving a cursor', () => this.moveCursor_(cursor))
  }

  async requirementsAwaitingPostcard(limit: number): Promise<readonly RequirementSnapshot[]> {
    const rows = this.read('finding requirements awaiting a postcard', () =>
      this.db
        .prepare(
          `SELECT r.* FROM requirements r
           WHERE r.state IN ('requested', 'reminded')
             AND EXISTS (SELECT 1 FROM json_each(r.methods) WHERE value = 'postcard')
             AND NOT EXISTS (SELECT 1 FROM postcards p WHERE p.requirement = r.id AND p.state <> 'void')
           ORDER BY r.id LIMIT ?`,
        )
        .all(limit),
    ) as RequirementRow[]
    return rows.map(fromRequirementRow)
  }

  async issuePostcards(cards: readonly NewPostcard[]): Promise<readonly Postcard[]> {
    if (cards.length === 0) return []
    return this.write(`issuing ${cards.length} postcards`, () => {
      const insert = this.db.prepare(
        `INSERT INTO postcards (requirement, account, batch, code_hash, state, created_at, expires_at, max_attempts)
         VALUES (?, ?, ?, ?, 'issued', ?, ?, ?) RETURNING *`,
      )
      const issued = cards.map((c) =>
        fromPostcardRow(
          insert.get(
            c.requirement,
            c.account,
            c.batch,
            c.codeHash,
            c.createdAt,
            c.expiresAt,
            c.maxAttempts,
          ) as PostcardRow,
        ),
      )
      appendAuditSqlite(this.db, issued.map(postcardIssuedAudit))
      return issued
    })
  }

  async markPostcardsPrinted(batch: string, at: Instant): Promise<number> {
    return this.write(
      'marking postcards printed',
      () =>
        this.db
          .prepare(`UPDATE postcards SET state = 'printed', printed_at = ? WHERE batch = ? AND state = 'issued'`)
          .run(at, batch).changes,
    )
  }

  async voidUnprintedPostcards(before: Instant): Promise<number> {
    return this.write(
      'voiding unprinted postcards',
      () =>
        this.db.prepare(`UPDATE postcards SET state = 'void' WHERE state = 'issued' AND created_at < ?`).run(before)
          .changes,
    )
  }

  async currentPostcardOf(account: string): Promise<Postcard | undefined> {
    const row = this.read('reading a postcard', () =>
      this.db
        .prepare(`SELECT * FROM postcards WHERE account = ? AND state IN ('printed', 'used') ORDER BY id DESC LIMIT 1`)
        .get(account),
    ) as PostcardRow | undefined
    return row === undefined ? undefined : fromPostcardRow(row)
  }

  async recordPostcardEntry(
    id: number,
    entry: { readonly accepted: boolean; readonly at: Instant; readonly actor: string },
  ): Promise<Postcard | undefined> {
    return this.write('recording a postcard code entry', () => {
      const row = this.db
        .prepare(
          `UPDATE postcards SET attempts = attempts + 1,
             used_at = CASE WHEN ? THEN ? ELSE used_at END,
             state = CASE WHEN ? THEN 'used' ELSE state END
           WHERE id = ? AND state = 'printed' AND used_at IS NULL AND attempts < max_attempts RETURNING *`,
        )
        .get(entry.accepted ? 1 : 0, entry.at, entry.accepted ? 1 : 0, id) as PostcardRow | undefined
      if (row === undefined) return undefined
      const card = fromPostcardRow(row)
      appendAuditSqlite(this.db, [postcardEntryAudit(card, entry.accepted, entry.at, entry.actor)])
      return card
    })
  }

  async postcardsOf(account: string): Promise<readonly Postcard[]> {
    const rows = this.read('reading postcards', () =>
      this.db.prepare('SELECT * FROM postcards WHERE account = ? ORDER BY id').all(account),
    ) as PostcardRow[]
    return rows.map(fromPostcardRow)
  }

  async listCases(opts: Parameters<WorkflowStore['listCases']>[0]): Promise<readonly ReviewCase[]> {
    const f = caseFilter(opts, () => '?')
    const rows = this.read('listing cases', () =>
      this.db.prepare(`SELECT * FROM cases WHERE ${f.where} ORDER BY ${f.order} LIMIT ?`).all(...f.values, opts.limit),
    ) as CaseRow[]
    return rows.map(fromCaseRow)
  }

  async getCase(id: number): Promise<ReviewCase | undefined> {
    const row = this.read('reading a case', () => this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id)) as
      | CaseRow
      | undefined
    return row === undefined ? undefined : fromCaseRow(row)
  }

  async assignCase(
    id: number,
    opts: { readonly to: string; readonly actor: string; readonly at: Instant; readonly steal?: boolean },
  ): Promise<ReviewCase> {
    return this.write(`assigning case ${id}`, () => {
      const row = this.db
        .prepare(
          `UPDATE cases SET state = 'assigned', assignee = ?, assigned_at = ?
           WHERE id = ? AND (state = 'open' OR (state = 'assigned' AND (assignee = ? OR ?))) RETURNING *`,
        )
        .get(opts.to, opts.at, id, opts.to, opts.steal === true ? 1 : 0) as CaseRow | undefined
      if (row === undefined) {
        const now = this.db.prepare('SELECT state, assignee FROM cases WHERE id = ?').get(id) as
          | { state: string; assignee: string | null }
          | undefined
        throw caseRefusal(id, now?.state, now?.assignee)
      }
      const c = fromCaseRow(row)
      appendAuditSqlite(this.db, [caseChangeAudit(c, 'case.assign', opts.actor, opts.at)])
      return c
    })
  }

  async closeCase(
    id: number,
    opts: { readonly outcome: CaseOutcome; readonly note: string; readonly actor: string; readonly at: Instant },
  ): Promise<ReviewCase> {
    return this.write(`closing case ${id}`, () => {
      const row = this.db
        .prepare(
          `UPDATE cases SET state = 'closed', closed_at = ?, outcome = ?, note = ?,
             assignee = coalesce(assignee, ?), assigned_at = coalesce(assigned_at, ?)
           WHERE id = ? AND state <> 'closed' RETURNING *`,
        )
        .get(opts.at, opts.outcome, opts.note, opts.actor, opts.at, id) as CaseRow | undefined
      if (row === undefined) {
        const now = this.db.prepare('SELECT state FROM cases WHERE id = ?').pluck().get(id) as string | undefined
        throw caseRefusal(id, now, null)
      }
      const c = fromCaseRow(row)
      appendAuditSqlite(this.db, [caseChangeAudit(c, 'case.close', opts.actor, opts.at)])
      return c
    })
  }

  async recordWebhookAttempt(a: WebhookAttemptRecord): Promise<void> {
    this.write('logging a webhook attempt', () =>
      this.db
        .prepare('INSERT INTO webhook_attempts (event, url, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(a.event, a.url, a.at, a.status, a.error?.slice(0, 2000) ?? null, a.durationMs),
    )
  }

  async webhookAttempts(opts: {
    readonly event?: string
    readonly limit: number
  }): Promise<readonly WebhookAttemptRecord[]> {
    const rows = this.read('reading the webhook log', () =>
      opts.event === undefined
        ? this.db.prepare('SELECT * FROM webhook_attempts ORDER BY id DESC LIMIT ?').all(opts.limit)
        : this.db
            .prepare('SELECT * FROM webhook_attempts WHERE event = ? ORDER BY id DESC LIMIT ?')
            .all(opts.event, opts.limit),
    ) as WebhookAttemptRow[]
    return rows.map(fromWebhookAttemptRow)
  }

  async insertNotices(notices: readonly NewNotice[], cursor?: CursorMove): Promise<number> {
    if (notices.length === 0 && cursor === undefined) return 0
    return this.write(`storing ${notices.length} notices`, () => {
      const insert = this.db.prepare(
        `INSERT INTO notices (key, account, kind, locale, recipient, subject, text, html, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
      )
      let inserted = 0
      for (const n of notices) {
        inserted += insert.run(
          n.key,
          n.account,
          n.kind,
          n.locale,
          n.recipient,
          n.subject,
          n.text,
          n.html,
          n.createdAt,
        ).changes
      }
      if (cursor !== undefined) this.moveCursor_(cursor)
      return inserted
    })
  }

  async unsentNotices(limit: number, maxAttempts: number): Promise<readonly Notice[]> {
    const rows = this.read('reading the outbox', () =>
      this.db
        .prepare('SELECT * FROM notices WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT ?')
        .all(maxAttempts, limit),
    ) as NoticeRow[]
    return rows.map(fromNoticeRow)
  }

  async markNoticeSent(id: number, channel: string, at: Instant): Promise<void> {
    this.write('marking a notice sent', () =>
      this.db
        .prepare(
          'UPDATE notices SET sent_at = ?, channel = ?, attempts = attempts + 1 WHERE id = ? AND sent_at IS NULL',
        )
        .run(at, channel, id),
    )
  }

  async markNoticeFailed(id: number, error: string, _at: Instant): Promise<void> {
    this.write('recording a failed notice', () =>
      this.db
        .prepare('UPDATE notices SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL')
        .run(error.slice(0, 2000), id),
    )
  }

  async noticesOf(account: string): Promise<readonly Notice[]> {
    const rows = this.read('reading notices', () =>
      this.db.prepare('SELECT * FROM notices WHERE account = ? ORDER BY id').all(account),
    ) as NoticeRow[]
    return rows.map(fromNoticeRow)
  }

  async getNotice(id: number): Promise<Notice | undefined> {
    const row = this.read('reading a notice', () => this.db.prepare('SELECT * FROM notices WHERE id = ?').get(id)) as
      | NoticeRow
      | undefined
    return row === undefined ? undefined : fromNoticeRow(row)
  }

  /** Moves a cursor forward only: a follower that re-reads an older page never moves it back. */
  private moveCursor_(c: CursorMove): void {
    this.db
      .prepare(
        `INSERT INTO cursors (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position)`,
      )
      .run(c.name, c.position)
  }

  private write<T>(doing: string, f: () => T): T {
    return writeImmediate(this.db, this.file, doing, f)
  }

  private read<T>(doing: string, f: () => T): T {
    return readGuarded(this.file, doing, f)
  }
}
