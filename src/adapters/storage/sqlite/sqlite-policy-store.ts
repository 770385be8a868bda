import type Database from 'better-sqlite3'
import type { Instant } from '../../../core/time.ts'
import type { NewRestriction } from '../../../core/verification/restriction.ts'
import type {
  AuditRecord,
  Decision,
  NewAuditRecord,
  NewDecision,
  PolicyStore,
  RecordedDecisions,
  Requirement,
  StoredPolicy,
  SweepRun,
} from '../../../ports/index.ts'
import { type AuditTail, chainAuditRecords, EMPTY_AUDIT_TAIL } from '../audit-chain.ts'
import { addCounts, planDecisionCount, withoutZeros } from '../decision-counts.ts'
import {
  caseAuditRecord,
  caseFor,
  decidedPerSweep,
  decisionAuditRecords,
  OPEN_REQUIREMENT_STATES,
  policyAuditRecord,
  requirementFor,
  restrictionAuditRecord,
  restrictionFor,
  sweepExists,
  sweepNotRunning,
} from '../decision-records.ts'
import {
  type AuditRow,
  type DecisionRow,
  fromAuditRow,
  fromDecisionRow,
  fromPolicyRow,
  fromRequirementRow,
  fromSweepRow,
  type PolicyRow,
  type RequirementRow,
  type SweepRow,
} from '../policy-rows.ts'
import { readGuarded } from './sqlite-errors.ts'
import { type SqliteStatements, statementsOf } from './sqlite-statements.ts'
import { writeImmediate } from './sqlite-write-groups.ts'

const OPEN_STATES_SQL = OPEN_REQUIREMENT_STATES.map((s) => `'${s}'`).join(', ')

/**
 * Policies, decisions, requirements, sweeps and the audit trail in the event store's SQLite file (migration 5).
 * Every write is one `BEGIN IMMEDIATE` transaction: it takes the file's writer lock before reading the audit trail's
 * last record, so two processes never chain to the same record (the second waits for the first, up to busy_timeout).
 */
