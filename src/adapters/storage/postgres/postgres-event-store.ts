import { Pool, TypeOverrides } from 'pg'
import {
  type AccountState,
  foldAccountEvents,
  type StateChangingRecord,
  toAccountEvent,
} from '../../../core/accounts/index.ts'
import { type AccountSummary, type AccountSummaryColumns, SummaryColumnsBuilder } from '../../../core/features/index.ts'
import type { AccountId, EventSeq } from '../../../core/ids.ts'
import {
  type ListingRecord,
  RECORD_TYPES,
  type RecordType,
  type SessionRecord,
  type VerificationRecord,
} from '../../../core/interchange/index.ts'
import type { Instant } from '../../../core/time.ts'
import type {
  AppendOutcome,
  CountBy,
  EventInput,
  EventStore,
  ProfileCodec,
  ProfileScan,
  ScannedEvent,
  StoredEvent,
  StoreStats,
} from '../../../ports/index.ts'
import { SUMMARY_COLUMNS, type SummaryRow, SummaryRows } from '../account-summary-row.ts'
import { PROFILE_PAGE, RECORD_COUNT } from '../linkage-profile-rows.ts'
import { PostgresAccessStores } from './postgres-access-stores.ts'
import { type AccountRow, fromAccountRow, SELECT_ACCOUNT, writeAccountStates } from './postgres-account-rows.ts'
import { appendEvents, BEGIN_AND_LOCK_EVENT_WRITERS, decodeBody, LOCK_EVENT_WRITERS } from './postgres-append.ts'
import { CallBatcher } from './postgres-call-batcher.ts'
import { describePostgresUrl, toPostgresError } from './postgres-errors.ts'
import { PostgresJobQueue } from './postgres-job-queue.ts'
import { PostgresLinkageStore } from './postgres-linkage-store.ts'
import { migratePostgres, POSTGRES_MIGRATIONS } from './postgres-migrations.ts'
import { PostgresPolicyStore } from './postgres-policy-store.ts'
import { PostgresSubmissionStore } from './postgres-submission-store.ts'
import { forEachRowBatch, inTransaction } from './postgres-transaction.ts'
import { PostgresWorkflowStore } from './postgres-workflow-store.ts'

/** A server that does not answer within this time is reported as unreachable rather than waited for. */
const CONNECT_TIMEOUT_MS = 10_000

/** Summaries fetched per round trip of a scan: small rows, so more of them than other scans fetch. */
const SUMMARY_FETCH_ROWS = 50_000

/** Accounts written per statement while rebuilding derived state. */
const REBUILD_ACCOUNTS_PER_WRITE = 2_000

const INT8_OID = 20

/**
 * bigint columns (epoch milliseconds, seq, counts) arrive as numbers: every value the store keeps is far below 2^53.
 */
function storeTypes(): TypeOverrides {
  const types = new TypeOverrides()
  types.setTypeParser(INT8_OID, Number)
  return types
}

/** The production store: a PostgreSQL database (or the schema its URL's search_path names), through a pool. */
/** Appends of at most this many records (a request's) are batched with other callers'; larger ones run alone. */
const BATCHED_APPEND_MAX = 100

export class PostgresEventStore implements EventStore {
  private readonly sourceIds = new Map<string, number>()
  private closed = false

  private constructor(
    private readonly pool: Pool,
    /** The database, for messages: the URL without its password. */
    readonly label: string,
  ) {}

  /** Connects and brings the schema up to date (see `postgres-migrations.ts`). */
  static async open(url: string): Promise<PostgresEventStore> {
    const label = describePostgresUrl(url)
    const pool = new Pool({
      connectionString: url,
      types: storeTypes(),
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      fallback_application_name: 'oneseller',
    })
    // An idle connection the server closed is dropped by the pool, and the next query opens another; a server that
    // is gone fails that query, which reports it. Without a listener the event would end the process.
    pool.on('error', () => {})
    try {
      await migratePostgres(pool, POSTGRES_MIGRATIONS, label)
      return new PostgresEventStore(pool, label)
    } catch (e) {
      await pool.end()
      throw toPostgresError(e, 'opening the database', label)
    }
  }

  async append(events: readonly EventInput[], storedAt: Instant): Promise<readonly AppendOutcome[]> {
    if (events.length === 0) return []
    try {
      // A server's requests, a few records each, are stored together (see CallBatcher); an import's batches alone.
      if (events.length <= BATCHED_APPEND_MAX) return await this.appends.submit({ events, storedAt })
      return await this.appendNow(events, storedAt)
    } catch (e) {
      // Source ids created in the rolled-back transaction do not exist.
      this.sourceIds.clear()
      throw toPostgresError(e, `storing ${events.length} records`, this.label)
    }
  }

