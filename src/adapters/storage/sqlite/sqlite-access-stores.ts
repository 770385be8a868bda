import Database from 'better-sqlite3'
import type { ApiKeyScope } from '../../../core/access/api-key.ts'
import { OnesellerError } from '../../../core/errors.ts'
import type { Instant } from '../../../core/time.ts'
import type { ApiKeyStore, IdempotencyStore, ReviewerStore, SavedAnswer, StoredApiKey } from '../../../ports/index.ts'
import { toStorageError } from './sqlite-errors.ts'
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts'
import { SqliteReviewerStore } from './sqlite-reviewer-store.ts'
import { type SqliteStatements, statementsOf } from './sqlite-statements.ts'
import { writeGroupsOf } from './sqlite-write-groups.ts'

interface ApiKeyRow {
  id: string
  name: string
  scopes: string
  hash: string
  created_at: number
  revoked_at: number | null
}

interface AnswerRow {
  fingerprint: string
  answer: string
  saved_at: number
}

const fromApiKeyRow = (r: ApiKeyRow): StoredApiKey => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes.split(' ').filter((s) => s !== '') as ApiKeyScope[],
  hash: r.hash,
  createdAt: r.created_at as Instant,
  revokedAt: r.revoked_at as Instant | null,
})

/** The schema version that holds these tables (migration 3). */
const ACCESS_VERSION = 3

/**
 * API keys, idempotent answers, reviewers and their sessions, on a connection of their own to the event store's file (whose opening migrated it;
 * `:memory:` gets a database of its own, migrated here). The HTTP server's few writes here never wait on an import
 * for long: SQLite's writer lock is held one batch at a time.
 */
export class SqliteAccessStores {
  readonly apiKeys: ApiKeyStore
  readonly idempotency: IdempotencyStore
  readonly reviewers: ReviewerStore

  private constructor(
    private readonly db: Database.Database,
    file: string,
    /** Whether closing these stores closes the connection (not when it is the event store's). */
    private readonly owned = true,
  ) {
    this.apiKeys = new SqliteApiKeyStore(db, file)
    this.idempotency = new SqliteIdempotencyStore(db, file)
    this.reviewers = new SqliteReviewerStore(db, file)
  }

  static open(file: string): SqliteAccessStores {
    let db: Database.Database | undefined
    try {
      db = new Database(file, { fileMustExist: file !== ':memory:' })
      db.pragma('busy_timeout = 5000')
      if (file === ':memory:') {
        for (const m of SQLITE_MIGRATIONS) db.exec(m.sql)
      } else if (schemaVersion(db) < ACCESS_VERSION) {
        throw new OnesellerError('storage_unavailable', `${file} has no API key tables yet: open it as a store first`)
      }
      return new SqliteAccessStores(db, file)
    } catch (e) {
      db?.close()
      throw toStorageError(e, 'opening the API key tables', file)
    }
  }

  /**
   * The same tables on the event store's connection (a server): their writes then join its grouped commits instead
   * of waiting for its writer lock from a second connection.
   */
  static over(db: Database.Database, file: string): SqliteAccessStores {
    return new SqliteAccessStores(db, file, false)
  }

  close(): void {
    if (this.owned && this.db.open) this.db.close()
  }
}

function schemaVersion(db: Database.Database): number {
  const migrated = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get()
  if (migrated === undefined) return 0
  return (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0
}

class SqliteApiKeyStore implements ApiKeyStore {
  private readonly sql: SqliteStatements

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.sql = statementsOf(db)
  }

  async insert(key: StoredApiKey): Promise<void> {
    this.guard('storing an API key', () =>
      this.sql
        .rows('INSERT INTO api_keys (id, name, scopes, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(key.id, key.name, key.scopes.join(' '), key.hash, key.createdAt, key.revokedAt),
    )
  }

  async findByHash(hash: string): Promise<StoredApiKey | undefined> {
    const row = this.guard('reading an API key', () =>
      this.sql.rows('SELECT * FROM api_keys WHERE hash = ?').get(hash),
    ) as ApiKeyRow | undefined
    return row === undefined ? undefined : fromApiKeyRow(row)
  }

  async list(): Promise<readonly StoredApiKey[]> {
    const rows = this.guard('listing API keys', () =>
      this.sql.rows('SELECT * FROM api_keys ORDER BY created_at, id').all(),
    ) as ApiKeyRow[]
    return rows.map(fromApiKeyRow)
  }

  async revoke(id: string, at: Instant): Promise<StoredApiKey | undefined> {
    const row = this.guard('revoking an API key', () =>
      writeGroupsOf(this.db, this.file).write(() => {
        this.sql.rows('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        return this.sql.rows('SELECT * FROM api_keys WHERE id = ?').get(id)
      }),
    ) as ApiKeyRow | undefined
    return row === undefined ? undefined : fromApiKeyRow(row)
  }

  private guard<T>(doing: string, f: () => T): T {
    try {
      return f()
    } catch (e) {
      throw toStorageError(e, doing, this.file)
    }
  }
}

class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly sql: SqliteStatements

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.sql = statementsOf(db)
  }

  async find(owner: string, key: string): Promise<SavedAnswer | undefined> {
    const row = this.guard('reading an idempotent answer', () =>
      this.sql
        .rows('SELECT fingerprint, answer, saved_at FROM idempotency_keys WHERE owner = ? AND key = ?')
        .get(owner, key),
    ) as AnswerRow | undefined
    return row === undefined ? undefined : fromAnswerRow(row)
  }

  async save(owner: string, key: string, saved: SavedAnswer): Promise<SavedAnswer> {
    const row = this.guard('saving an idempotent answer', () =>
      writeGroupsOf(this.db, this.file).write(() => {
        this.sql
          .rows(
            'INSERT INTO idempotency_keys (owner, key, fingerprint, answer, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          )
          .run(owner, key, saved.fingerprint, saved.answer, saved.savedAt)
        return this.sql
          .rows('SELECT fingerprint, answer, saved_at FROM idempotency_keys WHERE owner = ? AND key = ?')
          .get(owner, key)
      }),
    ) as AnswerRow
    return fromAnswerRow(row)
  }

  async forgetBefore(before: Instant): Promise<number> {
    return this.guard(
      'forgetting old idempotent answers',
      () => this.sql.rows('DELETE FROM idempotency_keys WHERE saved_at < ?').run(before).changes,
    )
  }

  private guard<T>(doing: string, f: () => T): T {
    try {
      return f()
    } catch (e) {
      throw toStorageError(e, doing, this.file)
    }
  }
}

function fromAnswerRow(r: AnswerRow): SavedAnswer {
  return { fingerprint: r.fingerprint, answer: r.answer, savedAt: r.saved_at as Instant }
}
