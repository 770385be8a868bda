import type Database from 'better-sqlite3'
import {
  type AccountEvent,
  type AccountState,
  applyEvents,
  canApplyInOrder,
  emptyAccountState,
  foldAccountEvents,
} from '../../../core/accounts/index.ts'
import type { AccountId } from '../../../core/ids.ts'
import type { Instant } from '../../../core/time.ts'
import type { AppendOutcome, EventInput, FoldedAccount } from '../../../ports/index.ts'
import {
  type AccountRow,
  fromAccountRow,
  type ProfileRow,
  toAccountRow,
  toAccountValues,
  toProfileRow,
} from './account-row.ts'
import { SqliteEventLog } from './sqlite-event-log.ts'

/** A profile row as written for an account that never declared anything: what `toProfileRow` gives for it. */
const NO_PROFILE = { profile: '{}', identifiers: '[]' } as const

/**
 * The work of {@link SqliteEventStore.append} inside its transaction: appends the events to the log, then writes the
 * state of every account they touched, reading and writing no more of it than the events change.
 */
export class SqliteAppender {
  readonly log: SqliteEventLog
  private readonly selectAccount: Database.Statement
  private readonly selectProfile: Database.Statement
  private readonly upsertAccount: Database.Statement
  private readonly upsertCounts: Database.Statement
  private readonly upsertProfile: Database.Statement
  private readonly insertNoProfile: Database.Statement

  constructor(
    db: Database.Database,
    /** An account's events as stored, for the rare rebuild when one arrives out of time order. */
    private readonly accountEvents: (id: string) => AccountEvent[],
  ) {
    this.log = new SqliteEventLog(db)
    this.selectAccount = db.prepare('SELECT * FROM accounts WHERE id = ?')
    this.selectProfile = db.prepare('SELECT * FROM account_profiles WHERE id = ?')
    // Positional parameters: better-sqlite3 binds them faster than named ones.
    this.upsertAccount = db.prepare(
      'INSERT OR REPLACE INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.upsertCounts = db.prepare(
      `INSERT INTO accounts (id, registered, status, first_event_at, last_event_at, n_account, n_session, n_update,
         n_listing, n_verification, n_status)
       VALUES (?, 0, 'active', ?, ?, 0, ?, 0, ?, ?, 0)
       ON CONFLICT (id) DO UPDATE SET first_event_at = min(first_event_at, excluded.first_event_at),
         last_event_at = max(last_event_at, excluded.last_event_at), n_session = n_session + excluded.n_session,
         n_listing = n_listing + excluded.n_listing, n_verification = n_verification + excluded.n_verification`,
    )
    // In place: a replace would delete the row and insert it again at the end of the table and of its index.
    this.upsertProfile = db.prepare(
      `INSERT INTO account_profiles VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, identifiers = excluded.identifiers`,
    )
    this.insertNoProfile = db.prepare('INSERT INTO account_profiles VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING')
  }

