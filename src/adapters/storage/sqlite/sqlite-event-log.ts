import type Database from 'better-sqlite3'
import type { EventSeq } from '../../../core/ids.ts'
import type { EventInput } from '../../../ports/index.ts'

/**
 * Rows per multi-row INSERT: one statement call (and one result object) stores this many events, where a statement
 * per event spends about as much time crossing into the driver as in SQLite.
 */
const ROWS_PER_INSERT = 32
const COLUMNS = 8
const INSERT = 'INSERT INTO events (account, digest, type, at, body, source_id, source_line, stored_at) VALUES'
const ON_CONFLICT = 'ON CONFLICT (account, digest) DO NOTHING'

/** Where an event went: its seq, and whether this call stored it or found it already there. */
export interface LogEntry {
  readonly seq: EventSeq
  readonly stored: boolean
}

/** The log: events appended in order, idempotently (an account and digest already there is not stored again). */
export class SqliteEventLog {
  private readonly insertOne: Database.Statement
  private readonly insertMany: Database.Statement
  private readonly seqByDigest: Database.Statement
  private readonly lastSeq: Database.Statement
  private readonly args: unknown[] = new Array(ROWS_PER_INSERT * COLUMNS)

  constructor(db: Database.Database) {
    const row = `(${new Array(COLUMNS).fill('?').join(', ')})`
    this.insertOne = db.prepare(`${INSERT} ${row} ${ON_CONFLICT}`)
    this.insertMany = db.prepare(`${INSERT} ${new Array(ROWS_PER_INSERT).fill(row).join(', ')} ${ON_CONFLICT}`)
    this.seqByDigest = db.prepare('SELECT seq FROM events WHERE account = ? AND digest = ?').pluck()
    this.lastSeq = db.prepare('SELECT max(seq) FROM events').pluck()
  }

  /** The seq of the event with this account and digest, if the log holds it. */
  seqOf(e: EventInput): EventSeq | undefined {
    return this.seqByDigest.get(e.account, e.digest) as EventSeq | undefined
  }

  /** Appends the events in order; `sourceId` is the id of the source they all come from. */
  append(events: readonly EventInput[], sourceId: number, storedAt: number): LogEntry[] {
    const entries: LogEntry[] = []
    // The largest seq in the log, kept up to date group by group rather than asked of SQLite for each.
    const common = { sourceId, storedAt, top: (this.lastSeq.get() as number | null) ?? 0 }
    let i = 0
    for (; i + ROWS_PER_INSERT <= events.length; i += ROWS_PER_INSERT) this.appendGroup(events, i, common, entries)
    for (; i < events.length; i++) entries.push(this.appendOne(events[i] as EventInput, sourceId, storedAt))
    return entries
  }

  private appendGroup(
    events: readonly EventInput[],
    from: number,
    common: { sourceId: number; storedAt: number; top: number },
    entries: LogEntry[],
  ): void {
    const args = this.args
    let k = 0
    for (let i = from; i < from + ROWS_PER_INSERT; i++) {
      const e = events[i] as EventInput
      args[k++] = e.account
      args[k++] = e.digest
      args[k++] = e.type
      args[k++] = e.at
      args[k++] = e.body
      args[k++] = common.sourceId
      args[k++] = e.source.line
      args[k++] = common.storedAt
    }
    const before = common.top
    const { changes, lastInsertRowid } = this.insertMany.run(args)
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

  private appendOne(e: EventInput, sourceId: number, storedAt: number): LogEntry {
    const { changes, lastInsertRowid } = this.insertOne.run(
      e.account,
      e.digest,
      e.type,
      e.at,
      e.body,
      sourceId,
      e.source.line,
      storedAt,
    )
    if (changes === 0) return { seq: this.seqOf(e) as EventSeq, stored: false }
    return { seq: Number(lastInsertRowid) as EventSeq, stored: true }
  }
}
