import type Database from 'better-sqlite3'
import { toStorageError, toWriteError } from './sqlite-errors.ts'

/**
 * Grouped commits on one connection, for a server: with grouping on, the first write of a turn of the event loop opens
 * one transaction (taking the writer lock), every write of the same turn runs inside it as a savepoint of its own (a
 * write that fails undoes only itself), and the transaction commits once, after the turn. A server answers a request
 * that wrote only once `committed` has resolved, so nothing is acknowledged before it is in the file; a commit that
 * fails rejects every waiter (and rolls the whole group back), so nothing of the group is acknowledged either.
 *
 * Statements of the turn also read inside the open transaction instead of taking the file's read lock one statement
 * at a time. With grouping off (commands, tests) every write commits at once, as a transaction of its own.
 */
/** A group commits early once it holds this many writes or has been open this long. */
const MAX_GROUP_WRITES = 256
const MAX_GROUP_MS = 10

export class SqliteWriteGroups {
  private enabled = false
  private open = false
  /** Counts writes: a request that saw it change wrote something, or shared a group with a write. */
  private writes = 0
  /** Groups opened so far: a group committed early is not committed again by the turn's end. */
  private groups = 0
  /** Writes in the open group, and when it opened (ms, monotonic). */
  private grouped = 0
  private openedAt = 0
  /** Writes running now (a write may call another): a group never commits in the middle of one. */
  private depth = 0
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = []
  private readonly begin: Database.Statement
  private readonly commitStatement: Database.Statement

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    /** When a group commits early (tests set them apart: the time limit depends on the machine's load). */
    private readonly limits: { readonly writes: number; readonly ms: number } = {
      writes: MAX_GROUP_WRITES,
      ms: MAX_GROUP_MS,
    },
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE')
    this.commitStatement = db.prepare('COMMIT')
  }

  /** Groups the commits of each turn from now on (`oneseller serve`). */
  enable(): void {
    this.enabled = true
  }

  /** The number of writes so far: compare two readings to know whether anything was written in between. */
  get generation(): number {
    return this.writes
  }

  /**
   * Runs `f` as one write: inside the open group (as a savepoint) when grouping, else in a transaction of its own that
   * takes the writer lock at BEGIN.
   */
  write<T>(f: () => T): T {
    this.writes++
    // A turn that writes on and on (a sweep applied in chunks without yielding) commits as it goes: a group holds
    // the writer lock, and what it wrote stays invisible to other processes until it commits.
    if (
      this.open &&
      this.depth === 0 &&
      (this.grouped >= this.limits.writes || performance.now() - this.openedAt >= this.limits.ms)
    ) {
      this.commit()
    }
    if (this.enabled && !this.db.inTransaction) {
      this.begin.run()
      this.open = true
      this.grouped = 0
      this.openedAt = performance.now()
      const opened = ++this.groups
      setImmediate(() => {
        if (this.groups === opened) this.commit()
      })
    }
    this.grouped++
    this.depth++
    try {
      return this.db.transaction(f).immediate()
    } finally {
      this.depth--
    }
  }

  /** Resolves once every write made so far is committed (at once when none waits for a commit). */
  committed(): Promise<void> {
    if (!this.open) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  /** Commits the open group now (before the connection closes, or before a write that must not wait). */
  flush(): void {
    if (this.open) this.commit()
  }

  private commit(): void {
    if (!this.open) return
    this.open = false
    const waiters = this.waiters
    this.waiters = []
    try {
      if (this.db.inTransaction) this.commitStatement.run()
    } catch (e) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
      } catch {
        // The connection is gone: the transaction went with it.
      }
      const error = toStorageError(e, 'committing', this.file)
      for (const w of waiters) w.reject(error)
      return
    }
    for (const w of waiters) w.resolve()
  }
}

const groups = new WeakMap<Database.Database, SqliteWriteGroups>()

/** The write groups of a connection (one per connection, shared by every store on it). */
export function writeGroupsOf(db: Database.Database, file: string): SqliteWriteGroups {
  let g = groups.get(db)
  if (g === undefined) {
    g = new SqliteWriteGroups(db, file)
    groups.set(db, g)
  }
  return g
}

/**
 * Runs `f` as one write that takes the file's writer lock at BEGIN (inside the open group when the connection groups
 * its commits); errors as {@link toWriteError}.
 */
export function writeImmediate<T>(db: Database.Database, file: string, doing: string, f: () => T): T {
  try {
    return writeGroupsOf(db, file).write(f)
  } catch (e) {
    throw toWriteError(e, doing, file)
  }
}
