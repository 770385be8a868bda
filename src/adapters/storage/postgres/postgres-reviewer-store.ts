import type { Pool } from 'pg'
import type { ReviewerRole } from '../../../core/access/reviewer.ts'
import { OnesellerError } from '../../../core/errors.ts'
import type { Instant } from '../../../core/time.ts'
import type { ReviewerSession, ReviewerStore, StoredReviewer } from '../../../ports/index.ts'
import { toPostgresError } from './postgres-errors.ts'

interface ReviewerRow {
  id: string
  name: string
  role: string
  password_hash: string
  created_at: string
  disabled_at: string | null
}

interface SessionRow {
  id_hash: string
  reviewer: string
  s_created_at: string
  expires_at: string
  revoked_at: string | null
}

// bigint columns arrive as strings: epoch milliseconds fit a double exactly.
const fromReviewerRow = (r: ReviewerRow): StoredReviewer => ({
  id: r.id,
  name: r.name,
  role: r.role as ReviewerRole,
  passwordHash: r.password_hash,
  createdAt: Number(r.created_at) as Instant,
  disabledAt: r.disabled_at === null ? null : (Number(r.disabled_at) as Instant),
})

const fromSessionRow = (r: SessionRow): ReviewerSession => ({
  idHash: r.id_hash,
  reviewer: r.reviewer,
  createdAt: Number(r.s_created_at) as Instant,
  expiresAt: Number(r.expires_at) as Instant,
  revokedAt: r.revoked_at === null ? null : (Number(r.revoked_at) as Instant),
})

/** Reviewers and sessions (migration 9) in the event store's schema, over its pool. */
export class PostgresReviewerStore implements ReviewerStore {
  constructor(
    private readonly pool: Pool,
    private readonly label: string,
  ) {}

  async insert(reviewer: StoredReviewer): Promise<void> {
    const rows = await this.query(
      'storing a reviewer',
      `INSERT INTO reviewers (id, name, role, password_hash, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [reviewer.id, reviewer.name, reviewer.role, reviewer.passwordHash, reviewer.createdAt, reviewer.disabledAt],
    )
    if (rows.length === 0) {
      throw new OnesellerError(
        'conflict',
        'a reviewer with this name exists (disabled reviewers keep their names): choose another name',
      )
    }
  }

  async findByName(name: string): Promise<StoredReviewer | undefined> {
    const [row] = await this.query<ReviewerRow>('reading a reviewer', 'SELECT * FROM reviewers WHERE name = $1', [name])
    return row === undefined ? undefined : fromReviewerRow(row)
  }

  async list(): Promise<readonly StoredReviewer[]> {
    const rows = await this.query<ReviewerRow>(
      'listing reviewers',
      'SELECT * FROM reviewers ORDER BY created_at, id',
      [],
    )
    return rows.map(fromReviewerRow)
  }

  async disable(name: string, at: Instant): Promise<StoredReviewer | undefined> {
    // One statement, so one transaction: disable unless disabled, end the open sessions, read the row either way.
    const [row] = await this.query<ReviewerRow>(
      'disabling a reviewer',
      `WITH disabled AS (
         UPDATE reviewers SET disabled_at = $2 WHERE name = $1 AND disabled_at IS NULL RETURNING *),
       ended AS (
         UPDATE sessions SET revoked_at = $2
         WHERE reviewer = (SELECT id FROM reviewers WHERE name = $1) AND revoked_at IS NULL RETURNING 1)
       SELECT * FROM disabled
       UNION ALL SELECT * FROM reviewers WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM disabled)`,
      [name, at],
    )
    return row === undefined ? undefined : fromReviewerRow(row)
  }

  async insertSession(session: ReviewerSession): Promise<void> {
    await this.query(
      'storing a session',
      'INSERT INTO sessions (id_hash, reviewer, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5)',
      [session.idHash, session.reviewer, session.createdAt, session.expiresAt, session.revokedAt],
    )
  }

  async findSession(
    idHash: string,
  ): Promise<{ readonly session: ReviewerSession; readonly reviewer: StoredReviewer } | undefined> {
    const [row] = await this.query<ReviewerRow & SessionRow>(
      'reading a session',
      `SELECT s.id_hash, s.reviewer, s.created_at AS s_created_at, s.expires_at, s.revoked_at,
              r.id, r.name, r.role, r.password_hash, r.created_at, r.disabled_at
       FROM sessions s JOIN reviewers r ON r.id = s.reviewer WHERE s.id_hash = $1`,
      [idHash],
    )
    return row === undefined ? undefined : { session: fromSessionRow(row), reviewer: fromReviewerRow(row) }
  }

  async revokeSession(idHash: string, at: Instant): Promise<boolean> {
    const rows = await this.query(
      'signing a session out',
      `WITH revoked AS (UPDATE sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL RETURNING 1)
       SELECT 1 FROM revoked UNION ALL SELECT 1 FROM sessions WHERE id_hash = $1 AND NOT EXISTS (SELECT 1 FROM revoked)`,
      [idHash, at],
    )
    return rows.length > 0
  }

  async forgetSessionsBefore(before: Instant): Promise<number> {
    const rows = await this.query<{ n: string }>(
      'forgetting expired sessions',
      'WITH gone AS (DELETE FROM sessions WHERE expires_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
      [before],
    )
    return Number(rows[0]?.n ?? 0)
  }

  private async query<R extends object>(doing: string, sql: string, values: readonly unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, [...values])).rows
    } catch (e) {
      throw toPostgresError(e, doing, this.label)
    }
  }
}
