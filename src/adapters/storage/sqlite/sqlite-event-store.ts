import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import {
  type AccountState,
  foldAccountEvents,
  type StateChangingRecord,
  toAccountEvent,
} from '../../../core/accounts/index.ts'
import { OnesellerError } from '../../../core/errors.ts'
import { type AccountSummary, type AccountSummaryColumns, SummaryColumnsBuilder } from '../../../core/features/index.ts'
import type { AccountId, EventSeq } from '../../../core/ids.ts'
import {
  type InterchangeRecord,
  type ListingRecord,
  parseRecord,
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
  FoldedAccount,
  ProfileCodec,
  ProfileScan,
  ScannedEvent,
  StoredEvent,
  StoreStats,
} from '../../../ports/index.ts'
import { SUMMARY_COLUMNS, type SummaryRow, SummaryRows } from '../account-summary-row.ts'
import { PROFILE_PAGE, RECORD_COUNT } from '../linkage-profile-rows.ts'
import { type AccountRow, fromAccountRow, type ProfileRow } from './account-row.ts'
import { SqliteAccessStores } from './sqlite-access-stores.ts'
import { SqliteAppender } from './sqlite-appender.ts'
import { SqliteBulkReader } from './sqlite-bulk-reader.ts'
import { toStorageError } from './sqlite-errors.ts'
import { ensureLogIndex } from './sqlite-event-log.ts'
import { SqliteJobQueue } from './sqlite-job-queue.ts'
import { SqliteLinkageStore } from './sqlite-linkage-store.ts'
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts'
import { SqlitePolicyStore } from './sqlite-policy-store.ts'
import { type SqliteStatements, statementsOf } from './sqlite-statements.ts'
import { SqliteSubmissionStore } from './sqlite-submission-store.ts'
import { WalCheckpointer } from './sqlite-wal-checkpointer.ts'
import { SqliteWorkflowStore } from './sqlite-workflow-store.ts'
import { writeGroupsOf } from './sqlite-write-groups.ts'

interface EventRow {
  seq: number
  body: string
  at: number
  source: string
  source_line: number
  stored_at: number
}

/** Pages written to the WAL before it is copied back: larger means fewer, longer checkpoints (faster bulk import). */
const WAL_AUTOCHECKPOINT_PAGES = 16_384

export interface SqliteStoreOptions {
  /**
   * Events appended through this connection before checkpoints move to a thread of their own (a bulk import); small
   * writes keep SQLite's own checkpoints, without a thread to start.
   */
  readonly checkpointThreadAfter?: number
  /**
   * The first append through this connection into an empty log, when it holds at least this many events (an
   * import's batch), starts a bulk load: see `SqliteEventLog`.
   */
  readonly bulkLoadBatch?: number
}

const BULK_LOAD_BATCH = 1_000

const CHECKPOINT_THREAD_AFTER = 50_000
/**
 * Characters of records appended between two checkpoints on that thread (the log grows several times as much, with
 * the index and account pages). Fewer checkpoints copy each page once however often it was written in between; and
 * a checkpoint syncs the disk twice, too often for a server that commits a few records at a time.
 */
