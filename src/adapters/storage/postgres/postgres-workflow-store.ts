import type { Pool, PoolClient } from 'pg'
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
import { toPostgresWriteError } from './postgres-errors.ts'
import { appendChained, insertRestrictions, LOCK_AUDIT_WRITERS } from './postgres-policy-store.ts'
import { inTransaction } from './postgres-transaction.ts'

/**
 * Requirements as they move, restrictions, notices and cursors in the event store's schema (migration 7). Writes that
 * append to the audit trail take its writers' lock first, as the policy store's do; requirement rows move only from
 * the state they were read in, so two schedulers never carry out one change twice.
 */
export class PostgresWorkflowStore implements WorkflowStore {
  constructor(
    private readonly pool: Pool,
    private readonly label: string,
  ) {}

  async getRequirement(id: number): Promise<RequirementSnapshot | undefined> {
    const [row] = await this.query<RequirementRow>(
      'reading a requirement',
      'SELECT * FROM requirements WHERE id = $1',
      [id],
    )
    return row === undefined ? undefined : fromRequirementRow(row)
  }

  async getDecision(id: number): Promise<Decision | undefined> {
    const [row] = await this.query<DecisionRow>('reading a decision', 'SELECT * FROM decisions WHERE id = $1', [id])
    return row === undefined ? undefined : fromDecisionRow(row)
  }

  async dueReminders(now: Instant, limit: number): Promise<readonly RequirementSnapshot[]> {
    const rows = await this.query<RequirementRow>(
      'finding reminders due',
      `SELECT * FROM requirements WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= $1
         AND state IN ('requested', 'reminded') ORDER BY next_reminder_at, id LIMIT $2`,
      [now, limit],
    )
    return rows.map(fromRequirementRow)
  }

  async dueExpiries(now: Instant, limit: number): Promise<readonly RequirementSnapshot[]> {
    const rows = await this.query<RequirementRow>(
      'finding deadlines passed',
      `SELECT * FROM requirements WHERE state IN ('requested', 'reminded') AND deadline <= $1
       ORDER BY deadline, id LIMIT $2`,
      [now, limit],
    )
    return rows.map(fromRequirementRow)
  }

  async activeRequirementsOf(accounts: readonly string[]): Promise<readonly RequirementSnapshot[]> {
    if (accounts.length === 0) return []
    const rows = await this.query<RequirementRow>(
      'reading requirements',
      `SELECT * FROM requirements WHERE account = ANY($1::text[])
         AND state IN ('requested', 'reminded', 'submitted', 'in_review', 'expired') ORDER BY id`,
      [accounts],
    )
    return rows.map(fromRequirementRow)
  }

  async applyRequirementChanges(
    changes: readonly RequirementChange[],
    opts: { readonly actor: string; readonly at: Instant; readonly cursor?: CursorMove },
  ): Promise<{ readonly applied: number; readonly skipped: number; readonly appliedIds: readonly number[] }> {
    if (changes.length === 0 && opts.cursor === undefined) return { applied: 0, skipped: 0, appliedIds: [] }
    return this.write(`carrying out ${changes.length} requirement changes`, async (client) => {
      const audit: NewAuditRecord[] = []
      const appliedIds = await this.carryOut(client, changes, opts, audit)
      await appendChained(client, audit)
      if (opts.cursor !== undefined) await moveCursor(client, opts.cursor)
      return { applied: appliedIds.length, skipped: changes.length - appliedIds.length, appliedIds }
    })
  }

