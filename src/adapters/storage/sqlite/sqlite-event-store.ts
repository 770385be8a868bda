import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import {
  type AccountState,
  applyEvents,
  emptyAccountState,
  foldAccountEvents,
  type StateChangingRecord,
  toAccountEvent,
} from '../../../core/accounts/index.ts'
import { OnesellerError } from '../../../core/errors.ts'
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
  ScannedEvent,
  StoredEvent,
  StoreStats,
} from '../../../ports/index.ts'
import { type AccountRow, fromAccountRow, type ProfileRow, toAccountRow, toProfileRow } from './account-row.ts'
import { toStorageError } from './sqlite-errors.ts'
import { SqliteLinkageStore } from './sqlite-linkage-store.ts'
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts'

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

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteEventStore implements EventStore {
  private readonly insertEvent: Database.Statement
  private readonly seqByDigest: Database.Statement
  private readonly selectAccount: Database.Statement
  private readonly upsertAccount: Database.Statement
  private readonly selectProfile: Database.Statement
  private readonly upsertCounts: Database.Statement
  private readonly upsertProfile: Database.Statement
  private readonly selectEvents: Database.Statement
  private readonly sourceIds = new Map<string, number>()

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (account, digest, type, at, body, source_id, source_line, stored_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, digest) DO NOTHING`,
    )
    this.seqByDigest = db.prepare('SELECT seq FROM events WHERE account = ? AND digest = ?').pluck()
    this.selectAccount = db.prepare('SELECT * FROM accounts WHERE id = ?')
    this.upsertAccount = db.prepare(
      `INSERT OR REPLACE INTO accounts VALUES (@id, @registered, @marketplace, @kind, @channel_type, @channel_ref,
       @status, @registered_at, @first_event_at, @last_event_at, @n_account, @n_session, @n_update, @n_listing,
       @n_verification, @n_status)`,
    )
    this.upsertCounts = db.prepare(
      `INSERT INTO accounts (id, registered, status, first_event_at, last_event_at, n_account, n_session, n_update,
         n_listing, n_verification, n_status)
       VALUES (@id, 0, 'active', @first, @last, 0, @session, 0, @listing, @verification, 0)
       ON CONFLICT (id) DO UPDATE SET first_event_at = min(first_event_at, excluded.first_event_at),
         last_event_at = max(last_event_at, excluded.last_event_at), n_session = n_session + excluded.n_session,
         n_listing = n_listing + excluded.n_listing, n_verification = n_verification + excluded.n_verification`,
    )
    this.selectProfile = db.prepare('SELECT * FROM account_profiles WHERE id = ?')
    this.upsertProfile = db.prepare('INSERT OR REPLACE INTO account_profiles VALUES (@id, @profile, @identifiers)')
    this.selectEvents = db.prepare(
      `SELECT e.seq, e.body, e.at, s.name AS source, e.source_line, e.stored_at
       FROM events e JOIN sources s ON s.id = e.source_id WHERE e.account = ? ORDER BY e.at, e.seq`,
    )
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. `:memory:` for tests. */
  static open(file: string): SqliteEventStore {
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
      migrate(db)
      return new SqliteEventStore(db, file)
    } catch (e) {
      db?.close()
      throw toStorageError(e, 'opening the database', file)
    }
  }

  async append(events: readonly EventInput[], storedAt: Instant): Promise<readonly AppendOutcome[]> {
    try {
      return this.db.transaction(() => this.appendInTransaction(events, storedAt))()
    } catch (e) {
      this.sourceIds.clear()
      throw toStorageError(e, `storing ${events.length} records`, this.file)
    }
  }

  private appendInTransaction(events: readonly EventInput[], storedAt: Instant): AppendOutcome[] {
    const states = new Map<string, AccountState | undefined>()
    const stateOf = (id: string) => (states.has(id) ? states.get(id) : states.set(id, this.loadState(id)).get(id))
    const registeredNow = new Set<string>()
    const stored = new Map<string, EventInput[]>()
    const outcomes = events.map((e): AppendOutcome => {
      if (e.type === 'account' && (registeredNow.has(e.account) || stateOf(e.account)?.registered === true)) {
        return this.duplicateOrConflict(e)
      }
      const { changes, lastInsertRowid } = this.insertEvent.run(
        e.account,
        e.digest,
        e.type,
        e.at,
        e.body,
        this.sourceId(e.source.name),
        e.source.line,
        storedAt,
      )
      if (changes === 0) return { kind: 'duplicate', seq: this.seqByDigest.get(e.account, e.digest) as EventSeq }
      if (e.type === 'account') registeredNow.add(e.account)
      const list = stored.get(e.account)
      if (list) list.push(e)
      else stored.set(e.account, [e])
      return { kind: 'stored', seq: Number(lastInsertRowid) as EventSeq }
    })
    for (const [id, added] of stored) {
      if (!added.some((e) => e.change !== undefined)) {
        this.bumpCounts(id, added)
        continue
      }
      const next = this.nextState(id, stateOf(id), added)
      this.upsertAccount.run(toAccountRow(next))
      this.upsertProfile.run(toProfileRow(next))
    }
    return outcomes
  }

  /**
   * Records that only count (sessions, listings, verifications) change an account's counters and time range: an
   * upsert in SQL, without reading the account or its declarations (the common case of an import).
   */
  private bumpCounts(id: string, added: readonly EventInput[]): void {
    let first = Number.POSITIVE_INFINITY
    let last = Number.NEGATIVE_INFINITY
    const n = { session: 0, listing: 0, verification: 0 }
    for (const e of added) {
      first = Math.min(first, e.at)
      last = Math.max(last, e.at)
      if (e.type === 'session' || e.type === 'listing' || e.type === 'verification') n[e.type] += 1
    }
    this.upsertCounts.run({ id, first, last, ...n })
  }

  /** The account's state after the events just stored; rebuilt from the whole log when one arrived out of order. */
  private nextState(id: string, state: AccountState | undefined, added: readonly EventInput[]): AccountState {
    let latest = state?.lastEventAt ?? Number.NEGATIVE_INFINITY
    let inOrder = true
    for (const e of added) {
      if (e.change !== undefined && e.at < latest) inOrder = false
      latest = Math.max(latest, e.at)
    }
    if (inOrder) return applyEvents(state ?? emptyAccountState(id as AccountId, added[0]!.at), added)
    const all = this.readEvents(id).map((ev) => toAccountEvent(ev.record, ev.at))
    return foldAccountEvents(id as AccountId, all)!
  }

  private writeState(state: AccountState): void {
    this.upsertAccount.run(toAccountRow(state))
    this.upsertProfile.run(toProfileRow(state))
  }

  /** A second `account` record for a registered account is a conflict, unless it is the very record stored before. */
  private duplicateOrConflict(e: EventInput): AppendOutcome {
    const seq = this.seqByDigest.get(e.account, e.digest) as EventSeq | undefined
    if (seq !== undefined) return { kind: 'duplicate', seq }
    return {
      kind: 'rejected',
      field: 'account',
      message: `account ${JSON.stringify(e.account)} is already registered; send an "update" record to change its profile`,
    }
  }

  private sourceId(name: string): number {
    const known = this.sourceIds.get(name)
    if (known !== undefined) return known
    this.db.prepare('INSERT INTO sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name)
    const id = this.db.prepare('SELECT id FROM sources WHERE name = ?').pluck().get(name) as number
    this.sourceIds.set(name, id)
    return id
  }

  private loadState(id: string): AccountState | undefined {
    const row = this.selectAccount.get(id) as AccountRow | undefined
    return row ? fromAccountRow(row, this.selectProfile.get(id) as ProfileRow | undefined) : undefined
  }

  private readEvents(id: string): StoredEvent[] {
    return (this.selectEvents.all(id) as EventRow[]).map((r) => ({
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

  async listEvents(id: AccountId): Promise<readonly StoredEvent[]> {
    return this.guard('reading events', () => this.readEvents(id))
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
      const states = new Map<string, AccountState>()
      for (const row of this.db
        .prepare('SELECT * FROM accounts WHERE registered = 1')
        .iterate() as Iterable<AccountRow>) {
        states.set(row.id, fromAccountRow(row, undefined))
      }
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
      const rows = this.db
        .prepare('SELECT account, type, at, body FROM events INDEXED BY events_by_account ORDER BY account')
        .raw()
        .iterate() as Iterable<[string, RecordType, number, string]>
      for (const [account, type, at, body] of rows) {
        if (account !== current) {
          flush()
          current = account
        }
        if (states.has(account)) events.push(toScannedEvent(type, at as Instant, body))
      }
      flush()
      return visited
    })
  }

  async rebuildState(): Promise<number> {
    return this.guard('rebuilding account state', () =>
      this.db.transaction(() => {
        this.db.exec('DELETE FROM accounts; DELETE FROM account_profiles')
        const ids = this.db.prepare('SELECT DISTINCT account FROM events').pluck().all() as string[]
        for (const id of ids) {
          const events = this.readEvents(id).map((ev) => toAccountEvent(ev.record, ev.at))
          const state = foldAccountEvents(id as AccountId, events)
          if (state) this.writeState(state)
        }
        return ids.length
      })(),
    )
  }

  /** The linkage runs, kept in the same database file. */
  linkageStore(): SqliteLinkageStore {
    return new SqliteLinkageStore(this.db, this.file)
  }

  async close(): Promise<void> {
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
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)').run(m.version)
    })()
  }
}
