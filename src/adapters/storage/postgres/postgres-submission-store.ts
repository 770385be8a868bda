import type { Pool, PoolClient } from 'pg'
import { OnesellerError } from '../../../core/errors.ts'
import { hammingDistance } from '../../../core/identifiers/index.ts'
import type { Instant } from '../../../core/time.ts'
import type {
  ImageHashMatch,
  NewSubmission,
  Submission,
  SubmissionDecision,
  SubmissionFileEntry,
  SubmissionMethod,
  SubmissionState,
  SubmissionStore,
} from '../../../ports/index.ts'
import {
  decidedAudit,
  faceFromBytes,
  faceToBytes,
  filesBySubmission,
  fromSubmissionRow,
  imageHashBandKeys,
  imageHashProbeKeys,
  inReviewAudit,
  MAX_IMAGE_HASH_DISTANCE,
  receivedAudit,
  SUBMISSION_COLUMNS,
  type SubmissionFileRow,
  type SubmissionRow,
  submissionNotFound,
  submissionNotInReview,
  toFileEntry,
} from '../submission-records.ts'
import { toPostgresError } from './postgres-errors.ts'
import { appendChained, LOCK_AUDIT_WRITERS } from './postgres-policy-store.ts'
import { inTransaction } from './postgres-transaction.ts'

const FILE_COLUMNS = 'id, submission, role, mime, size, sha256'

type Queryable = Pick<PoolClient, 'query'>

/**
 * Submissions, their files (bytea) and the image-hash band index in the event store's schema (migration 10). Writes
 * take the audit writers' lock first, as the policy and workflow stores' do, so the trail stays one chain.
 */
export class PostgresSubmissionStore implements SubmissionStore {
  constructor(
    private readonly pool: Pool,
    private readonly label: string,
  ) {}