const CHECKPOINT_EVERY_CHARS = 4_000_000

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteEventStore implements EventStore {
  private readonly appender: SqliteAppender
  private readonly selectAccount: Database.Statement
  private readonly selectProfile: Database.Statement
  private readonly selectEvents: Database.Statement
  private readonly sql: SqliteStatements
  private readonly sourceIds = new Map<string, number>()
  private appended = 0
  private charsSinceCheckpoint = 0
  private checkpointer: WalCheckpointer | undefined
  /** Whether this connection has appended already: only its first append may start a bulk load. */
  private appendedBefore = false

  /** Whole-table reads that let the thread answer requests meanwhile, on a connection of their own. */
  private readonly bulkReader: SqliteBulkReader

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    private readonly options: SqliteStoreOptions,
  ) {
    this.sql = statementsOf(db)
    this.bulkReader = new SqliteBulkReader(file, db)
    this.appender = new SqliteAppender(db, (id) => this.readEvents(id).map((ev) => toAccountEvent(ev.record, ev.at)))
    this.selectAccount = db.prepare('SELECT * FROM accounts WHERE id = ?')
    this.selectProfile = db.prepare('SELECT * FROM account_profiles WHERE id = ?')
    this.selectEvents = db.prepare(
      `SELECT e.seq, e.body, e.at, s.name AS source, e.source_line, e.stored_at
       FROM events e JOIN sources s ON s.id = e.source_id WHERE e.account = ? ORDER BY e.at, e.seq`,
    )
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. `:memory:` for tests. */
  static open(file: string, options: SqliteStoreOptions = {}): SqliteEventStore {
    let db: Database.Database | undefined
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
      db = new Database(file)
      assertOnesellerDatabase(db, file)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('busy_timeout = 5000')
      db.pragma('cache_size = -262144')
      db.pragma('temp_store = MEMORY')
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
      // Before the migrations, which may read accounts' events (a new file's log comes with its index).
      ensureLogIndex(db)
      migrate(db)
      return new SqliteEventStore(db, file, options)
    } catch (e) {
      db?.close()
      throw toStorageError(e, 'opening the database', file)
    }
  }

  async append(
    events: readonly EventInput[],
    storedAt: Instant,
    folded?: ReadonlyMap<string, FoldedAccount>,
  ): Promise<readonly AppendOutcome[]> {
    await this.checkpointer?.settle()
    try {
      const sizeBefore = this.appender.log.bodySizeWritten
      const outcomes = writeGroupsOf(this.db, this.file).write(() => {
        if (!this.appendedBefore && events.length >= (this.options.bulkLoadBatch ?? BULK_LOAD_BATCH)) {
          this.appender.log.startBulkLoad()
        }
        this.appendedBefore = true
        return this.appender.append(events, storedAt, (name) => this.sourceId(name), folded)
      })
      this.appended += events.length
      this.charsSinceCheckpoint += this.appender.log.bodySizeWritten - sizeBefore
      this.checkpoint()
      return outcomes
    } catch (e) {
      this.sourceIds.clear()
      this.leaveBulkLoad()
      throw toStorageError(e, `storing ${events.length} records`, this.file)
    }
  }

  /** Builds the log's index if a bulk load left it out; every read of an account's events needs it. */
  private finishBulkLoad(): void {
    if (this.appender.log.bulkLoading) this.appender.log.finishBulkLoad()
  }

  /**
   * After a failed append: a bulk load stops where its last commit left the log, and the index is built now if it can
   * be (a full disk may refuse it: then the next opening of the store builds it, and the error to report is the
   * append's).
   */
  private leaveBulkLoad(): void {
    if (!this.appender.log.bulkLoading) return
    this.appender.log.abandonBulkLoad()
    try {
      ensureLogIndex(this.db)
    } catch {
      // Left to the next opening of the store, as after a crash.
    }
  }

  /** After a commit: once this connection has written a lot, checkpoints run on their own thread. */
  private checkpoint(): void {
    if (this.checkpointer === undefined) {
      if (this.file === ':memory:' || this.appended < (this.options.checkpointThreadAfter ?? CHECKPOINT_THREAD_AFTER)) {
        return
      }
      this.checkpointer = new WalCheckpointer(this.file, () => {
        if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`)
      })
      this.db.pragma('wal_autocheckpoint = 0')
    }
    if (this.charsSinceCheckpoint >= CHECKPOINT_EVERY_CHARS) {
      this.charsSinceCheckpoint = 0
      this.checkpointer.request()
    }
  }

  private sourceId(name: string): number {
    const known = this.sourceIds.get(name)
    if (known !== undefined) return known
    this.sql.rows('INSERT INTO sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name)
    const id = this.sql.pluck('SELECT id FROM sources WHERE name = ?').get(name) as number
    this.sourceIds.set(name, id)
    return id
  }

  private loadState(id: string): AccountState | undefined {
    const row = this.selectAccount.get(id) as AccountRow | undefined
    return row ? fromAccountRow(row, this.selectProfile.get(id) as ProfileRow | undefined) : undefined
  }

  private readEvents(id: string, types?: readonly RecordType[]): StoredEvent[] {
    this.finishBulkLoad()
    const rows =
      types === undefined
        ? this.selectEvents.all(id)
        : this.sql
            .rows(
              `SELECT e.seq, e.body, e.at, s.name AS source, e.source_line, e.stored_at
               FROM events e JOIN sources s ON s.id = e.source_id
               WHERE e.account = ? AND e.type IN (SELECT value FROM json_each(?)) ORDER BY e.at, e.seq`,
            )
            .all(id, JSON.stringify(types))
    return (rows as EventRow[]).map((r) => ({
      seq: r.seq as EventSeq,
      record: decodeBody(r.body, r.seq),
      at: r.at as Instant,
      source: { name: r.source, line: r.source_line },
      storedAt: r.stored_at as Instant,
    }))
  }

  async getAccount(id: AccountId): Promise<AccountState | undefined> {
    return this.guard('reading an account', () => this.loadState(id))
  }

  async listEvents(id: AccountId, types?: readonly RecordType[]): Promise<readonly StoredEvent[]> {
    return this.guard('reading events', () => this.readEvents(id, types))
  }

  async stats(): Promise<StoreStats> {
    return this.guard('computing statistics', () => {
      const countBy = (column: string): CountBy =>
        Object.fromEntries(
          (
            this.db
              .prepare(
                `SELECT coalesce(${column}, '(none)') AS k, count(*) AS n FROM accounts WHERE registered = 1 GROUP BY k ORDER BY n DESC, k`,
              )
              .all() as { k: string; n: number }[]
          ).map((r) => [r.k, r.n]),
        )
      const totals = this.db
        .prepare(
          `SELECT sum(registered) AS accounts, sum(1 - registered) AS unregistered, min(first_event_at) AS first,
           max(last_event_at) AS last, ${RECORD_TYPES.map((t) => `sum(n_${t}) AS n_${t}`).join(', ')} FROM accounts`,
        )
        .get() as Record<string, number | null>
      return {
        accounts: totals.accounts ?? 0,
        unregistered: totals.unregistered ?? 0,
        byStatus: countBy('status'),
        byMarketplace: countBy('marketplace'),
        byKind: countBy('kind'),
        byChannel: countBy('channel_type'),
        recordsByType: Object.fromEntries(RECORD_TYPES.map((t) => [t, totals[`n_${t}`] ?? 0])) as Record<
          RecordType,
          number
        >,
        firstEventAt: (totals.first ?? null) as Instant | null,
        lastEventAt: (totals.last ?? null) as Instant | null,
      }
    })
  }

  async scanAccounts(visit: (state: AccountState, events: readonly ScannedEvent[]) => void): Promise<number> {
    return this.guard('scanning accounts', () => {
      this.finishBulkLoad()
      // The events come account by account; each account's row is looked up when its events begin, so that only
      // one account's state is held at a time, not a million of them.
      const stateOf = this.db.prepare('SELECT * FROM accounts WHERE id = ? AND registered = 1')
      let state: AccountState | undefined
      let current: string | undefined
      let events: ScannedEvent[] = []
      let visited = 0
      const flush = () => {
        if (state !== undefined) {
          visit(
            state,
            events.sort((x, y) => x.at - y.at),
          )
          visited += 1
        }
        events = []
      }
      const rows = this.db
        .prepare('SELECT account, type, at, body FROM events INDEXED BY events_by_account ORDER BY account')
        .raw()
        .iterate() as Iterable<[string, RecordType, number, string]>
      for (const [account, type, at, body] of rows) {
        if (account !== current) {
          flush()
          current = account
          const row = stateOf.get(account) as AccountRow | undefined
          state = row === undefined ? undefined : fromAccountRow(row, undefined)
        }
        if (state !== undefined) events.push(toScannedEvent(type, at as Instant, body))
      }
      flush()
      return visited
    })
  }

  async scanAccount(id: AccountId): Promise<{ state: AccountState; events: readonly ScannedEvent[] } | undefined> {
    return this.guard('reading an account', () => {
      this.finishBulkLoad()
      return this.readScanned(id)
    })
  }

  /** One registered account's state and events as the scan gives them; undefined when it is not registered. */
  private readScanned(id: string): { state: AccountState; events: ScannedEvent[] } | undefined {
    const row = this.sql.rows('SELECT * FROM accounts WHERE id = ? AND registered = 1').get(id) as
      | AccountRow
      | undefined
    if (row === undefined) return undefined
    // The rows in the order of the scan (the index's: by digest), then sorted by time as the scan sorts them.
    const rows = this.sql
      .raw('SELECT type, at, body FROM events INDEXED BY events_by_account WHERE account = ? ORDER BY digest')
      .all(id) as [RecordType, number, string][]
    const events = rows.map(([type, at, body]) => toScannedEvent(type, at as Instant, body))
    return { state: fromAccountRow(row, undefined), events: events.sort((x, y) => x.at - y.at) }
  }

  /**
   * A page of accounts at a time (by id, the order of scanAccounts), their kept profiles beside them; the page's new
   * profiles are written once it is visited, with no statement reading the table open meanwhile. The event loop turns
   * between pages: a server answers requests while its live linkage loads.
   */
  async scanProfiles<T>(codec: ProfileCodec<T>, visit: (profile: T) => void): Promise<ProfileScan> {
    const doing = 'scanning linkage profiles'
    const { page, keep } = this.guard(doing, () => {
      this.finishBulkLoad()
      return {
        page: this.sql.raw(
          `SELECT a.id, ${RECORD_COUNT} AS records, p.records, p.body FROM accounts a
           LEFT JOIN linkage_profiles p ON p.id = a.id
           WHERE a.registered = 1 AND a.id > ? ORDER BY a.id LIMIT ${PROFILE_PAGE}`,
        ),
        keep: this.sql.rows(
          `INSERT INTO linkage_profiles (id, records, body) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET records = excluded.records, body = excluded.body`,
        ),
      }
    })
    let after = ''
    let visited = 0
    let derived = 0
    for (;;) {
      const done = this.guard(doing, () => {
        const rows = page.all(after) as [string, number, number | null, string | null][]
        if (rows.length === 0) return true
        const kept: [string, number, string][] = []
        for (const [id, records, keptRecords, body] of rows) {
          const held = keptRecords === records && body !== null ? codec.decode(body) : undefined
          if (held !== undefined) visit(held)
          else {
            const scanned = this.readScanned(id)
            if (scanned === undefined) continue
            const profile = codec.derive(scanned.state, scanned.events)
            kept.push([id, records, codec.encode(profile)])
            visit(profile)
            derived += 1
          }
          visited += 1
        }
        after = rows[rows.length - 1]![0]
        if (kept.length > 0) {
          writeGroupsOf(this.db, this.file).write(() => {
            for (const row of kept) keep.run(row)
          })
          for (const [, , text] of kept) this.charsSinceCheckpoint += text.length
          this.checkpoint()
        }
        return false
      })
      if (done) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    return { visited, derived }
  }

  async scanSummaries(visit: (summary: AccountSummary) => void): Promise<number> {
    return this.guard('scanning account summaries', () => {
      const summaries = new SummaryRows()
      let visited = 0
      // The table is keyed by id (WITHOUT ROWID): a scan of it is in id order.
      const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM accounts`).raw().iterate() as Iterable<SummaryRow>
      for (const row of rows) {
        visit(summaries.toSummary(row))
        visited += 1
      }
      return visited
    })
  }

  /**
   * The scan of {@link scanSummaries}, each row copied into columns as it is read (one summary object for all), on a
   * connection of its own that lets the thread answer requests meanwhile (see {@link SqliteBulkReader}).
   */
  async readSummaryColumns(): Promise<AccountSummaryColumns> {
    try {
      return await this.bulkReader.read(async ({ db, row }) => {
        const summaries = new SummaryRows()
        const columns = new SummaryColumnsBuilder()
        const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM accounts`).raw().iterate() as Iterable<SummaryRow>
        for (const r of rows) {
          summaries.addTo(columns, r)
          const turn = row()
          if (turn) await turn
        }
        return columns.finish()
      })
    } catch (e) {
      throw toStorageError(e, 'reading account summaries', this.file)
    }
  }

  async summariesOf(ids: readonly string[]): Promise<readonly AccountSummary[]> {
    return this.guard('reading account summaries', () => {
      const summaries = new SummaryRows()
      // One account (most registrations: no cluster yet) by its key, without the JSON list's table.
      const rows = (
        ids.length === 1
          ? this.sql.raw(`SELECT ${SUMMARY_COLUMNS} FROM accounts WHERE id = ?`).all(ids[0])
          : this.sql
              .raw(`SELECT ${SUMMARY_COLUMNS} FROM accounts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
              .all(JSON.stringify(ids))
      ) as SummaryRow[]
      return rows.map((r) => summaries.toSummary(r))
    })
  }

  async rebuildState(): Promise<number> {
    return this.guard('rebuilding account state', () =>
      this.db.transaction(() => {
        this.finishBulkLoad()
        this.db.exec('DELETE FROM accounts; DELETE FROM account_profiles; DELETE FROM linkage_profiles')
        const ids = this.db.prepare('SELECT DISTINCT account FROM events').pluck().all() as string[]
        for (const id of ids) {
          const events = this.readEvents(id).map((ev) => toAccountEvent(ev.record, ev.at))
          const state = foldAccountEvents(id as AccountId, events)
          if (state) this.appender.writeState(state)
        }
        return ids.length
      })(),
    )
  }

  /** The linkage runs, kept in the same database file. */
  linkageStore(): SqliteLinkageStore {
    return new SqliteLinkageStore(this.db, this.file, this.bulkReader)
  }

  /**
   * Policies, decisions, requirements, sweeps and the audit trail, in the same file and on this connection: its
   * transactions never wait on an import's (better-sqlite3 runs each to its end before the next), and other processes
   * writing the file are kept in order by SQLite's writer lock. Closing the event store closes it.
   */
  policyStore(): SqlitePolicyStore {
    return new SqlitePolicyStore(this.db, this.file)
  }

  /** Requirements as they move, restrictions, notices and cursors: in the same file, on this connection. */
  workflowStore(): SqliteWorkflowStore {
    return new SqliteWorkflowStore(this.db, this.file)
  }

  /** Submitted evidence, its files and the image-hash index: in the same file, on this connection. */
  submissionStore(): SqliteSubmissionStore {
    return new SqliteSubmissionStore(this.db, this.file)
  }

  /** The job queue, in the same file and on this connection (see `SqliteJobQueue` for how claims stay exclusive). */
  jobQueue(): SqliteJobQueue {
    return new SqliteJobQueue(this.db, this.file)
  }

  /** API keys, idempotent answers and reviewers on this connection (a server: their writes join its groups). */
  accessStores(): SqliteAccessStores {
    return SqliteAccessStores.over(this.db, this.file)
  }

  groupCommits(): void {
    writeGroupsOf(this.db, this.file).enable()
  }

  committed(): Promise<void> {
    return writeGroupsOf(this.db, this.file).committed()
  }

  async close(): Promise<void> {
    // A group still open commits first (its writers wait for it).
    if (this.db.open) writeGroupsOf(this.db, this.file).flush()
    if (this.db.open) this.guard('indexing the records loaded', () => this.finishBulkLoad())
    // The checkpoint thread's connection first: the last one to close copies the log back and removes it.
    await this.checkpointer?.close()
    this.bulkReader.close()
    if (this.db.open) this.db.close()
  }

  private guard<T>(doing: string, f: () => T): T {
    try {
      return f()
    } catch (e) {
      throw toStorageError(e, doing, this.file)
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

function decodeBody(body: string, seq: number): InterchangeRecord {
  const parsed = parseRecord(JSON.parse(body))
  if (!parsed.ok) throw new Error(`stored event ${seq} no longer validates: ${parsed.error[0]?.message}`)
  return parsed.value.record
}

/** Refuses, before writing anything, a database that holds another application's tables. */
function assertOnesellerDatabase(db: Database.Database, file: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new OnesellerError(
      'invalid_input',
      `${file} is not a oneseller database (it holds other tables: ${tables.slice(0, 5).join(', ')}). Point --db at a new file or an existing oneseller database.`,
    )
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)')
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  // In version order whatever the order of the list, as on PostgreSQL; a version missing from an older file is applied
  // even when later ones already are (independent migrations may land out of order during development).
  for (const m of [...SQLITE_MIGRATIONS].sort((x, y) => x.version - y.version)) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      m.backfill?.(db)
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)').run(m.version)
    })()
  }
}
