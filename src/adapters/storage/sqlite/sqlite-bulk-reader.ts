import Database from 'better-sqlite3'

/** Rows read between two turns of the event loop. */
export const ROWS_PER_TURN = 5_000

/** Lets the event loop run (timers, I/O, requests waiting) before the read goes on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** What a whole-table read is given: the connection to read with, and a call to make after every row. */
export interface BulkRead {
  readonly db: Database.Database
  /**
   * Call after every row: every {@link ROWS_PER_TURN} rows it gives a promise that resolves on the next turn of the
   * event loop, to await; undefined otherwise, and then nothing is awaited (an await of nothing still lets other
   * code run in between).
   */
  readonly row: () => Promise<void> | undefined
}

/**
 * Reads of whole tables (a sweep's summaries of every account, a linkage run's clusters and links) that let the thread
 * answer requests meanwhile: each runs in one read transaction of a connection of its own (a snapshot: what commits
 * on the store's connection meanwhile is not seen, as within one transaction), and gives the event loop a turn every
 * {@link ROWS_PER_TURN} rows. On the store's connection a statement cannot be paused while others run, hence the
 * second connection; reads take turns on it. An in-memory database has no second connection: there the read runs on
 * the store's own, to its end, without a pause.
 */
export class SqliteBulkReader {
  private db: Database.Database | undefined
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly own: Database.Database,
  ) {}

  /** Runs `read` in a read transaction of the reading connection, after the reads asked for before it. */
  read<T>(read: (r: BulkRead) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.run(read))
    this.queue = run.catch(() => undefined)
    return run
  }

  close(): void {
    this.db?.close()
    this.db = undefined
  }

  private async run<T>(read: (r: BulkRead) => Promise<T>): Promise<T> {
    // Never paused, the read runs to its end before anything else runs: as one transaction.
    if (this.file === ':memory:') return read({ db: this.own, row: () => undefined })
    this.db ??= this.open()
    const db = this.db
    let rows = 0
    const row = () => (++rows % ROWS_PER_TURN === 0 ? nextTurn() : undefined)
    db.exec('BEGIN')
    try {
      return await read({ db, row })
    } finally {
      if (db.inTransaction) db.exec('COMMIT')
    }
  }

  private open(): Database.Database {
    const db = new Database(this.file, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    return db
  }
}
