import type { Pool, PoolClient } from 'pg'
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
  firstPerKey,
  type NewCase,
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
import { CallBatcher } from './postgres-call-batcher.ts'
import { toPostgresWriteError } from './postgres-errors.ts'
import { inTransaction, slices } from './postgres-transaction.ts'

/**
 * Serialises the writers of the audit trail of one schema (and with them policy versions and decisions, which append
 * to it): each reads the last record and chains to it, so two at once would fork the chain. A lock of its own, so
 * that imports (the event writers' lock) never hold up a decision.
 */
export const LOCK_AUDIT_WRITERS = `SELECT pg_advisory_xact_lock(hashtextextended('oneseller.audit ' || current_schema(), 0))`
const BEGIN_AND_LOCK_AUDIT_WRITERS = `BEGIN; ${LOCK_AUDIT_WRITERS}` as const

/** Policies, decisions, requirements, sweeps and the audit trail in the event store's schema (migration 5). */
/** Calls recording at most this many decisions (a registration's) are batched with other callers'. */
const BATCHED_DECISIONS_MAX = 20

export class PostgresPolicyStore implements PolicyStore {
  constructor(
    private readonly pool: Pool,
    private readonly label: string,
  ) {}

  async savePolicy(p: Parameters<PolicyStore['savePolicy']>[0]): Promise<StoredPolicy> {
    return this.write(`storing policy ${p.name}`, async (client) => {
      const { rows } = await client.query<{ last: number }>(
        'SELECT coalesce(max(version), 0) AS last FROM policies WHERE name = $1',
        [p.name],
      )
      const stored: StoredPolicy = {
        name: p.name,
        version: rows[0]!.last + 1,
        source: p.source,
        mode: p.mode,
        loadedBy: p.loadedBy,
        loadedAt: p.at,
      }
      await client.query(
        'INSERT INTO policies (name, version, source, mode, loaded_by, loaded_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [stored.name, stored.version, stored.source, stored.mode, stored.loadedBy, stored.loadedAt],
      )
      await appendChained(client, [policyAuditRecord(stored)])
      return stored
    })
  }

  async getPolicy(name: string, version?: number): Promise<StoredPolicy | undefined> {
    const [row] = await this.query<PolicyRow>(
      'reading a policy',
      version === undefined
        ? 'SELECT * FROM policies WHERE name = $1 ORDER BY version DESC LIMIT 1'
        : 'SELECT * FROM policies WHERE name = $1 AND version = $2',
      version === undefined ? [name] : [name, version],
    )
    return row === undefined ? undefined : fromPolicyRow(row)
  }

  async listPolicies(): Promise<readonly StoredPolicy[]> {
    const rows = await this.query<PolicyRow>(
      'listing policies',
      'SELECT * FROM policies ORDER BY loaded_at DESC, name, version DESC',
      [],
    )
    return rows.map(fromPolicyRow)
  }

  async recordDecisions(decisions: readonly NewDecision[]): Promise<RecordedDecisions> {
    if (decisions.length === 0) return { recorded: 0, existing: 0, decisions: [] }
    // A registration's few decisions are recorded together with other requests' (one lock, one set of round trips).
    if (decisions.length <= BATCHED_DECISIONS_MAX) return this.decisionBatches.submit(decisions)
    return this.recordNow(decisions)
  }

  /** The decisions of several callers in one transaction; each caller gets back what was new of its own. */
  private readonly decisionBatches = new CallBatcher<readonly NewDecision[], RecordedDecisions>(async (calls) => {
    const all = await this.recordNow(calls.flat())
    // A key given by several callers is recorded for the first of them (as if they had come one after another).
    const ownerOf = new Map<string, number>()
    calls.forEach((c, i) => {
      for (const d of c) if (!ownerOf.has(d.key)) ownerOf.set(d.key, i)
    })
    return calls.map((c, i) => {
      const mine = all.decisions.filter((d) => ownerOf.get(d.key) === i)
      return { recorded: mine.length, existing: c.length - mine.length, decisions: mine }
    })
  })

