import type Database from 'better-sqlite3'
import type { ReviewerRole } from '../../../core/access/reviewer.ts'
import { OnesellerError } from '../../../core/errors.ts'
import type { Instant } from '../../../core/time.ts'
import type { ReviewerSession, ReviewerStore, StoredReviewer } from '../../../ports/index.ts'
import { toStorageError } from './sqlite-errors.ts'
import { type SqliteStatements, statementsOf } from './sqlite-statements.ts'
import { writeGroupsOf } from './sqlite-write-groups.ts'

interface ReviewerRow {
  id: string
  name: string
  role: string
  password_hash: string
  created_at: number
  disabled_at: number | null
}

interface SessionRow {
  id_hash: string
  reviewer: string
  created_at: number
  expires_at: number
  revoked_at: number | null
}

const fromReviewerRow = (r: ReviewerRow): StoredReviewer => ({
  id: r.id,
  name: r.name,
  role: r.role as ReviewerRole,
  passwordHash: r.password_hash,
  createdAt: r.created_at as Instant,
  disabledAt: r.disabled_at as Instant | null,
})

const fromSessionRow = (r: SessionRow): ReviewerSession => ({
  idHash: r.id_hash,
  reviewer: r.reviewer,
  createdAt: r.created_at as Instant,
  expiresAt: r.expires_at as Instant,
  revokedAt: r.revoked_at as Instant | null,
})

/** Reviewers and sessions (migration 9), on the access stores' connection. */
export class SqliteReviewerStore implements ReviewerStore {
  private readonly sql: SqliteStatements

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.sql = statementsOf(db)
  }

  async insert(reviewer: StoredReviewer): Promise<void> {
    const inserted = this.guard('storing a reviewer', () =>
      this.sql
        .rows(
          `INSERT INTO reviewers (id, name, role, password_hash, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO NOTHING`,
        )
        .run(reviewer.id, reviewer.name, reviewer.role, reviewer.passwordHash, reviewer.createdAt, reviewer.disabledAt),
    )
    if (inserted.changes === 0) throw takenName()
  }

  async findByName(name: string): Promise<StoredReviewer | undefined> {
    const row = this.guard('reading a reviewer', () =>
      this.sql.rows('SELECT * FROM reviewers WHERE name = ?').get(name),
    ) as ReviewerRow | undefined
    return row === undefined ? undefined : fromReviewerRow(row)
  }

  async list(): Promise<readonly StoredReviewer[]> {
    const rows = this.guard('listing reviewers', () =>
      this.sql.rows('SELECT * FROM reviewers ORDER BY created_at, id').all(),
    ) as ReviewerRow[]
    return rows.map(fromReviewerRow)
  }

  async disable(name: string, at: Instant): Promise<StoredReviewer | undefined> {
    const row = this.guard('disabling a reviewer', () =>
      writeGroupsOf(this.db, this.file).write(() => {
        this.sql.rows('UPDATE reviewers SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL').run(at, name)
        const found = this.sql.rows('SELECT * FROM reviewers WHERE name = ?').get(name) as ReviewerRow | undefined
        if (found !== undefined) {
          this.sql
            .rows('UPDATE sessions SET revoked_at = ? WHERE reviewer = ? AND revoked_at IS NULL')
            .run(at, found.id)
        }
        return found
      }),
    )
    return row === undefined ? undefined : fromReviewerRow(row)
  }

  async insertSession(session: ReviewerSession): Promise<void> {
    this.guard('storing a session', () =>
      this.sql
        .rows('INSERT INTO sessions (id_hash, reviewer, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?)')
        .run(session.idHash, session.reviewer, session.createdAt, session.expiresAt, session.revokedAt),
    )
  }

  async findSession(
    idHash: string,
  ): Promise<{ readonly session: ReviewerSession; readonly reviewer: StoredReviewer } | undefined> {
    const row = this.guard('reading a session', () =>
      this.sql
        .rows(
          `SELECT s.id_hash, s.reviewer, s.created_at AS s_created_at, s.expires_at, s.revoked_at,
                  r.id, r.name, r.role, r.password_hash, r.created_at, r.disabled_at
           FROM sessions s JOIN reviewers r ON r.id = s.reviewer WHERE s.id_hash = ?`,
        )
        .get(idHash),
    ) as (ReviewerRow & Omit<SessionRow, 'created_at'> & { s_created_at: number }) | undefined
    if (row === undefined) return undefined
    return {
      session: fromSessionRow({ ...row, created_at: row.s_created_at }),
      reviewer: fromReviewerRow(row),
    }
  }

  async revokeSession(idHash: string, at: Instant): Promise<boolean> {
    return this.guard('signing a session out', () =>
      writeGroupsOf(this.db, this.file).write(() => {
        this.sql.rows('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL').run(at, idHash)
        return this.sql.rows('SELECT 1 FROM sessions WHERE id_hash = ?').get(idHash) !== undefined
      }),
    )
  }

  async forgetSessionsBefore(before: Instant): Promise<number> {
    return this.guard(
      'forgetting expired sessions',
      () => this.sql.rows('DELETE FROM sessions WHERE expires_at < ?').run(before).changes,
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

function takenName(): OnesellerError {
  return new OnesellerError(
    'conflict',
    'a reviewer with this name exists (disabled reviewers keep their names): choose another name',
  )
}
