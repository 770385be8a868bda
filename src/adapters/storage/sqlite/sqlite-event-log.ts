import type Database from 'better-sqlite3'
import type { EventSeq } from '../../../core/ids.ts'
import type { EventInput } from '../../../ports/index.ts'
import { DigestTable } from './digest-table.ts'

/**
 * Rows per multi-row INSERT: one statement call (and one result object) stores this many events, where a statement
 * per event spends about as much time crossing into the driver as in SQLite.
 */
const ROWS_PER_INSERT = 32
const COLUMNS = 8
const INSERT = 'INSERT INTO events (account, digest, type, at, body, source_id, source_line, stored_at) VALUES'
const ON_CONFLICT = 'ON CONFLICT (account, digest) DO NOTHING'
/** The index that finds an account's events and makes appends idempotent (migration 1). */
const INDEX_NAME = 'events_by_account'
const CREATE_INDEX = `CREATE UNIQUE INDEX IF NOT EXISTS ${INDEX_NAME} ON events (account, digest)`
/**
 * Records a bulk load keeps track of before it builds the index after all (the digest table then holds 48 MB): an
 * import of millions of records loads the first ones fast and the rest as any append, rather than hold a table that
 * grows with the input.
 */
export const MAX_BULK_RECORDS = 2 ** 22

/** Where an event went: its seq, and whether this call stored it or found it already there. */
export interface LogEntry {
  readonly seq: EventSeq
  readonly stored: boolean
}

/**
 * The log: events appended in order, idempotently (an account and digest already there is not stored again).
 *
 * Into an empty log, an import loads in bulk ({@link startBulkLoad}): the index on (account, digest) is dropped and
 * built once at the end ({@link finishBulkLoad}), so that each batch appends rows at the end of the table instead of
 * touching an index page per account at random places (and writing each to the write-ahead log at commit). Meanwhile
 * repeats are recognised by a table of the digests stored ({@link DigestTable}). A process that dies meanwhile leaves
 * the log without its index, which opening the store builds again ({@link ensureLogIndex}).
 */
export class SqliteEventLog {
  private readonly insertOne: Database.Statement
  private readonly insertMany: Database.Statement
  private readonly plainOne: Database.Statement
  private readonly plainMany: Database.Statement
  private readonly seqByDigest: Database.Statement
  private readonly rowBySeq: Database.Statement
  private readonly lastSeq: Database.Statement
  private readonly args: unknown[] = new Array(ROWS_PER_INSERT * COLUMNS)
  /**
   * The size of the bodies written so far, in bytes or characters as they came (a measure of how much the WAL grew,
   * for the store's checkpoints, not an exact one).
   */
  bodySizeWritten = 0
  /** Set while bulk loading: the digests stored since the load started. */
  private bulk: DigestTable | undefined

  constructor(private readonly db: Database.Database) {
    // The body as text, whether it comes as text or as its UTF-8 (`EventInput.bodyUtf8`: stored as TEXT all the same).
    const row = '(?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)'
    const rows = new Array(ROWS_PER_INSERT).fill(row).join(', ')
    this.insertOne = db.prepare(`${INSERT} ${row} ${ON_CONFLICT}`)
    this.insertMany = db.prepare(`${INSERT} ${rows} ${ON_CONFLICT}`)
    this.plainOne = db.prepare(`${INSERT} ${row}`)
    this.plainMany = db.prepare(`${INSERT} ${rows}`)
    this.seqByDigest = db.prepare('SELECT seq FROM events WHERE account = ? AND digest = ?').pluck()
    this.rowBySeq = db.prepare('SELECT account, digest FROM events WHERE seq = ?').raw()
    this.lastSeq = db.prepare('SELECT max(seq) FROM events').pluck()
  }

  /** Whether a bulk load is under way: the log has no index until {@link finishBulkLoad}. */
  get bulkLoading(): boolean {
    return this.bulk !== undefined
  }