  /** One transaction, under the writers' lock. */
  private appendNow(events: readonly EventInput[], storedAt: Instant): Promise<AppendOutcome[]> {
    return inTransaction(
      this.pool,
      (client) => appendEvents({ client, sourceIds: this.sourceIds, storedAt }, events),
      BEGIN_AND_LOCK_EVENT_WRITERS,
    )
  }

  /** The appends of several callers in one transaction: stored as one batch, each caller's outcomes handed back. */
  private readonly appends = new CallBatcher<
    { readonly events: readonly EventInput[]; readonly storedAt: Instant },
    readonly AppendOutcome[]
  >(async (calls) => {
    const storedAt = Math.max(...calls.map((c) => c.storedAt)) as Instant
    const outcomes = await this.appendNow(
      calls.flatMap((c) => c.events),
      storedAt,
    ).catch((e: unknown) => {
      this.sourceIds.clear()
      throw e
    })
    let at = 0
    return calls.map((c) => {
      const mine = outcomes.slice(at, at + c.events.length)
      at += c.events.length
      return mine
    })
  })

  async getAccount(id: AccountId): Promise<AccountState | undefined> {
    return this.guard('reading an account', async () => {
      const { rows } = await this.pool.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = $1`, [id])
      return rows[0] === undefined ? undefined : fromAccountRow(rows[0])
    })
  }

  async listEvents(id: AccountId, types?: readonly RecordType[]): Promise<readonly StoredEvent[]> {
    return this.guard('reading events', async () => {
      const { rows } = await this.pool.query<{
        seq: number
        body: string
        at: number
        source: string
        source_line: number
        stored_at: number
      }>(
        `SELECT e.seq, e.body, e.at, s.name AS source, e.source_line, e.stored_at
         FROM events e JOIN sources s ON s.id = e.source_id
         WHERE e.account = $1 ${types === undefined ? '' : 'AND e.type = ANY($2::text[])'} ORDER BY e.at, e.seq`,
        types === undefined ? [id] : [id, types],
      )
      return rows.map((r) => ({
        seq: r.seq as EventSeq,
        record: decodeBody(r.body, r.seq),
        at: r.at as Instant,
        source: { name: r.source, line: r.source_line },
        storedAt: r.stored_at as Instant,
      }))
    })
  }

  async stats(): Promise<StoreStats> {
    return this.guard('computing statistics', () =>
      inTransaction(
        this.pool,
        async (client) => {
          const countBy = async (column: string): Promise<CountBy> => {
            const { rows } = await client.query<{ k: string; n: number }>(
              `SELECT coalesce(${column}, '(none)') AS k, count(*) AS n FROM accounts WHERE registered
               GROUP BY k ORDER BY n DESC, k`,
            )
            return Object.fromEntries(rows.map((r) => [r.k, r.n]))
          }
          const { rows } = await client.query<Record<string, number | null>>(
            `SELECT count(*) FILTER (WHERE registered) AS accounts, count(*) FILTER (WHERE NOT registered) AS unregistered,
               min(first_event_at) AS first, max(last_event_at) AS last,
               ${RECORD_TYPES.map((t) => `sum(n_${t})::bigint AS n_${t}`).join(', ')} FROM accounts`,
          )
          const totals = rows[0]!
          return {
            accounts: totals.accounts ?? 0,
            unregistered: totals.unregistered ?? 0,
            byStatus: await countBy('status'),
            byMarketplace: await countBy('marketplace'),
            byKind: await countBy('kind'),
            byChannel: await countBy('channel_type'),
            recordsByType: Object.fromEntries(RECORD_TYPES.map((t) => [t, totals[`n_${t}`] ?? 0])) as Record<
              RecordType,
              number
            >,
            firstEventAt: (totals.first ?? null) as Instant | null,
            lastEventAt: (totals.last ?? null) as Instant | null,
          }
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      ),
    )
  }

  async scanAccount(id: AccountId): Promise<{ state: AccountState; events: readonly ScannedEvent[] } | undefined> {
    return this.guard('reading an account', async () => (await this.readScanned([id]))[0])
  }

  /**
   * Registered accounts as the scan gives them, in id order: each row and its events in the scan's order (by digest,
   * then sorted by time), in one statement (one round trip, one snapshot).
   */
  private async readScanned(ids: readonly string[]): Promise<{ state: AccountState; events: ScannedEvent[] }[]> {
    const { rows } = await this.pool.query<AccountRow & { scanned: [RecordType, number, string][] | null }>(
      `SELECT a.*, (SELECT json_agg(json_build_array(e.type, e.at, e.body) ORDER BY e.digest)
                    FROM events e WHERE e.account = a.id) AS scanned
       FROM accounts a WHERE a.id = ANY($1::text[]) AND a.registered ORDER BY a.id`,
      [ids],
    )
    return rows.map((row) => {
      const events = (row.scanned ?? []).map(([type, at, body]) => toScannedEvent(type, at as Instant, body))
      return { state: fromAccountRow(row), events: events.sort((x, y) => x.at - y.at) }
    })
  }

  /**
   * A page of accounts at a time, in id order as scanAccounts, with their kept profiles; the accounts of a page whose
   * profile is missing or out of date are read in one statement, and their new profiles written in another.
   */
  async scanProfiles<T>(codec: ProfileCodec<T>, visit: (profile: T) => void): Promise<ProfileScan> {
    return this.guard('scanning linkage profiles', async () => {
      let after = ''
      let visited = 0
      let derived = 0
      for (;;) {
        const { rows } = await this.pool.query<[string, number, number | null, string | null]>({
          text: `SELECT a.id, ${RECORD_COUNT}, p.records, p.body FROM accounts a
                 LEFT JOIN linkage_profiles p ON p.id = a.id
                 WHERE a.registered AND a.id > $1 ORDER BY a.id LIMIT ${PROFILE_PAGE}`,
          values: [after],
          rowMode: 'array',
        })
        if (rows.length === 0) break
        after = rows[rows.length - 1]![0]
        const held = rows.map(([, records, kept, body]) =>
          kept === records && body !== null ? codec.decode(body) : undefined,
        )
        const stale = rows.filter((_, i) => held[i] === undefined).map(([id]) => id)
        const fresh = stale.length === 0 ? new Map<string, T>() : await this.derivedProfiles(codec, stale)
        rows.forEach(([id], i) => {
          const profile = held[i] ?? fresh.get(id)
          if (profile === undefined) return
          visit(profile)
          visited += 1
        })
        derived += fresh.size
      }
      return { visited, derived }
    })
  }

  /** Derives the profiles of these accounts from their records and keeps them; by id. */
  private async derivedProfiles<T>(codec: ProfileCodec<T>, ids: readonly string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>()
    const kept: { ids: string[]; records: number[]; bodies: string[] } = { ids: [], records: [], bodies: [] }
    for (const { state, events } of await this.readScanned(ids)) {
      const profile = codec.derive(state, events)
      out.set(state.id, profile)
      kept.ids.push(state.id)
      kept.records.push(Object.values(state.eventCounts).reduce((n, c) => n + c, 0))
      kept.bodies.push(codec.encode(profile))
    }
    await this.pool.query(
      `INSERT INTO linkage_profiles (id, records, body)
       SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])
       ON CONFLICT (id) DO UPDATE SET records = excluded.records, body = excluded.body`,
      [kept.ids, kept.records, kept.bodies],
    )
    return out
  }

  /** Streams accounts and events through cursors over one snapshot: memory holds the states, not the log. */
  async scanAccounts(visit: (state: AccountState, events: readonly ScannedEvent[]) => void): Promise<number> {
    return this.guard('scanning accounts', () =>
      inTransaction(
        this.pool,
        async (client) => {
          // The states of the accounts of one fetched batch of events (and of the account a batch ends in), read
          // with the batch: not every registered account's state at once.
          const states = new Map<string, AccountState>()
          let current: string | undefined
          let events: ScannedEvent[] = []
          let visited = 0
          const flush = () => {
            const state = current === undefined ? undefined : states.get(current)
            if (state !== undefined) {
              visit(
                state,
                events.sort((x, y) => x.at - y.at),
              )
              visited += 1
            }
            events = []
          }
          await forEachRowBatch<{ account: string; type: RecordType; at: number; body: string }>(
            client,
            'SELECT account, type, at, body FROM events ORDER BY account, digest',
            async (rows) => {
              for (const id of [...states.keys()]) if (id !== current) states.delete(id)
              const wanted = [...new Set(rows.map((r) => r.account))].filter((id) => !states.has(id))
              const { rows: accountRows } = await client.query<AccountRow>(
                'SELECT * FROM accounts WHERE registered AND id = ANY($1::text[])',
                [wanted],
              )
              for (const row of accountRows) states.set(row.id, fromAccountRow(row))
              for (const { account, type, at, body } of rows) {
                if (account !== current) {
                  flush()
                  current = account
                }
                if (states.has(account)) events.push(toScannedEvent(type, at as Instant, body))
              }
            },
          )
          flush()
          return visited
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      ),
    )
  }

  /** One snapshot through a cursor, rows as arrays (no object per row), in id order as on SQLite. */
  async scanSummaries(visit: (summary: AccountSummary) => void): Promise<number> {
    const summaries = new SummaryRows()
    return this.guard('scanning account summaries', () =>
      this.scanSummaryRows((row) => visit(summaries.toSummary(row))),
    )
  }

  async readSummaryColumns(): Promise<AccountSummaryColumns> {
    const summaries = new SummaryRows()
    const columns = new SummaryColumnsBuilder()
    await this.guard('reading account summaries', () => this.scanSummaryRows((row) => summaries.addTo(columns, row)))
    return columns.finish()
  }

  private scanSummaryRows(visit: (row: SummaryRow) => void): Promise<number> {
    return inTransaction(
      this.pool,
      async (client) => {
        let visited = 0
        await client.query(`DECLARE summaries NO SCROLL CURSOR FOR SELECT ${SUMMARY_COLUMNS} FROM accounts ORDER BY id`)
        for (;;) {
          const { rows } = await client.query<SummaryRow>({
            text: `FETCH ${SUMMARY_FETCH_ROWS} FROM summaries`,
            rowMode: 'array',
          })
          if (rows.length === 0) break
          for (const row of rows) visit(row)
          visited += rows.length
        }
        await client.query('CLOSE summaries')
        return visited
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    )
  }

  async summariesOf(ids: readonly string[]): Promise<readonly AccountSummary[]> {
    return this.guard('reading account summaries', async () => {
      const summaries = new SummaryRows()
      const { rows } = await this.pool.query<SummaryRow>({
        text: `SELECT ${SUMMARY_COLUMNS} FROM accounts WHERE id = ANY($1::text[]) ORDER BY id`,
        values: [ids],
        rowMode: 'array',
      })
      return rows.map((r) => summaries.toSummary(r))
    })
  }

  async rebuildState(): Promise<number> {
    return this.guard('rebuilding account state', () =>
      inTransaction(this.pool, async (client) => {
        await client.query(LOCK_EVENT_WRITERS)
        await client.query('DELETE FROM accounts')
        await client.query('DELETE FROM account_profiles')
        await client.query('DELETE FROM linkage_profiles')
        let rebuilt = 0
        let pending: AccountState[] = []
        let current: string | undefined
        let events: ReturnType<typeof toAccountEvent>[] = []
        const fold = () => {
          const state = current === undefined ? undefined : foldAccountEvents(current as AccountId, events)
          if (state !== undefined) {
            pending.push(state)
            rebuilt += 1
          }
          events = []
        }
        const write = async () => {
          await writeAccountStates(client, pending)
          pending = []
        }
        await forEachRowBatch<{ seq: number; account: string; at: number; body: string }>(
          client,
          'SELECT seq, account, at, body FROM events ORDER BY account, at, seq',
          async (rows) => {
            for (const r of rows) {
              if (r.account !== current) {
                fold()
                current = r.account
              }
              events.push(toAccountEvent(decodeBody(r.body, r.seq), r.at as Instant))
            }
            if (pending.length >= REBUILD_ACCOUNTS_PER_WRITE) await write()
          },
        )
        fold()
        await write()
        return rebuilt
      }),
    )
  }

  /** The linkage runs, kept in the same database. */
  linkageStore(): PostgresLinkageStore {
    return new PostgresLinkageStore(this.pool, this.label)
  }

  /** API keys and idempotent answers, in the same schema and over the same pool. */
  accessStores(): PostgresAccessStores {
    return new PostgresAccessStores(this.pool, this.label)
  }

  /** The job queue, in the same schema and over the same pool. */
  jobQueue(): PostgresJobQueue {
    return new PostgresJobQueue(this.pool, this.label)
  }

  /** Policies, decisions, requirements, sweeps and the audit trail, in the same schema and over the same pool. */
  policyStore(): PostgresPolicyStore {
    return new PostgresPolicyStore(this.pool, this.label)
  }

  /** Submitted evidence, its files and the image-hash index: in the same schema, over the same pool. */
  submissionStore(): PostgresSubmissionStore {
    return new PostgresSubmissionStore(this.pool, this.label)
  }

  /** Requirements as they move, restrictions, notices and cursors: in the same schema, over the same pool. */
  workflowStore(): PostgresWorkflowStore {
    return new PostgresWorkflowStore(this.pool, this.label)
  }

  /** Each call commits in a transaction of its own (on a pooled connection): nothing to group. */
  groupCommits(): void {}

  committed(): Promise<void> {
    return Promise.resolve()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }

  private async guard<T>(doing: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f()
    } catch (e) {
      throw toPostgresError(e, doing, this.label)
    }
  }
}

function toScannedEvent(type: RecordType, at: Instant, body: string): ScannedEvent {
  switch (type) {
    case 'account':
    case 'update':
    case 'status':
      return { type, at, change: decodeBody(body, 0) as StateChangingRecord }
    case 'session':
      return { type, at, record: JSON.parse(body) as SessionRecord }
    case 'listing':
      return { type, at, record: JSON.parse(body) as ListingRecord }
    case 'verification':
      return { type, at, record: JSON.parse(body) as VerificationRecord }
  }
}