  /** Requirement changes inside a write transaction: rows moved, restrictions imposed or lifted, audit collected. */
  private async carryOut(
    client: PoolClient,
    changes: readonly RequirementChange[],
    opts: { readonly actor: string; readonly at: Instant },
    audit: NewAuditRecord[],
  ): Promise<number[]> {
    const appliedIds: number[] = []
    for (const c of changes) {
      const n = c.next
      const moved = await client.query(
        `UPDATE requirements SET state = $1, progress = $2, reminders_sent = $3, next_reminder_at = $4,
           resolved_at = $5, updated_at = $6 WHERE id = $7 AND state = $8 AND updated_at = $9`,
        [
          n.state,
          encodeProgress(n.progress),
          n.remindersSent,
          n.nextReminderAt,
          n.resolvedAt,
          n.updatedAt,
          c.requirement.id,
          c.requirement.state,
          c.requirement.updatedAt,
        ],
      )
      if (moved.rowCount === 0) continue
      appliedIds.push(c.requirement.id)
      audit.push(requirementChangeAudit(c, opts.actor, opts.at))
      const imposed = imposedRestriction(c, opts.at)
      if (imposed !== undefined) {
        const [id] = [...(await insertRestrictions(client, [imposed])).values()]
        audit.push(restrictionAuditRecord(id!, imposed, opts.actor))
      }
      if (c.liftImposed === true) {
        const why = { actor: opts.actor, reason: liftReason(c), at: opts.at }
        const { rows } = await client.query<RestrictionRow>(
          `UPDATE restrictions SET lifted_at = $1, lifted_by = $2, lift_reason = $3
           WHERE requirement = $4 AND lifted_at IS NULL RETURNING *`,
          [opts.at, opts.actor, why.reason, c.requirement.id],
        )
        for (const l of rows.map(fromRestrictionRow).sort((a, b) => a.id - b.id)) audit.push(liftAudit(l, why))
      }
    }
    return appliedIds
  }