  async receive(s: NewSubmission): Promise<{ readonly submission: Submission; readonly created: boolean }> {
    return this.write(`storing a ${s.method} submission of ${s.files.length} files`, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO submissions (account, requirement, method, state, fingerprint, fields, checks, document_key, face, record,
           created_at, created_by)
         VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
        [
          s.account,
          s.requirement,
          s.method,
          s.fingerprint,
          JSON.stringify(s.fields),
          JSON.stringify(s.checks),
          s.documentKey,
          s.face === null ? null : Buffer.from(faceToBytes(s.face)),
          s.record,
          s.createdAt,
          s.createdBy,
        ],
      )
      const id = rows[0] === undefined ? undefined : Number(rows[0].id)
      if (id === undefined) {
        const existing = await byFingerprint(client, s.account, s.method, s.fingerprint)
        if (existing === undefined) throw new Error('a submission conflicted on its fingerprint and cannot be found')
        return { submission: existing, created: false }
      }
      for (const f of s.files) {
        const file = await client.query<{ id: string }>(
          `INSERT INTO submission_files (submission, role, mime, size, sha256, bytes)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            id,
            f.role,
            f.mime,
            f.bytes.byteLength,
            f.sha256,
            Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
          ],
        )
        if (f.imageHash === undefined) continue
        const hash = f.imageHash.toLowerCase()
        const image = await client.query<{ id: string }>(
          'INSERT INTO image_hashes (hash, account, submission, file) VALUES ($1, $2, $3, $4) RETURNING id',
          [hash, s.account, id, file.rows[0]!.id],
        )
        await client.query(
          `INSERT INTO image_hash_bands (key, image) SELECT k, $2 FROM unnest($1::int[]) AS k ON CONFLICT DO NOTHING`,
          [imageHashBandKeys(hash), image.rows[0]!.id],
        )
      }
      await appendChained(client, [receivedAudit(s, id)])
      return { submission: (await byId(client, id))!, created: true }
    })
  }

  async findByFingerprint(
    account: string,
    method: SubmissionMethod,
    fingerprint: string,
  ): Promise<Submission | undefined> {
    return this.guard('finding a submission by its files', () => byFingerprint(this.pool, account, method, fingerprint))
  }

  async markInReview(id: number, opts: { readonly actor: string; readonly at: Instant }): Promise<Submission> {
    return this.write(`putting submission ${id} in review`, async (client) => {
      const moved = await client.query(
        `UPDATE submissions SET state = 'in_review' WHERE id = $1 AND state = 'received'`,
        [id],
      )
      const s = await byId(client, id)
      if (s === undefined) throw submissionNotFound(id)
      if ((moved.rowCount ?? 0) > 0) await appendChained(client, [inReviewAudit(s, opts)])
      return s
    })
  }

  async decide(d: SubmissionDecision): Promise<Submission> {
    return this.write(`deciding submission ${d.id}`, async (client) => {
      const moved = await client.query(
        `UPDATE submissions SET state = $1, decided_at = $2, decided_by = $3, reason = $4, checklist = $5, final = $6
         WHERE id = $7 AND state = 'in_review'`,
        [d.outcome, d.at, d.actor, d.reason, JSON.stringify(d.checklist), d.final, d.id],
      )
      const s = await byId(client, d.id)
      if (s === undefined) throw submissionNotFound(d.id)
      if ((moved.rowCount ?? 0) === 0) throw submissionNotInReview(d.id, s.state)
      await appendChained(client, [decidedAudit(s, d)])
      return s
    })
  }

  async get(id: number): Promise<Submission | undefined> {
    return this.guard('reading a submission', () => byId(this.pool, id))
  }

  async pendingRecord(id: number): Promise<string | undefined> {
    const { rows } = await this.guard('reading a pending verification record', () =>
      this.pool.query<{ record: string }>('SELECT record FROM submissions WHERE id = $1', [id]),
    )
    return rows[0]?.record
  }

  async submissionsOf(account: string): Promise<readonly Submission[]> {
    return this.guard('reading submissions', async () =>
      withFiles(
        this.pool,
        (
          await this.pool.query<SubmissionRow>(
            `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE account = $1 ORDER BY id`,
            [account],
          )
        ).rows,
      ),
    )
  }

  async listSubmissions(opts: {
    readonly state?: SubmissionState
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Submission[]> {
    return this.guard('listing submissions', async () => {
      const { rows } =
        opts.state === undefined
          ? await this.pool.query<SubmissionRow>(
              `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id > $1 ORDER BY id LIMIT $2`,
              [opts.afterId ?? 0, opts.limit],
            )
          : await this.pool.query<SubmissionRow>(
              `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE state = $1 AND id > $2 ORDER BY id LIMIT $3`,
              [opts.state, opts.afterId ?? 0, opts.limit],
            )
      return withFiles(this.pool, rows)
    })
  }

  async readFile(
    submission: number,
    file: number,
  ): Promise<(SubmissionFileEntry & { readonly bytes: Uint8Array }) | undefined> {
    const { rows } = await this.guard('reading a submitted file', () =>
      this.pool.query<SubmissionFileRow & { bytes: Buffer }>(
        `SELECT ${FILE_COLUMNS}, bytes FROM submission_files WHERE id = $1 AND submission = $2`,
        [file, submission],
      ),
    )
    const row = rows[0]
    return row === undefined ? undefined : { ...toFileEntry(row), bytes: new Uint8Array(row.bytes) }
  }

  async nearImages(hashes: readonly string[], maxBits: number): Promise<readonly ImageHashMatch[]> {
    if (maxBits > MAX_IMAGE_HASH_DISTANCE) {
      throw new Error(`the image index finds hashes at most ${MAX_IMAGE_HASH_DISTANCE} bits apart, not ${maxBits}`)
    }
    const matches: ImageHashMatch[] = []
    await this.guard('searching image hashes', async () => {
      for (const searched of new Set(hashes.map((h) => h.toLowerCase()))) {
        const { rows } = await this.pool.query<{ hash: string; account: string; submission: string; file: string }>(
          `SELECT DISTINCT h.id, h.hash, h.account, h.submission, h.file FROM image_hash_bands b
           JOIN image_hashes h ON h.id = b.image WHERE b.key = ANY($1::int[])`,
          [imageHashProbeKeys(searched)],
        )
        for (const r of rows) {
          const distance = hammingDistance(searched, r.hash)
          if (distance >= 0 && distance <= maxBits) {
            matches.push({
              searched,
              hash: r.hash,
              distance,
              account: r.account,
              submission: Number(r.submission),
              file: Number(r.file),
            })
          }
        }
      }
    })
    return matches.sort((a, b) => a.distance - b.distance || a.submission - b.submission || a.file - b.file)
  }

  async submissionsWithDocument(
    key: string,
    limit: number,
  ): Promise<readonly { readonly account: string; readonly submission: number; readonly method: SubmissionMethod }[]> {
    const { rows } = await this.guard('searching document numbers', () =>
      this.pool.query<{ account: string; id: string; method: SubmissionMethod }>(
        'SELECT account, id, method FROM submissions WHERE document_key = $1 ORDER BY id LIMIT $2',
        [key, limit],
      ),
    )
    return rows.map((r) => ({ account: r.account, submission: Number(r.id), method: r.method }))
  }

  async recentFaces(
    limit: number,
  ): Promise<readonly { readonly account: string; readonly submission: number; readonly face: Float32Array }[]> {
    const { rows } = await this.guard('reading recent faces', () =>
      this.pool.query<{ id: string; account: string; face: Buffer }>(
        'SELECT id, account, face FROM submissions WHERE face IS NOT NULL ORDER BY id DESC LIMIT $1',
        [limit],
      ),
    )
    return rows.map((r) => ({ account: r.account, submission: Number(r.id), face: faceFromBytes(r.face) }))
  }

  private async write<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query(LOCK_AUDIT_WRITERS)
        return await work(client)
      })
    } catch (e) {
      throw toSubmissionStoreError(e, doing, this.label)
    }
  }

  private async guard<T>(doing: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f()
    } catch (e) {
      throw toSubmissionStoreError(e, doing, this.label)
    }
  }
}

async function byId(db: Queryable, id: number): Promise<Submission | undefined> {
  const { rows } = await db.query<SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1`, [id])
  return (await withFiles(db, rows))[0]
}

async function byFingerprint(
  db: Queryable,
  account: string,
  method: string,
  fingerprint: string,
): Promise<Submission | undefined> {
  const { rows } = await db.query<SubmissionRow>(
    `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE account = $1 AND method = $2 AND fingerprint = $3`,
    [account, method, fingerprint],
  )
  return (await withFiles(db, rows))[0]
}

async function withFiles(db: Queryable, rows: readonly SubmissionRow[]): Promise<Submission[]> {
  if (rows.length === 0) return []
  const files = filesBySubmission(
    (
      await db.query<SubmissionFileRow>(
        `SELECT ${FILE_COLUMNS} FROM submission_files WHERE submission = ANY($1::bigint[]) ORDER BY id`,
        [rows.map((r) => r.id)],
      )
    ).rows,
  )
  return rows.map((r) => fromSubmissionRow(r, files.get(Number(r.id)) ?? []))
}

/** A row the schema refuses (an unknown method or role) is the caller's to fix, not the server's. */
function toSubmissionStoreError(e: unknown, doing: string, label: string): OnesellerError {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('23')) {
    return new OnesellerError(
      'invalid_input',
      `${doing} failed: ${label} refused a value (${(e as Error).message}). Nothing of this call was stored.`,
      { cause: e },
    )
  }
  return toPostgresError(e, doing, label)
}