  /**
   * Starts a bulk load when the log is empty (inside the caller's write transaction, so that no other writer appends
   * meanwhile); returns whether it did.
   */
  startBulkLoad(): boolean {
    if (this.bulk !== undefined) return true
    if (this.lastSeq.get() !== null || !hasLogIndex(this.db)) return false
    this.db.exec(`DROP INDEX ${INDEX_NAME}`)
    this.bulk = new DigestTable()
    return true
  }

  /** Ends a bulk load: the index is built from the rows loaded (and the appends that follow check it again). */
  finishBulkLoad(): void {
    if (this.bulk === undefined) return
    this.bulk = undefined
    this.db.exec(CREATE_INDEX)
  }

  /** Leaves a bulk load without building the index (a failed transaction: the next opening of the store builds it). */
  abandonBulkLoad(): void {
    this.bulk = undefined
  }

  /** The seq of the event with this account and digest, if the log holds it. */
  seqOf(e: EventInput): EventSeq | undefined {
    if (this.bulk === undefined) return this.seqByDigest.get(e.account, e.digest) as EventSeq | undefined
    for (const seq of this.bulk.candidates(e.digest)) {
      const [account, digest] = this.rowBySeq.get(seq) as [string, Uint8Array]
      if (account === e.account && Buffer.compare(digest, e.digest) === 0) return seq as EventSeq
    }
    return undefined
  }

  /** Appends the events in order; `sourceId` is the id of the source they all come from. */
  append(events: readonly EventInput[], sourceId: number, storedAt: number): LogEntry[] {
    if (this.bulk !== undefined) {
      // Another connection (a process opening the store meanwhile) may have built the index: append as usual then.
      if (hasLogIndex(this.db)) this.bulk = undefined
      else if (this.bulk.size + events.length > MAX_BULK_RECORDS) this.finishBulkLoad()
      else return this.appendBulk(this.bulk, events, { sourceId, storedAt })
    }
    const entries: LogEntry[] = []
    // The largest seq in the log, kept up to date group by group rather than asked of SQLite for each.
    const common = { sourceId, storedAt, top: (this.lastSeq.get() as number | null) ?? 0 }
    let i = 0
    for (; i + ROWS_PER_INSERT <= events.length; i += ROWS_PER_INSERT) this.appendGroup(events, i, common, entries)
    for (; i < events.length; i++) entries.push(this.appendOne(events[i] as EventInput, sourceId, storedAt))
    return entries
  }