  private async recordNow(decisions: readonly NewDecision[]): Promise<RecordedDecisions> {
    return this.write(`recording ${decisions.length} decisions`, async (client) => {
      // Decisions, their requirements and the audit trail's last record in one statement per slice: the lock is held
      // until the commit, and every other writer of the trail waits for these round trips.
      const ids = new Map<string, number>()
      const requirementIds = new Map<number, number>()
      let tail: AuditTail | undefined
      for (const slice of slices(firstPerKey(decisions))) {
        const inserted = await insertDecisions(client, slice)
        for (const [key, id] of inserted.decisions) ids.set(key, id)
        for (const [decision, id] of inserted.requirements) requirementIds.set(decision, id)
        tail ??= inserted.tail
      }
      const recorded = firstPerKey(decisions)
        .filter((d) => ids.has(d.key))
        .map((d): Decision => ({ ...d, id: ids.get(d.key)! }))
      const restrictions = recorded.flatMap((d) => restrictionFor(d) ?? [])
      const restrictionIds = new Map<number, number>()
      for (const slice of slices(restrictions)) {
        for (const [decision, id] of await insertRestrictions(client, slice)) restrictionIds.set(decision, id)
      }
      const cases = recorded.flatMap((d) => caseFor(d) ?? [])
      const caseIds = new Map<number, number>()
      for (const slice of slices(cases)) {
        for (const [decision, id] of await insertCases(client, slice)) caseIds.set(decision, id)
      }
      const audit = recorded.flatMap((d) => {
        const row = requirementFor(d)
        const records = decisionAuditRecords(d, row === undefined ? undefined : { row, id: requirementIds.get(d.id)! })
        const restriction = restrictionFor(d)
        if (restriction !== undefined) {
          records.push(restrictionAuditRecord(restrictionIds.get(d.id)!, restriction, d.actor))
        }
        const opened = caseFor(d)
        if (opened !== undefined) records.push(caseAuditRecord(caseIds.get(d.id)!, opened, d.actor))
        return records
      })
      await appendChained(client, audit, tail)
      const perSweep = [...decidedPerSweep(recorded)]
      if (perSweep.length > 0) {
        await client.query(
          `UPDATE sweeps s SET decided = s.decided + u.n FROM unnest($1::text[], $2::integer[]) AS u(id, n)
           WHERE s.id = u.id`,
          [perSweep.map(([id]) => id), perSweep.map(([, n]) => n)],
        )
      }
      return { recorded: recorded.length, existing: decisions.length - recorded.length, decisions: recorded }
    })
  }

  async existingDecisionKeys(keys: readonly string[]): Promise<ReadonlySet<string>> {
    const found = new Set<string>()
    for (const slice of slices(keys)) {
      const rows = await this.query<{ key: string }>(
        'looking up decision keys',
        'SELECT key FROM decisions WHERE key = ANY($1::text[])',
        [slice],
      )
      for (const r of rows) found.add(r.key)
    }
    return found
  }

  async decisionsOf(account: string): Promise<readonly Decision[]> {
    const rows = await this.query<DecisionRow>(
      'reading decisions',
      'SELECT * FROM decisions WHERE account = $1 ORDER BY id',
      [account],
    )
    return rows.map(fromDecisionRow)
  }

  async requirementsOf(account: string): Promise<readonly Requirement[]> {
    const rows = await this.query<RequirementRow>(
      'reading requirements',
      'SELECT * FROM requirements WHERE account = $1 ORDER BY id',
      [account],
    )
    return rows.map(fromRequirementRow)
  }

