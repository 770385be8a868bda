import type Database from 'better-sqlite3'

/** How a statement returns its rows: objects, the first column alone (`pluck`), or arrays of columns (`raw`). */
type RowShape = 'rows' | 'pluck' | 'raw'

/**
 * The prepared statements of one connection, by SQL text: each is prepared on its first use and reused after.
 * Preparing (parsing and planning the SQL) costs more than running a small query, and the server runs the same few
 * statements on every request. Shared by every store on the connection (see {@link statementsOf}).
 *
 * A statement that is being iterated cannot run again until the iteration ends: statements used with `iterate()` are
 * safe here only when nothing inside the loop runs the same SQL (the scans prepare their own).
 */
export class SqliteStatements {
  private readonly prepared = new Map<string, Database.Statement>()

  constructor(private readonly db: Database.Database) {}

  /** Rows as objects keyed by column name. */
  rows(sql: string): Database.Statement {
    return this.statement(sql, 'rows')
  }

  /** The first column of each row alone. */
  pluck(sql: string): Database.Statement {
    return this.statement(sql, 'pluck')
  }

  /** Each row as an array of its columns. */
  raw(sql: string): Database.Statement {
    return this.statement(sql, 'raw')
  }

  private statement(sql: string, shape: RowShape): Database.Statement {
    // The shape is a mode of the statement object: one statement per SQL text and shape.
    const key = shape === 'rows' ? sql : `${shape}\u0000${sql}`
    let stmt = this.prepared.get(key)
    if (stmt === undefined) {
      stmt = this.db.prepare(sql)
      if (shape === 'pluck') stmt.pluck()
      else if (shape === 'raw') stmt.raw()
      this.prepared.set(key, stmt)
    }
    return stmt
  }
}

const byConnection = new WeakMap<Database.Database, SqliteStatements>()

/**
 * The statement cache of a connection: the event, policy, linkage and access stores on one connection share it (and
 * the functions they share, such as the audit append), so a statement is prepared once per connection. The SQL texts
 * are the stores' own, a bounded set: statements built from data (a list of values) bind it as a JSON parameter.
 */
export function statementsOf(db: Database.Database): SqliteStatements {
  let cache = byConnection.get(db)
  if (cache === undefined) {
    cache = new SqliteStatements(db)
    byConnection.set(db, cache)
  }
  return cache
}