export class SqlitePolicyStore implements PolicyStore {
  /** Statements prepared once per connection: the server runs the same few on every request. */
  private readonly sql: SqliteStatements
  /** The policies as last listed, and the newest row they were read up to. */
  private listed: { readonly newest: string; readonly policies: readonly StoredPolicy[] } | undefined

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.sql = statementsOf(db)
  }

  async savePolicy(p: Parameters<PolicyStore['savePolicy']>[0]): Promise<StoredPolicy> {
    return this.write(`storing policy ${p.name}`, () => {
      const last = this.sql.pluck('SELECT max(version) FROM policies WHERE name = ?').get(p.name) as number | null
      const stored: StoredPolicy = {
        name: p.name,
        version: (last ?? 0) + 1,
        source: p.source,
        mode: p.mode,
        loadedBy: p.loadedBy,
        loadedAt: p.at,
      }
      this.sql
        .rows('INSERT INTO policies (name, version, source, mode, loaded_by, loaded_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(stored.name, stored.version, stored.source, stored.mode, stored.loadedBy, stored.loadedAt)
      this.appendChained([policyAuditRecord(stored)])
      return stored
    })
  }

  async getPolicy(name: string, version?: number): Promise<StoredPolicy | undefined> {
    const row = this.read('reading a policy', () =>
      version === undefined
        ? this.sql.rows('SELECT * FROM policies WHERE name = ? ORDER BY version DESC LIMIT 1').get(name)
        : this.sql.rows('SELECT * FROM policies WHERE name = ? AND version = ?').get(name, version),
    ) as PolicyRow | undefined
    return row === undefined ? undefined : fromPolicyRow(row)
  }

  async listPolicies(): Promise<readonly StoredPolicy[]> {
    // Every decision lists the policies: a stored version is never changed or removed, so the list read last stays
    // true while their number and the latest load time are the same (a few rows, none of their sources read).
    const last = this.read('listing policies', () =>
      this.sql.rows('SELECT count(*) AS n, max(loaded_at) AS at FROM policies').get(),
    ) as { n: number; at: number | null }
    const newest = `${last.n}@${last.at}`
    if (this.listed !== undefined && this.listed.newest === newest) return this.listed.policies
    const rows = this.read('listing policies', () =>
      this.sql.rows('SELECT * FROM policies ORDER BY loaded_at DESC, name, version DESC').all(),
    ) as PolicyRow[]
    const policies = rows.map(fromPolicyRow)
    this.listed = { newest, policies }
    return policies
  }

  async recordDecisions(decisions: readonly NewDecision[]): Promise<RecordedDecisions> {
    if (decisions.length === 0) return { recorded: 0, existing: 0, decisions: [] }
    return this.write(`recording ${decisions.length} decisions`, () => {
      const insertDecision = this.sql.rows(
        `INSERT INTO decisions (key, account, policy, policy_version, rule, trigger, action, evidence, mode, sweep, actor, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
      )
      const insertRequirement = this.sql.rows(
        `INSERT INTO requirements (account, decision, methods, deadline, state, created_at, updated_at, on_expiry,
                                   reinstate_on_late_pass, next_reminder_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      const insertRestriction = prepareInsertRestriction(this.db)
      const insertCase = this.sql.rows(
        `INSERT INTO cases (account, decision, priority, reason, state, created_at, due_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?) RETURNING id`,
      )
      const recorded: Decision[] = []
      const audit: NewAuditRecord[] = []
      for (const d of decisions) {
        const inserted = insertDecision.get(
          d.key,
          d.account,
          d.policy,
          d.policyVersion,
          d.rule,
          d.trigger,
          JSON.stringify(d.action),
          JSON.stringify(d.evidence),
          d.mode,
          d.sweep,
          d.actor,
          d.at,
        ) as { id: number } | undefined
        if (inserted === undefined) continue
        const decision: Decision = { ...d, id: inserted.id }
        recorded.push(decision)
        const row = requirementFor(decision)
        const requirement =
          row === undefined
            ? undefined
            : {
                row,
                id: (
                  insertRequirement.get(
                    row.account,
                    row.decision,
                    JSON.stringify(row.methods),
                    row.deadline,
                    row.state,
                    row.createdAt,
                    row.createdAt,
                    row.onExpiry,
                    row.reinstateOnLatePass ? 1 : 0,
                    row.nextReminderAt,
                  ) as { id: number }
                ).id,
              }
        audit.push(...decisionAuditRecords(decision, requirement))
        const restriction = restrictionFor(decision)
        if (restriction !== undefined) {
          audit.push(restrictionAuditRecord(insertRestriction(restriction), restriction, d.actor))
        }
        const opened = caseFor(decision)
        if (opened !== undefined) {
          const { id } = insertCase.get(
            opened.account,
            opened.decision,
            opened.priority,
            opened.reason,
            opened.createdAt,
            opened.dueAt,
          ) as { id: number }
          audit.push(caseAuditRecord(id, opened, d.actor))
        }
      }
      const countSweep = this.sql.rows('UPDATE sweeps SET decided = decided + ? WHERE id = ?')
      for (const [sweep, n] of decidedPerSweep(recorded)) countSweep.run(n, sweep)
      this.appendChained(audit)
      return { recorded: recorded.length, existing: decisions.length - recorded.length, decisions: recorded }
    })
  }

  async existingDecisionKeys(keys: readonly string[]): Promise<ReadonlySet<string>> {
    if (keys.length === 0) return new Set()
    // One JSON array parameter whatever the number of keys: SQLite limits the number of bound parameters.
    const found = this.read('looking up decision keys', () =>
      this.sql
        .pluck('SELECT key FROM decisions WHERE key IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(keys)),
    ) as string[]
    return new Set(found)
  }

  async decisionsOf(account: string): Promise<readonly Decision[]> {
    const rows = this.read('reading decisions', () =>
      this.sql.rows('SELECT * FROM decisions WHERE account = ? ORDER BY id').all(account),
    ) as DecisionRow[]
    return rows.map(fromDecisionRow)
  }

  async requirementsOf(account: string): Promise<readonly Requirement[]> {
    const rows = this.read('reading requirements', () =>
      this.sql.rows('SELECT * FROM requirements WHERE account = ? ORDER BY id').all(account),
    ) as RequirementRow[]
    return rows.map(fromRequirementRow)
  }

  async countDecisionsByRule(policy: string, from: Instant, to: Instant): Promise<ReadonlyMap<string, number>> {
    // Whole UTC days from the counters (migration 11); parts of a day rule by rule on (policy, rule, at), for the
    // rules the counters of those days name.
    const plan = planDecisionCount(from, to)
    return this.read('counting decisions', () => {
      const counts = new Map<string, number>()
      if (plan.days !== undefined) {
        addCounts(
          counts,
          this.sql
            .rows(
              `SELECT rule, sum(n) AS n FROM decision_counts WHERE policy = ? AND day >= ? AND day <= ? GROUP BY rule`,
            )
            .all(policy, plan.days.firstDay, plan.days.lastDay) as { rule: string; n: number }[],
        )
      }
      for (const part of plan.partial) {
        addCounts(
          counts,
          this.sql
            .rows(
              `SELECT r.rule, (SELECT count(*) FROM decisions d INDEXED BY decisions_by_rule
                               WHERE d.policy = @policy AND d.rule = r.rule AND d.at >= @from AND d.at < @to
                                 AND d.mode = 'live') AS n
               FROM (SELECT DISTINCT rule FROM decision_counts
                     WHERE policy = @policy AND day >= @firstDay AND day <= @lastDay) AS r`,
            )
            .all({ policy, ...part }) as { rule: string; n: number }[],
        )
      }
      return withoutZeros(counts)
    })
  }

  async historyCounts(
    accounts?: readonly string[],
  ): Promise<ReadonlyMap<string, { readonly decisions: number; readonly openRequirements: number }>> {
    if (accounts !== undefined && accounts.length === 1) return this.historyOfOne(accounts[0] as string)
    const rows = this.read('counting decision history', () =>
      accounts === undefined
        ? // Every account (a sweep): one pass over each table.
          this.sql
            .rows(
              `SELECT account, sum(d) AS decisions, sum(r) AS open FROM (
                 SELECT account, count(*) AS d, 0 AS r FROM decisions WHERE mode = 'live' GROUP BY account
                 UNION ALL
                 SELECT account, 0, count(*) FROM requirements WHERE state IN (${OPEN_STATES_SQL}) GROUP BY account
               ) GROUP BY account`,
            )
            .all()
        : // A few accounts (real-time evaluation): their rows by the account indexes. Left to itself the planner takes
          // the (state, deadline) index for the open states, and reads every open requirement of the store.
          this.sql
            .rows(
              `SELECT account, sum(d) AS decisions, sum(r) AS open FROM (
                 SELECT account, count(*) AS d, 0 AS r FROM decisions INDEXED BY decisions_by_account
                 WHERE account IN (SELECT value FROM json_each(@accounts)) AND mode = 'live' GROUP BY account
                 UNION ALL
                 SELECT account, 0, count(*) FROM requirements INDEXED BY requirements_by_account
                 WHERE account IN (SELECT value FROM json_each(@accounts)) AND state IN (${OPEN_STATES_SQL})
                 GROUP BY account
               ) GROUP BY account`,
            )
            .all({ accounts: JSON.stringify(accounts) }),
    ) as { account: string; decisions: number; open: number }[]
    return new Map(rows.map((r) => [r.account, { decisions: r.decisions, openRequirements: r.open }]))
  }

  /** One account (a registration, an event): two counts by the account indexes, without the union's temporary tables. */
  private historyOfOne(
    account: string,
  ): ReadonlyMap<string, { readonly decisions: number; readonly openRequirements: number }> {
    const [decisions, open] = this.read('counting decision history', () => [
      this.sql
        .pluck("SELECT count(*) FROM decisions INDEXED BY decisions_by_account WHERE account = ? AND mode = 'live'")
        .get(account) as number,
      this.sql
        .pluck(
          `SELECT count(*) FROM requirements INDEXED BY requirements_by_account
           WHERE account = ? AND state IN (${OPEN_STATES_SQL})`,
        )
        .get(account) as number,
    ])
    return decisions + open === 0
      ? new Map()
      : new Map([[account, { decisions: decisions ?? 0, openRequirements: open ?? 0 }]])
  }

  async startSweep(run: Parameters<PolicyStore['startSweep']>[0]): Promise<SweepRun> {
    return this.write(`starting sweep ${run.id}`, () => {
      const inserted = this.sql
        .rows(
          `INSERT INTO sweeps (id, policy, policy_version, started_by, started_at, finished_at, state, decided)
           VALUES (?, ?, ?, ?, ?, NULL, 'running', 0) ON CONFLICT (id) DO NOTHING RETURNING *`,
        )
        .get(run.id, run.policy, run.policyVersion, run.startedBy, run.at) as SweepRow | undefined
      if (inserted === undefined) throw sweepExists(run.id)
      return fromSweepRow(inserted)
    })
  }

  async finishSweep(id: string, state: 'finished' | 'failed', at: Instant): Promise<SweepRun> {
    return this.write(`finishing sweep ${id}`, () => {
      const row = this.sql
        .rows(`UPDATE sweeps SET state = ?, finished_at = ? WHERE id = ? AND state = 'running' RETURNING *`)
        .get(state, at, id) as SweepRow | undefined
      if (row !== undefined) return fromSweepRow(row)
      const current = this.sql.pluck('SELECT state FROM sweeps WHERE id = ?').get(id) as string | undefined
      throw sweepNotRunning(id, current)
    })
  }

  async getSweep(id: string): Promise<SweepRun | undefined> {
    const row = this.read('reading a sweep', () => this.sql.rows('SELECT * FROM sweeps WHERE id = ?').get(id)) as
      | SweepRow
      | undefined
    return row === undefined ? undefined : fromSweepRow(row)
  }

  async appendAudit(records: readonly NewAuditRecord[]): Promise<void> {
    if (records.length === 0) return
    this.write(`appending ${records.length} audit records`, () => this.appendChained(records))
  }

  async listAudit(
    opts: { readonly afterSeq?: number; readonly limit?: number; readonly subject?: string } = {},
  ): Promise<readonly AuditRecord[]> {
    // LIMIT -1 is no limit; the subject filter is one statement or the other so that each uses its index.
    const rows = this.read('reading the audit trail', () =>
      opts.subject === undefined
        ? this.sql
            .rows('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?')
            .all(opts.afterSeq ?? 0, opts.limit ?? -1)
        : this.sql
            .rows('SELECT * FROM audit WHERE subject = ? AND seq > ? ORDER BY seq LIMIT ?')
            .all(opts.subject, opts.afterSeq ?? 0, opts.limit ?? -1),
    ) as AuditRow[]
    return rows.map(fromAuditRow)
  }

  private appendChained(records: readonly NewAuditRecord[]): void {
    appendAuditSqlite(this.db, records)
  }

  /** One transaction that takes the writer lock at BEGIN: what it reads stays true until it commits. */
  private write<T>(doing: string, f: () => T): T {
    return writeImmediate(this.db, this.file, doing, f)
  }

  private read<T>(doing: string, f: () => T): T {
    return readGuarded(this.file, doing, f)
  }
}

/** Chains records after the trail's last one; call inside a write transaction, which holds the writer lock. */
export function appendAuditSqlite(db: Database.Database, records: readonly NewAuditRecord[]): void {
  if (records.length === 0) return
  const sql = statementsOf(db)
  const tail =
    (sql.rows('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as AuditTail | undefined) ??
    EMPTY_AUDIT_TAIL
  const insert = sql.rows(
    'INSERT INTO audit (seq, at, actor, action, subject, detail, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  for (const r of chainAuditRecords(tail, records)) {
    insert.run(r.seq, r.at, r.actor, r.action, r.subject, r.detailJson, r.hash)
  }
}

/** A statement inserting a restriction; returns its id. Call inside a write transaction. */
export function prepareInsertRestriction(db: Database.Database): (r: NewRestriction) => number {
  const insert = statementsOf(db).rows(
    `INSERT INTO restrictions (account, kind, decision, requirement, reason, created_at, effective_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
  return (r) =>
    (insert.get(r.account, r.kind, r.decision, r.requirement, r.reason, r.createdAt, r.effectiveAt) as { id: number })
      .id
}