  async countDecisionsByRule(policy: string, from: Instant, to: Instant): Promise<ReadonlyMap<string, number>> {
    // Whole UTC days from the counters (migration 11); parts of a day rule by rule on (policy, rule, at), for the
    // rules the counters of those days name.
    const plan = planDecisionCount(from, to)
    const counts = new Map<string, number>()
    if (plan.days !== undefined) {
      addCounts(
        counts,
        await this.query<{ rule: string; n: number | string }>(
          'counting decisions',
          'SELECT rule, sum(n) AS n FROM decision_counts WHERE policy = $1 AND day >= $2 AND day <= $3 GROUP BY rule',
          [policy, plan.days.firstDay, plan.days.lastDay],
        ),
      )
    }
    for (const part of plan.partial) {
      addCounts(
        counts,
        await this.query<{ rule: string; n: number | string }>(
          'counting decisions',
          `SELECT r.rule, (SELECT count(*) FROM decisions d
                           WHERE d.policy = $1 AND d.rule = r.rule AND d.at >= $2 AND d.at < $3 AND d.mode = 'live') AS n
           FROM (SELECT DISTINCT rule FROM decision_counts WHERE policy = $1 AND day >= $4 AND day <= $5) AS r`,
          [policy, part.from, part.to, part.firstDay, part.lastDay],
        ),
      )
    }
    return withoutZeros(counts)
  }

  async historyCounts(
    accounts?: readonly string[],
  ): Promise<ReadonlyMap<string, { readonly decisions: number; readonly openRequirements: number }>> {
    const rows = await this.query<{ account: string; decisions: number | string; open: number | string }>(
      'counting decision history',
      accounts === undefined
        ? // Every account (a sweep): one pass over each table.
          `SELECT account, sum(d)::bigint AS decisions, sum(r)::bigint AS open FROM (
             SELECT account, count(*) AS d, 0 AS r FROM decisions WHERE mode = 'live' GROUP BY account
             UNION ALL
             SELECT account, 0, count(*) FROM requirements WHERE state = ANY($1::text[]) GROUP BY account
           ) AS history GROUP BY account`
        : // A few accounts (real-time evaluation): each one's rows by the account indexes. The state test is on an
          // expression no index holds, so that the (state, deadline) index, which would read every open requirement
          // of the store, is never taken for it.
          `SELECT a.account, d.n AS decisions, r.n AS open
           FROM (SELECT DISTINCT unnest($2::text[]) AS account) AS a
           CROSS JOIN LATERAL (SELECT count(*) AS n FROM decisions
                               WHERE account = a.account AND mode = 'live') AS d
           CROSS JOIN LATERAL (SELECT count(*) AS n FROM requirements
                               WHERE account = a.account AND state || '' = ANY($1::text[])) AS r
           WHERE d.n > 0 OR r.n > 0`,
      accounts === undefined ? [OPEN_REQUIREMENT_STATES] : [OPEN_REQUIREMENT_STATES, accounts],
    )
    return new Map(rows.map((r) => [r.account, { decisions: Number(r.decisions), openRequirements: Number(r.open) }]))
  }