  async fileAppeal(a: NewAppeal): Promise<Appeal> {
    return this.write(`filing an appeal against decision ${a.decision}`, async (client) => {
      const { rows } = await client.query<AppealRow>(
        `INSERT INTO appeals (account, decision, statement, files, state, filed_by, filed_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
        [a.account, a.decision, a.statement, JSON.stringify(a.files), a.filedBy, a.filedAt],
      )
      const row = rows[0]
      if (row === undefined) throw appealAlreadyOpen(a.decision)
      const appeal = fromAppealRow(row)
      for (const u of a.uploads ?? []) {
        await client.query(
          'INSERT INTO appeal_files (appeal, name, mime, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6)',
          [appeal.id, u.name, u.mime, u.bytes.byteLength, u.sha256, Buffer.from(u.bytes)],
        )
      }
      await appendChained(client, [withUploads(appealFiledAudit(appeal), a.uploads ?? [])])
      return appeal
    })
  }

  async appealFilesOf(appeals: readonly number[]): Promise<readonly AppealFileEntry[]> {
    if (appeals.length === 0) return []
    const rows = await this.query<AppealFileRow>(
      'reading the files of appeals',
      `SELECT ${APPEAL_FILE_COLUMNS} FROM appeal_files WHERE appeal = ANY($1::bigint[]) ORDER BY appeal, id`,
      [appeals],
    )
    return rows.map(fromAppealFileRow)
  }

  async readAppealFile(
    appeal: number,
    file: number,
  ): Promise<(AppealFileEntry & { readonly bytes: Uint8Array }) | undefined> {
    const [row] = await this.query<AppealFileRow & { bytes: Buffer }>(
      'reading a file of an appeal',
      `SELECT ${APPEAL_FILE_COLUMNS}, bytes FROM appeal_files WHERE id = $1 AND appeal = $2`,
      [file, appeal],
    )
    return row === undefined ? undefined : { ...fromAppealFileRow(row), bytes: new Uint8Array(row.bytes) }
  }

  async getAppeal(id: number): Promise<Appeal | undefined> {
    const [row] = await this.query<AppealRow>('reading an appeal', 'SELECT * FROM appeals WHERE id = $1', [id])
    return row === undefined ? undefined : fromAppealRow(row)
  }

  async appealsOf(account: string): Promise<readonly Appeal[]> {
    const rows = await this.query<AppealRow>(
      'reading appeals',
      'SELECT * FROM appeals WHERE account = $1 ORDER BY id',
      [account],
    )
    return rows.map(fromAppealRow)
  }

  async listAppeals(opts: {
    readonly open?: boolean
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Appeal[]> {
    const rows = await this.query<AppealRow>(
      'listing appeals',
      `SELECT * FROM appeals WHERE id > $1 ${opts.open === true ? "AND state = 'open'" : ''} ORDER BY id LIMIT $2`,
      [opts.afterId ?? 0, opts.limit],
    )
    return rows.map(fromAppealRow)
  }

  async decideAppeal(d: Parameters<WorkflowStore['decideAppeal']>[0]): Promise<Appeal> {
    return this.write(`deciding appeal ${d.id}`, async (client) => {
      const { rows } = await client.query<AppealRow>(
        `UPDATE appeals SET state = $1, decided_by = $2, decided_at = $3, reason = $4
         WHERE id = $5 AND state = 'open' RETURNING *`,
        [d.outcome, d.actor, d.at, d.reason, d.id],
      )
      const row = rows[0]
      if (row === undefined) {
        const current = await client.query<{ state: string }>('SELECT state FROM appeals WHERE id = $1', [d.id])
        throw appealNotOpen(d.id, current.rows[0]?.state)
      }
      const appeal = fromAppealRow(row)
      const audit: NewAuditRecord[] = [appealDecidedAudit(appeal)]
      if (d.outcome === 'overturned') {
        const why = { actor: d.actor, reason: 'appeal_overturned', at: d.at }
        const lifted = await client.query<RestrictionRow>(
          `UPDATE restrictions SET lifted_at = $1, lifted_by = $2, lift_reason = $3
           WHERE decision = ANY($4::bigint[]) AND requirement IS NULL AND lifted_at IS NULL RETURNING *`,
          [d.at, d.actor, why.reason, d.liftDecisions],
        )
        for (const l of lifted.rows.map(fromRestrictionRow).sort((a, b) => a.id - b.id)) audit.push(liftAudit(l, why))
        await this.carryOut(client, d.withdraw, { actor: d.actor, at: d.at }, audit)
      }
      await appendChained(client, audit)
      return appeal
    })
  }

  async decisionsThrough(root: string): Promise<readonly Decision[]> {
    const rows = await this.query<DecisionRow>(
      'reading decisions',
      `SELECT * FROM decisions WHERE account = $1
       UNION SELECT * FROM decisions WHERE evidence ->> 'via' = $1 ORDER BY id`,
      [root],
    )
    return rows.map(fromDecisionRow)
  }

  async requirementsOfDecisions(decisions: readonly number[]): Promise<readonly RequirementSnapshot[]> {
    if (decisions.length === 0) return []
    const rows = await this.query<RequirementRow>(
      'reading requirements',
      'SELECT * FROM requirements WHERE decision = ANY($1::bigint[]) ORDER BY id',
      [decisions],
    )
    return rows.map(fromRequirementRow)
  }

  async markRestrictionsInForce(now: Instant, limit: number): Promise<number> {
    return this.write('marking restrictions in force', async (client) => {
      const { rows } = await client.query<{ id: number | string; account: string; kind: string }>(
        `UPDATE restrictions SET in_force_at = $1 WHERE id IN (
           SELECT id FROM restrictions WHERE in_force_at IS NULL AND lifted_at IS NULL AND effective_at <= $1
           ORDER BY effective_at, id LIMIT $2)
         RETURNING id, account, kind`,
        [now, limit],
      )
      const marked = rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id)
      await appendChained(
        client,
        marked.map((r) => inForceAudit(r, now)),
      )
      return marked.length
    })
  }

  async restrictionsOf(account: string): Promise<readonly Restriction[]> {
    const rows = await this.query<RestrictionRow>(
      'reading restrictions',
      'SELECT * FROM restrictions WHERE account = $1 ORDER BY id',
      [account],
    )
    return rows.map(fromRestrictionRow)
  }

  async liftRestrictions(
    ids: readonly number[],
    opts: { readonly actor: string; readonly reason: string; readonly at: Instant },
  ): Promise<number> {
    if (ids.length === 0) return 0
    return this.write('lifting restrictions', async (client) => {
      const { rows } = await client.query<RestrictionRow>(
        `UPDATE restrictions SET lifted_at = $1, lifted_by = $2, lift_reason = $3
         WHERE id = ANY($4::bigint[]) AND lifted_at IS NULL RETURNING *`,
        [opts.at, opts.actor, opts.reason, ids],
      )
      const lifted = rows.map(fromRestrictionRow).sort((a, b) => a.id - b.id)
      await appendChained(
        client,
        lifted.map((l) => liftAudit(l, opts)),
      )
      return lifted.length
    })
  }

  async verificationRecordsAfter(
    afterSeq: number,
    limit: number,
  ): Promise<{ readonly accounts: readonly string[]; readonly lastSeq: number }> {
    const rows = await this.query<{ seq: number | string; account: string; type: string }>(
      'reading new verification records',
      'SELECT seq, account, type FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    )
    const accounts = new Set<string>()
    for (const r of rows) if (r.type === 'verification') accounts.add(r.account)
    const last = rows.at(-1)
    return { accounts: [...accounts], lastSeq: last === undefined ? afterSeq : Number(last.seq) }
  }

  async cursor(name: string): Promise<number> {
    const [row] = await this.query<{ position: number | string }>(
      'reading a cursor',
      'SELECT position FROM cursors WHERE name = $1',
      [name],
    )
    return row === undefined ? 0 : Number(row.position)
  }

  async moveCursor(cursor: CursorMove): Promise<void> {
    try {
      await inTransaction(this.pool, (client) => moveCursor(client, cursor))
    } catch (e) {
      throw toPostgresWriteError(e, 'moving a cursor', this.label)
    }
  }

  async requirementsAwaitingPostcard(limit: number): Promise<readonly RequirementSnapshot[]> {
    const rows = await this.query<RequirementRow>(
      'finding requirements awaiting a postcard',
      `SELECT r.* FROM requirements r
       WHERE r.state IN ('requested', 'reminded') AND r.methods::jsonb ? 'postcard'
         AND NOT EXISTS (SELECT 1 FROM postcards p WHERE p.requirement = r.id AND p.state <> 'void')
       ORDER BY r.id LIMIT $1`,
      [limit],
    )
    return rows.map(fromRequirementRow)
  }

  async issuePostcards(cards: readonly NewPostcard[]): Promise<readonly Postcard[]> {
    if (cards.length === 0) return []
    return this.write(`issuing ${cards.length} postcards`, async (client) => {
      const { rows } = await client.query<PostcardRow>(
        `INSERT INTO postcards (requirement, account, batch, code_hash, state, created_at, expires_at, max_attempts)
         SELECT requirement, account, batch, code_hash, 'issued', created_at, expires_at, max_attempts
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::integer[])
           WITH ORDINALITY AS u(requirement, account, batch, code_hash, created_at, expires_at, max_attempts, ord)
         ORDER BY ord RETURNING *`,
        [
          cards.map((c) => c.requirement),
          cards.map((c) => c.account),
          cards.map((c) => c.batch),
          cards.map((c) => c.codeHash),
          cards.map((c) => c.createdAt),
          cards.map((c) => c.expiresAt),
          cards.map((c) => c.maxAttempts),
        ],
      )
      const issued = rows.map(fromPostcardRow).sort((a, b) => a.id - b.id)
      await appendChained(client, issued.map(postcardIssuedAudit))
      return issued
    })
  }

  async markPostcardsPrinted(batch: string, at: Instant): Promise<number> {
    const rows = await this.query<{ id: string }>(
      'marking postcards printed',
      `UPDATE postcards SET state = 'printed', printed_at = $1 WHERE batch = $2 AND state = 'issued' RETURNING id`,
      [at, batch],
    )
    return rows.length
  }

  async voidUnprintedPostcards(before: Instant): Promise<number> {
    const rows = await this.query<{ id: string }>(
      'voiding unprinted postcards',
      `UPDATE postcards SET state = 'void' WHERE state = 'issued' AND created_at < $1 RETURNING id`,
      [before],
    )
    return rows.length
  }

  async currentPostcardOf(account: string): Promise<Postcard | undefined> {
    const [row] = await this.query<PostcardRow>(
      'reading a postcard',
      `SELECT * FROM postcards WHERE account = $1 AND state IN ('printed', 'used') ORDER BY id DESC LIMIT 1`,
      [account],
    )
    return row === undefined ? undefined : fromPostcardRow(row)
  }

  async recordPostcardEntry(
    id: number,
    entry: { readonly accepted: boolean; readonly at: Instant; readonly actor: string },
  ): Promise<Postcard | undefined> {
    return this.write('recording a postcard code entry', async (client) => {
      const { rows } = await client.query<PostcardRow>(
        `UPDATE postcards SET attempts = attempts + 1,
           used_at = CASE WHEN $1 THEN $2 ELSE used_at END,
           state = CASE WHEN $1 THEN 'used' ELSE state END
         WHERE id = $3 AND state = 'printed' AND used_at IS NULL AND attempts < max_attempts RETURNING *`,
        [entry.accepted, entry.at, id],
      )
      const row = rows[0]
      if (row === undefined) return undefined
      const card = fromPostcardRow(row)
      await appendChained(client, [postcardEntryAudit(card, entry.accepted, entry.at, entry.actor)])
      return card
    })
  }

  async postcardsOf(account: string): Promise<readonly Postcard[]> {
    const rows = await this.query<PostcardRow>(
      'reading postcards',
      'SELECT * FROM postcards WHERE account = $1 ORDER BY id',
      [account],
    )
    return rows.map(fromPostcardRow)
  }

  async listCases(opts: Parameters<WorkflowStore['listCases']>[0]): Promise<readonly ReviewCase[]> {
    const f = caseFilter(opts, (n) => `$${n}`)
    const rows = await this.query<CaseRow>(
      'listing cases',
      `SELECT * FROM cases WHERE ${f.where} ORDER BY ${f.order} LIMIT $${f.values.length + 1}`,
      [...f.values, opts.limit],
    )
    return rows.map(fromCaseRow)
  }

  async getCase(id: number): Promise<ReviewCase | undefined> {
    const [row] = await this.query<CaseRow>('reading a case', 'SELECT * FROM cases WHERE id = $1', [id])
    return row === undefined ? undefined : fromCaseRow(row)
  }

  async assignCase(
    id: number,
    opts: { readonly to: string; readonly actor: string; readonly at: Instant; readonly steal?: boolean },
  ): Promise<ReviewCase> {
    return this.write(`assigning case ${id}`, async (client) => {
      const { rows } = await client.query<CaseRow>(
        `UPDATE cases SET state = 'assigned', assignee = $1, assigned_at = $2
         WHERE id = $3 AND (state = 'open' OR (state = 'assigned' AND (assignee = $1 OR $4))) RETURNING *`,
        [opts.to, opts.at, id, opts.steal === true],
      )
      const row = rows[0]
      if (row === undefined) {
        const now = await client.query<{ state: string; assignee: string | null }>(
          'SELECT state, assignee FROM cases WHERE id = $1',
          [id],
        )
        throw caseRefusal(id, now.rows[0]?.state, now.rows[0]?.assignee)
      }
      const c = fromCaseRow(row)
      await appendChained(client, [caseChangeAudit(c, 'case.assign', opts.actor, opts.at)])
      return c
    })
  }

  async closeCase(
    id: number,
    opts: { readonly outcome: CaseOutcome; readonly note: string; readonly actor: string; readonly at: Instant },
  ): Promise<ReviewCase> {
    return this.write(`closing case ${id}`, async (client) => {
      const { rows } = await client.query<CaseRow>(
        `UPDATE cases SET state = 'closed', closed_at = $1, outcome = $2, note = $3,
           assignee = coalesce(assignee, $4), assigned_at = coalesce(assigned_at, $1)
         WHERE id = $5 AND state <> 'closed' RETURNING *`,
        [opts.at, opts.outcome, opts.note, opts.actor, id],
      )
      const row = rows[0]
      if (row === undefined) {
        const now = await client.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [id])
        throw caseRefusal(id, now.rows[0]?.state, null)
      }
      const c = fromCaseRow(row)
      await appendChained(client, [caseChangeAudit(c, 'case.close', opts.actor, opts.at)])
      return c
    })
  }

  async recordWebhookAttempt(a: WebhookAttemptRecord): Promise<void> {
    await this.query(
      'logging a webhook attempt',
      'INSERT INTO webhook_attempts (event, url, at, status, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)',
      [a.event, a.url, a.at, a.status, a.error?.slice(0, 2000) ?? null, a.durationMs],
    )
  }

  async webhookAttempts(opts: {
    readonly event?: string
    readonly limit: number
  }): Promise<readonly WebhookAttemptRecord[]> {
    const rows =
      opts.event === undefined
        ? await this.query<WebhookAttemptRow>(
            'reading the webhook log',
            'SELECT * FROM webhook_attempts ORDER BY id DESC LIMIT $1',
            [opts.limit],
          )
        : await this.query<WebhookAttemptRow>(
            'reading the webhook log',
            'SELECT * FROM webhook_attempts WHERE event = $1 ORDER BY id DESC LIMIT $2',
            [opts.event, opts.limit],
          )
    return rows.map(fromWebhookAttemptRow)
  }

  async insertNotices(notices: readonly NewNotice[], cursor?: CursorMove): Promise<number> {
    if (notices.length === 0 && cursor === undefined) return 0
    return this.write(`storing ${notices.length} notices`, async (client) => {
      let inserted = 0
      if (notices.length > 0) {
        const result = await client.query(
          `INSERT INTO notices (key, account, kind, locale, recipient, subject, text, html, created_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::text[], $9::bigint[])
           ON CONFLICT (key) DO NOTHING`,
          [
            notices.map((n) => n.key),
            notices.map((n) => n.account),
            notices.map((n) => n.kind),
            notices.map((n) => n.locale),
            notices.map((n) => n.recipient),
            notices.map((n) => n.subject),
            notices.map((n) => n.text),
            notices.map((n) => n.html),
            notices.map((n) => n.createdAt),
          ],
        )
        inserted = result.rowCount ?? 0
      }
      if (cursor !== undefined) await moveCursor(client, cursor)
      return inserted
    })
  }

  async unsentNotices(limit: number, maxAttempts: number): Promise<readonly Notice[]> {
    const rows = await this.query<NoticeRow>(
      'reading the outbox',
      'SELECT * FROM notices WHERE sent_at IS NULL AND attempts < $1 ORDER BY id LIMIT $2',
      [maxAttempts, limit],
    )
    return rows.map(fromNoticeRow)
  }

  async markNoticeSent(id: number, channel: string, at: Instant): Promise<void> {
    await this.query(
      'marking a notice sent',
      'UPDATE notices SET sent_at = $1, channel = $2, attempts = attempts + 1 WHERE id = $3 AND sent_at IS NULL',
      [at, channel, id],
    )
  }

  async markNoticeFailed(id: number, error: string, _at: Instant): Promise<void> {
    await this.query(
      'recording a failed notice',
      'UPDATE notices SET attempts = attempts + 1, last_error = $1 WHERE id = $2 AND sent_at IS NULL',
      [error.slice(0, 2000), id],
    )
  }

  async noticesOf(account: string): Promise<readonly Notice[]> {
    const rows = await this.query<NoticeRow>(
      'reading notices',
      'SELECT * FROM notices WHERE account = $1 ORDER BY id',
      [account],
    )
    return rows.map(fromNoticeRow)
  }

  async getNotice(id: number): Promise<Notice | undefined> {
    const [row] = await this.query<NoticeRow>('reading a notice', 'SELECT * FROM notices WHERE id = $1', [id])
    return row === undefined ? undefined : fromNoticeRow(row)
  }

  private async write<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query(LOCK_AUDIT_WRITERS)
        return await work(client)
      })
    } catch (e) {
      throw toPostgresWriteError(e, doing, this.label)
    }
  }

  private async query<R extends object>(doing: string, sql: string, values: readonly unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, [...values])).rows
    } catch (e) {
      throw toPostgresWriteError(e, doing, this.label)
    }
  }
}

/** Moves a cursor forward only: a follower that re-reads an older page never moves it back. */
async function moveCursor(client: PoolClient, c: CursorMove): Promise<void> {
  await client.query(
    `INSERT INTO cursors (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = greatest(cursors.position, excluded.position)`,
    [c.name, c.position],
  )
}