  append(
    events: readonly EventInput[],
    storedAt: Instant,
    sourceIdOf: (name: string) => number,
    folded?: ReadonlyMap<string, FoldedAccount>,
  ): AppendOutcome[] {
    const rows = new Map<string, AccountRow | undefined>()
    const rowOf = (id: string) =>
      rows.has(id) ? rows.get(id) : rows.set(id, this.selectAccount.get(id) as AccountRow | undefined).get(id)
    const stored = new Map<string, EventInput[]>()
    const registeredNow = new Set<string>()
    const outcomes: AppendOutcome[] = new Array(events.length)
    // Events go to the log in groups, in input order; `pending` holds the next group, `at` their positions.
    let pending: EventInput[] = []
    let at: number[] = []
    let sourceName: string | undefined
    let sourceId = 0
    const flush = () => {
      const entries = this.log.append(pending, sourceId, storedAt)
      entries.forEach((entry, j) => {
        const e = pending[j] as EventInput
        outcomes[at[j] as number] = { kind: entry.stored ? 'stored' : 'duplicate', seq: entry.seq }
        if (!entry.stored) return
        const list = stored.get(e.account)
        if (list) list.push(e)
        else stored.set(e.account, [e])
      })
      pending = []
      at = []
    }
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as EventInput
      if (e.type === 'account') {
        if (registeredNow.has(e.account) || rowOf(e.account)?.registered === 1) {
          // Either the very record stored before (possibly earlier in this call: stored first), or a conflict.
          if (pending.length > 0) flush()
          outcomes[i] = this.duplicateOrConflict(e)
          continue
        }
        // An account not registered yet cannot hold this record (storing one registers it): it will be stored.
        registeredNow.add(e.account)
      }
      if (e.source.name !== sourceName) {
        if (pending.length > 0) flush()
        sourceName = e.source.name
        sourceId = sourceIdOf(sourceName)
      }
      pending.push(e)
      at.push(i)
    }
    if (pending.length > 0) flush()
    for (const [id, added] of stored) {
      const ahead = folded?.get(id)
      // Derived ahead from every one of the batch's events of the account, for an account new to the store: as is.
      if (ahead !== undefined && ahead.records === added.length && rowOf(id) === undefined) this.writeFolded(id, ahead)
      else this.deriveState(id, rowOf(id), added)
    }
    return outcomes
  }

  /** Writes the state of a new account as the parser derived it (see `FoldedAccount`). */
  private writeFolded(id: string, f: FoldedAccount): void {
    const c = f.eventCounts
    this.upsertAccount.run(
      id,
      f.registered ? 1 : 0,
      f.marketplace,
      f.kind,
      f.channelType,
      f.channelRef,
      f.status,
      f.registeredAt,
      f.firstEventAt,
      f.lastEventAt,
      c.account,
      c.session,
      c.update,
      c.listing,
      c.verification,
      c.status,
      f.verifications,
      f.problems,
    )
    this.upsertProfile.run(id, f.profile, f.identifiers)
  }

  /** Writes the state of an account after the events just stored for it. */
  private deriveState(id: string, row: AccountRow | undefined, added: readonly EventInput[]): void {
    let declares = false
    let changes = false
    for (const e of added) {
      if (e.change !== undefined) {
        changes = true
        if (e.type === 'account' || e.type === 'update') declares = true
      }
    }
    if (!changes) {
      this.bumpCounts(id, added)
      return
    }
    // Without its declarations: what the order check and the status and verification path need.
    const counted = row === undefined ? undefined : fromAccountRow(row, undefined)
    if (!canApplyInOrder(counted, added)) {
      // Rebuilt from the whole log, which now holds the events just stored.
      this.writeState(foldAccountEvents(id as AccountId, this.accountEvents(id)) as AccountState)
      return
    }
    if (declares) {
      const state =
        row === undefined ? undefined : fromAccountRow(row, this.selectProfile.get(id) as ProfileRow | undefined)
      this.writeState(applyEvents(state ?? emptyAccountState(id as AccountId, added[0]!.at), added))
      return
    }
    // Status, verification and counting records leave the declarations as they are: they are neither read nor
    // written again (the row keeps its problem codes), only created empty for an account that had none.
    const state = counted ?? emptyAccountState(id as AccountId, added[0]!.at)
    this.upsertAccount.run(toAccountValues(toAccountRow(applyEvents(state, added), row?.problems ?? '')))
    this.insertNoProfile.run(id, NO_PROFILE.profile, NO_PROFILE.identifiers)
  }

  /**
   * Records that only count (sessions, listings, verifications) change an account's counters and time range: an
   * upsert in SQL, without reading the account or its declarations (the common case of an import).
   */
  private bumpCounts(id: string, added: readonly EventInput[]): void {
    let first = Number.POSITIVE_INFINITY
    let last = Number.NEGATIVE_INFINITY
    let session = 0
    let listing = 0
    let verification = 0
    for (const e of added) {
      if (e.at < first) first = e.at
      if (e.at > last) last = e.at
      if (e.type === 'session') session += 1
      else if (e.type === 'listing') listing += 1
      else if (e.type === 'verification') verification += 1
    }
    this.upsertCounts.run(id, first, last, session, listing, verification)
  }

  writeState(state: AccountState): void {
    this.upsertAccount.run(toAccountValues(toAccountRow(state)))
    const p = toProfileRow(state)
    this.upsertProfile.run(p.id, p.profile, p.identifiers)
  }

  /** A second `account` record for a registered account is a conflict, unless it is the very record stored before. */
  private duplicateOrConflict(e: EventInput): AppendOutcome {
    const seq = this.log.seqOf(e)
    if (seq !== undefined) return { kind: 'duplicate', seq }
    return {
      kind: 'rejected',
      field: 'account',
      message: `account ${JSON.stringify(e.account)} is already registered; send an "update" record to change its profile`,
    }
  }
}