  /**
   * Appends to a log without its index: the seq of each new record is known before it is inserted (one more than the
   * largest, nothing being deleted), so repeats inside the batch are found in the digest table too.
   */
  private appendBulk(
    table: DigestTable,
    events: readonly EventInput[],
    common: { sourceId: number; storedAt: number },
  ): LogEntry[] {
    const entries: LogEntry[] = new Array(events.length)
    let top = (this.lastSeq.get() as number | null) ?? 0
    /** New records not inserted yet, and the seq the first of them will get. */
    let waiting: EventInput[] = []
    let firstWaiting = top + 1
    const insertWaiting = () => {
      this.insertPlain(waiting, firstWaiting, common)
      waiting = []
      firstWaiting = top + 1
    }
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as EventInput
      const candidates = table.candidates(e.digest)
      // A candidate may be waiting in this batch: insert those first, so that the check below reads it.
      if (candidates.length > 0 && waiting.length > 0) insertWaiting()
      const seq = candidates.length === 0 ? undefined : this.seqOf(e)
      if (seq !== undefined) {
        entries[i] = { seq, stored: false }
        continue
      }
      top += 1
      table.add(e.digest, top)
      waiting.push(e)
      entries[i] = { seq: top as EventSeq, stored: true }
    }
    if (waiting.length > 0) insertWaiting()
    return entries
  }

  /** Inserts new records, which must get the seqs from `first` on. */
  private insertPlain(
    events: readonly EventInput[],
    first: number,
    common: { sourceId: number; storedAt: number },
  ): void {
    let i = 0
    let last = 0
    for (; i + ROWS_PER_INSERT <= events.length; i += ROWS_PER_INSERT) {
      this.bind(events, i, common)
      last = Number(this.plainMany.run(this.args).lastInsertRowid)
    }
    for (; i < events.length; i++) {
      const e = events[i] as EventInput
      last = Number(
        this.plainOne.run(
          e.account,
          e.digest,
          e.type,
          e.at,
          this.bodyOf(e),
          common.sourceId,
          e.source.line,
          common.storedAt,
        ).lastInsertRowid,
      )
    }
    if (last !== first + events.length - 1) {
      throw new Error(`bulk load: rows stored up to seq ${last}, expected ${first + events.length - 1}`)
    }
  }

  private bind(events: readonly EventInput[], from: number, common: { sourceId: number; storedAt: number }): void {
    const args = this.args
    let k = 0
    for (let i = from; i < from + ROWS_PER_INSERT; i++) {
      const e = events[i] as EventInput
      args[k++] = e.account
      args[k++] = e.digest
      args[k++] = e.type
      args[k++] = e.at
      args[k++] = this.bodyOf(e)
      args[k++] = common.sourceId
      args[k++] = e.source.line
      args[k++] = common.storedAt
    }
  }

  private appendGroup(
    events: readonly EventInput[],
    from: number,
    common: { sourceId: number; storedAt: number; top: number },
    entries: LogEntry[],
  ): void {
    this.bind(events, from, common)
    const before = common.top
    const { changes, lastInsertRowid } = this.insertMany.run(this.args)
    // A seq is the rowid, one more than the largest: the last row this statement stored has the largest.
    if (changes > 0) common.top = Number(lastInsertRowid)
    if (changes === ROWS_PER_INSERT) {
      // Every row went in, one after another: a new row's seq is one more than the largest in the table.
      let seq = Number(lastInsertRowid) - changes
      for (let i = 0; i < ROWS_PER_INSERT; i++) entries.push({ seq: ++seq as EventSeq, stored: true })
      return
    }
    // Some were there already, or twice in the group: a row this statement stored has a seq above `before`, and
    // only its first occurrence counts as stored.
    const claimed = new Set<number>()
    for (let i = from; i < from + ROWS_PER_INSERT; i++) {
      const seq = this.seqOf(events[i] as EventInput) as EventSeq
      const stored = seq > before && !claimed.has(seq)
      if (stored) claimed.add(seq)
      entries.push({ seq, stored })
    }
  }

  /** The body to bind: its UTF-8 when at hand (no decoding), else its text; counted in {@link bodySizeWritten}. */
  private bodyOf(e: EventInput): string | Uint8Array {
    const body = e.bodyUtf8 ?? e.body
    this.bodySizeWritten += body.length
    return body
  }

  private appendOne(e: EventInput, sourceId: number, storedAt: number): LogEntry {
    const { changes, lastInsertRowid } = this.insertOne.run(
      e.account,
      e.digest,
      e.type,
      e.at,
      this.bodyOf(e),
      sourceId,
      e.source.line,
      storedAt,
    )
    if (changes === 0) return { seq: this.seqOf(e) as EventSeq, stored: false }
    return { seq: Number(lastInsertRowid) as EventSeq, stored: true }
  }
}

function hasLogIndex(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(INDEX_NAME) === 1
}

/**
 * Builds the log's index when a bulk load left the log without it (its process died before the end): appends need
 * it to recognise repeats, and migrations may read accounts' events. Nothing else is to repair: each batch committed
 * its events with the state they derive. Does nothing to a file without a log yet.
 */
export function ensureLogIndex(db: Database.Database): void {
  const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").pluck().get() === 1
  if (hasLog && !hasLogIndex(db)) db.exec(CREATE_INDEX)
}