  async startSweep(run: Parameters<PolicyStore['startSweep']>[0]): Promise<SweepRun> {
    const [row] = await this.query<SweepRow>(
      `starting sweep ${run.id}`,
      `INSERT INTO sweeps (id, policy, policy_version, started_by, started_at, finished_at, state, decided)
       VALUES ($1, $2, $3, $4, $5, NULL, 'running', 0) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [run.id, run.policy, run.policyVersion, run.startedBy, run.at],
    )
    if (row === undefined) throw sweepExists(run.id)
    return fromSweepRow(row)
  }

  async finishSweep(id: string, state: 'finished' | 'failed', at: Instant): Promise<SweepRun> {
    // One statement: finish it if it runs, and read its state either way to say why not.
    const rows = await this.query<SweepRow & { finished: boolean }>(
      `finishing sweep ${id}`,
      `WITH done AS (
         UPDATE sweeps SET state = $2, finished_at = $3 WHERE id = $1 AND state = 'running' RETURNING *
       )
       SELECT *, true AS finished FROM done
       UNION ALL SELECT *, false FROM sweeps WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM done)`,
      [id, state, at],
    )
    const row = rows[0]
    if (row?.finished === true) return fromSweepRow(row)
    throw sweepNotRunning(id, row?.state)
  }

  async getSweep(id: string): Promise<SweepRun | undefined> {
    const [row] = await this.query<SweepRow>('reading a sweep', 'SELECT * FROM sweeps WHERE id = $1', [id])
    return row === undefined ? undefined : fromSweepRow(row)
  }

  async appendAudit(records: readonly NewAuditRecord[]): Promise<void> {
    if (records.length === 0) return
    await this.write(`appending ${records.length} audit records`, (client) => appendChained(client, records))
  }

  async listAudit(
    opts: { readonly afterSeq?: number; readonly limit?: number; readonly subject?: string } = {},
  ): Promise<readonly AuditRecord[]> {
    // LIMIT NULL is no limit; the subject filter is one statement or the other so that each uses its index.
    const rows = await this.query<AuditRow>(
      'reading the audit trail',
      opts.subject === undefined
        ? 'SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2'
        : 'SELECT * FROM audit WHERE seq > $1 AND subject = $3 ORDER BY seq LIMIT $2',
      [opts.afterSeq ?? 0, opts.limit ?? null, ...(opts.subject === undefined ? [] : [opts.subject])],
    )
    return rows.map(fromAuditRow)
  }

  /** One transaction holding the audit writers' lock from its start (begun and locked in one round trip). */
  private async write<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, work, BEGIN_AND_LOCK_AUDIT_WRITERS)
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

/**
 * Inserts decisions whose key is new, in the order given (ids follow it), and the requirement of each live
 * `require_verification` among them, in the same order; reads the audit trail's last record in the same statement
 * (under the audit writers' lock, nothing is appended to it meanwhile). Returns key → decision id and decision id →
 * requirement id for those inserted.
 */
async function insertDecisions(
  client: PoolClient,
  slice: readonly NewDecision[],
): Promise<{ decisions: Map<string, number>; requirements: Map<number, number>; tail: AuditTail }> {
  // A requirement's row depends on its decision's fields, not on its id: it is joined to the id by the key.
  const required = slice.flatMap((d) => {
    const row = requirementFor({ ...d, id: 0 })
    return row === undefined ? [] : [{ key: d.key, row }]
  })
  const { rows } = await client.query<{ kind: 'decision' | 'requirement' | 'tail'; id: number | string; ref: string }>(
    `WITH inserted AS (
       INSERT INTO decisions (key, account, policy, policy_version, rule, trigger, action, evidence, mode, sweep, actor, at)
       SELECT key, account, policy, policy_version, rule, trigger, action, evidence, mode, sweep, actor, at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::json[], $8::json[],
                   $9::text[], $10::text[], $11::text[], $12::bigint[])
         WITH ORDINALITY AS u(key, account, policy, policy_version, rule, trigger, action, evidence, mode, sweep, actor,
                              at, ord)
       ORDER BY ord
       ON CONFLICT (key) DO NOTHING RETURNING id, key
     ), required AS (
       INSERT INTO requirements (account, decision, methods, deadline, state, created_at, updated_at, on_expiry,
                                 reinstate_on_late_pass, next_reminder_at)
       SELECT r.account, i.id, r.methods, r.deadline, r.state, r.created_at, r.created_at, r.on_expiry, r.reinstate,
              r.next_reminder_at
       FROM unnest($13::text[], $14::text[], $15::json[], $16::bigint[], $17::text[], $18::bigint[], $19::text[],
                   $20::boolean[], $21::bigint[])
         WITH ORDINALITY AS r(key, account, methods, deadline, state, created_at, on_expiry, reinstate,
                              next_reminder_at, ord)
       JOIN inserted i ON i.key = r.key
       ORDER BY r.ord
       RETURNING id, decision
     )
     SELECT 'decision' AS kind, id, key AS ref FROM inserted
     UNION ALL SELECT 'requirement', id, decision::text FROM required
     UNION ALL (SELECT 'tail', seq, hash FROM audit ORDER BY seq DESC LIMIT 1)`,
    [
      slice.map((d) => d.key),
      slice.map((d) => d.account),
      slice.map((d) => d.policy),
      slice.map((d) => d.policyVersion),
      slice.map((d) => d.rule),
      slice.map((d) => d.trigger),
      slice.map((d) => JSON.stringify(d.action)),
      slice.map((d) => JSON.stringify(d.evidence)),
      slice.map((d) => d.mode),
      slice.map((d) => d.sweep),
      slice.map((d) => d.actor),
      slice.map((d) => d.at),
      required.map((r) => r.key),
      required.map((r) => r.row.account),
      required.map((r) => JSON.stringify(r.row.methods)),
      required.map((r) => r.row.deadline),
      required.map((r) => r.row.state),
      required.map((r) => r.row.createdAt),
      required.map((r) => r.row.onExpiry),
      required.map((r) => r.row.reinstateOnLatePass),
      required.map((r) => r.row.nextReminderAt),
    ],
  )
  const decisions = new Map<string, number>()
  const requirements = new Map<number, number>()
  let tail = EMPTY_AUDIT_TAIL
  for (const r of rows) {
    if (r.kind === 'decision') decisions.set(r.ref, Number(r.id))
    else if (r.kind === 'requirement') requirements.set(Number(r.ref), Number(r.id))
    else tail = { seq: Number(r.id), hash: r.ref }
  }
  return { decisions, requirements, tail }
}

/** Opens cases; returns decision id → case id. */
async function insertCases(client: PoolClient, slice: readonly NewCase[]): Promise<Map<number, number>> {
  const { rows } = await client.query<{ id: number | string; decision: number | string }>(
    `INSERT INTO cases (account, decision, priority, reason, state, created_at, due_at)
     SELECT account, decision, priority, reason, 'open', created_at, due_at
     FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
       WITH ORDINALITY AS u(account, decision, priority, reason, created_at, due_at, ord)
     ORDER BY ord
     RETURNING id, decision`,
    [
      slice.map((c) => c.account),
      slice.map((c) => c.decision),
      slice.map((c) => c.priority),
      slice.map((c) => c.reason),
      slice.map((c) => c.createdAt),
      slice.map((c) => c.dueAt),
    ],
  )
  return new Map(rows.map((r) => [Number(r.decision), Number(r.id)]))
}

/** Inserts restrictions; returns decision id → restriction id (for restrictions a decision imposed). */
export async function insertRestrictions(
  client: PoolClient,
  slice: readonly NewRestriction[],
): Promise<Map<number, number>> {
  const { rows } = await client.query<{ id: number | string; decision: number | string | null }>(
    `INSERT INTO restrictions (account, kind, decision, requirement, reason, created_at, effective_at)
     SELECT account, kind, decision, requirement, reason, created_at, effective_at
     FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[])
       WITH ORDINALITY AS u(account, kind, decision, requirement, reason, created_at, effective_at, ord)
     ORDER BY ord
     RETURNING id, decision`,
    [
      slice.map((r) => r.account),
      slice.map((r) => r.kind),
      slice.map((r) => r.decision),
      slice.map((r) => r.requirement),
      slice.map((r) => r.reason),
      slice.map((r) => r.createdAt),
      slice.map((r) => r.effectiveAt),
    ],
  )
  return new Map(rows.flatMap((r) => (r.decision === null ? [] : [[Number(r.decision), Number(r.id)]])))
}

/**
 * Chains records after the trail's last one (`tail`, when the caller read it in this transaction; read here
 * otherwise); call inside a transaction that holds the audit writers' lock.
 */
export async function appendChained(
  client: PoolClient,
  records: readonly NewAuditRecord[],
  tail?: AuditTail,
): Promise<void> {
  if (records.length === 0) return
  let last = tail
  if (last === undefined) {
    const { rows } = await client.query<{ seq: number | string; hash: string }>(
      'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
    )
    last = rows[0] === undefined ? EMPTY_AUDIT_TAIL : { seq: Number(rows[0].seq), hash: rows[0].hash }
  }
  for (const slice of slices(chainAuditRecords(last, records))) {
    await client.query(
      `INSERT INTO audit (seq, at, actor, action, subject, detail, hash)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::json[], $7::text[])`,
      [
        slice.map((r) => r.seq),
        slice.map((r) => r.at),
        slice.map((r) => r.actor),
        slice.map((r) => r.action),
        slice.map((r) => r.subject),
        slice.map((r) => r.detailJson),
        slice.map((r) => r.hash),
      ],
    )
  }
}
