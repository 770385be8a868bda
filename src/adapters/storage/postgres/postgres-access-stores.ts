import type { Pool } from 'pg'
import type { ApiKeyScope } from '../../../core/access/api-key.ts'
import type { Instant } from '../../../core/time.ts'
import type { ApiKeyStore, IdempotencyStore, ReviewerStore, SavedAnswer, StoredApiKey } from '../../../ports/index.ts'
import { toPostgresError } from './postgres-errors.ts'
import { PostgresReviewerStore } from './postgres-reviewer-store.ts'

interface ApiKeyRow {
  id: string
  name: string
  scopes: string
  hash: string
  created_at: string
  revoked_at: string | null
}

interface AnswerRow {
  fingerprint: string
  answer: string
  saved_at: string
}

// bigint columns arrive as strings: epoch milliseconds fit a double exactly.
const fromApiKeyRow = (r: ApiKeyRow): StoredApiKey => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes.split(' ').filter((s) => s !== '') as ApiKeyScope[],
  hash: r.hash,
  createdAt: Number(r.created_at) as Instant,
  revokedAt: r.revoked_at === null ? null : (Number(r.revoked_at) as Instant),
})

const fromAnswerRow = (r: AnswerRow): SavedAnswer => ({
  fingerprint: r.fingerprint,
  answer: r.answer,
  savedAt: Number(r.saved_at) as Instant,
})

/** API keys and idempotent answers (migration 3), reviewers and sessions (migration 9), in the event store's schema. */
export class PostgresAccessStores {
  readonly apiKeys: ApiKeyStore
  readonly idempotency: IdempotencyStore
  readonly reviewers: ReviewerStore

  constructor(pool: Pool, label: string) {
    this.reviewers = new PostgresReviewerStore(pool, label)
    const query = async <R extends object>(doing: string, sql: string, values: readonly unknown[]): Promise<R[]> => {
      try {
        return (await pool.query<R>(sql, [...values])).rows
      } catch (e) {
        throw toPostgresError(e, doing, label)
      }
    }
    this.apiKeys = {
      async insert(key) {
        await query(
          'storing an API key',
          'INSERT INTO api_keys (id, name, scopes, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [key.id, key.name, key.scopes.join(' '), key.hash, key.createdAt, key.revokedAt],
        )
      },
      async findByHash(hash) {
        const [row] = await query<ApiKeyRow>('reading an API key', 'SELECT * FROM api_keys WHERE hash = $1', [hash])
        return row === undefined ? undefined : fromApiKeyRow(row)
      },
      async list() {
        return (await query<ApiKeyRow>('listing API keys', 'SELECT * FROM api_keys ORDER BY created_at, id', [])).map(
          fromApiKeyRow,
        )
      },
      async revoke(id, at) {
        // One statement: set the time unless already revoked, and read the row either way.
        const [row] = await query<ApiKeyRow>(
          'revoking an API key',
          `WITH revoked AS (UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING *)
           SELECT * FROM revoked UNION ALL SELECT * FROM api_keys WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM revoked)`,
          [id, at],
        )
        return row === undefined ? undefined : fromApiKeyRow(row)
      },
    } satisfies ApiKeyStore
    this.idempotency = {
      async find(owner, key) {
        const [row] = await query<AnswerRow>(
          'reading an idempotent answer',
          'SELECT fingerprint, answer, saved_at FROM idempotency_keys WHERE owner = $1 AND key = $2',
          [owner, key],
        )
        return row === undefined ? undefined : fromAnswerRow(row)
      },
      async save(owner, key, saved) {
        const [row] = await query<AnswerRow>(
          'saving an idempotent answer',
          `WITH inserted AS (
             INSERT INTO idempotency_keys (owner, key, fingerprint, answer, saved_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (owner, key) DO NOTHING RETURNING fingerprint, answer, saved_at)
           SELECT * FROM inserted
           UNION ALL SELECT fingerprint, answer, saved_at FROM idempotency_keys
           WHERE owner = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
          [owner, key, saved.fingerprint, saved.answer, saved.savedAt],
        )
        if (row === undefined) throw new Error('an idempotent answer was neither saved nor found')
        return fromAnswerRow(row)
      },
      async forgetBefore(before) {
        const rows = await query<{ n: string }>(
          'forgetting old idempotent answers',
          'WITH gone AS (DELETE FROM idempotency_keys WHERE saved_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
          [before],
        )
        return Number(rows[0]?.n ?? 0)
      },
    } satisfies IdempotencyStore
  }
}
