import type Database from 'better-sqlite3'
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
import { toStorageError } from './sqlite-errors.ts'
import { appendAuditSqlite } from './sqlite-policy-store.ts'
import { writeGroupsOf } from './sqlite-write-groups.ts'

const FILE_COLUMNS = 'id, submission, role, mime, size, sha256'

/**
 * Submissions, their files (the bytes as BLOBs) and the image-hash band index in the event store's SQLite file
 * (migration 10). Every write is one `BEGIN IMMEDIATE` transaction, which takes the writer lock before the audit
 * trail's tail is read.
 */
export class SqliteSubmissionStore implements SubmissionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {}

  async receive(s: NewSubmission): Promise<{ readonly submission: Submission; readonly created: boolean }> {
    return this.write(`storing a ${s.method} submission of ${s.files.length} files`, () => {
      const inserted = this.db
        .prepare(
          `INSERT INTO submissions (account, requirement, method, state, fingerprint, fields, checks, document_key, face, record,
             created_at, created_by)
           VALUES (?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        )
        .get(
          s.account,
          s.requirement,
          s.method,
          s.fingerprint,
          JSON.stringify(s.fields),
          JSON.stringify(s.checks),
          s.documentKey,
          s.face === null ? null : faceToBytes(s.face),
          s.record,
          s.createdAt,
          s.createdBy,
        ) as { id: number } | undefined
      if (inserted === undefined) {
        const existing = this.byFingerprint(s.account, s.method, s.fingerprint)
        if (existing === undefined) throw new Error('a submission conflicted on its fingerprint and cannot be found')
        return { submission: existing, created: false }
      }
      const insertFile = this.db.prepare(
        'INSERT INTO submission_files (submission, role, mime, size, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      )
      const insertHash = this.db.prepare(
        'INSERT INTO image_hashes (hash, account, submission, file) VALUES (?, ?, ?, ?) RETURNING id',
      )
      const insertBand = this.db.prepare('INSERT OR IGNORE INTO image_hash_bands (key, image) VALUES (?, ?)')
      for (const f of s.files) {
        const file = insertFile.get(inserted.id, f.role, f.mime, f.bytes.byteLength, f.sha256, f.bytes) as {
          id: number
        }
        if (f.imageHash === undefined) continue
        const hash = f.imageHash.toLowerCase()
        const image = insertHash.get(hash, s.account, inserted.id, file.id) as { id: number }
        for (const key of imageHashBandKeys(hash)) insertBand.run(key, image.id)
      }
      appendAuditSqlite(this.db, [receivedAudit(s, inserted.id)])
      return { submission: this.byId(inserted.id)!, created: true }
    })
  }

  async findByFingerprint(
    account: string,
    method: SubmissionMethod,
    fingerprint: string,
  ): Promise<Submission | undefined> {
    return this.read('finding a submission by its files', () => this.byFingerprint(account, method, fingerprint))
  }

  async markInReview(id: number, opts: { readonly actor: string; readonly at: Instant }): Promise<Submission> {
    return this.write(`putting submission ${id} in review`, () => {
      const moved = this.db
        .prepare(`UPDATE submissions SET state = 'in_review' WHERE id = ? AND state = 'received'`)
        .run(id).changes
      const s = this.byId(id)
      if (s === undefined) throw submissionNotFound(id)
      if (moved > 0) appendAuditSqlite(this.db, [inReviewAudit(s, opts)])
      return s
    })
  }

  async decide(d: SubmissionDecision): Promise<Submission> {
    return this.write(`deciding submission ${d.id}`, () => {
      const moved = this.db
        .prepare(
          `UPDATE submissions SET state = ?, decided_at = ?, decided_by = ?, reason = ?, checklist = ?, final = ?
           WHERE id = ? AND state = 'in_review'`,
        )
        .run(d.outcome, d.at, d.actor, d.reason, JSON.stringify(d.checklist), d.final ? 1 : 0, d.id).changes
      const s = this.byId(d.id)
      if (s === undefined) throw submissionNotFound(d.id)
      if (moved === 0) throw submissionNotInReview(d.id, s.state)
      appendAuditSqlite(this.db, [decidedAudit(s, d)])
      return s
    })
  }

  async get(id: number): Promise<Submission | undefined> {
    return this.read('reading a submission', () => this.byId(id))
  }

  async pendingRecord(id: number): Promise<string | undefined> {
    return this.read('reading a pending verification record', () =>
      this.db.prepare('SELECT record FROM submissions WHERE id = ?').pluck().get(id),
    ) as string | undefined
  }

  async submissionsOf(account: string): Promise<readonly Submission[]> {
    return this.read('reading submissions', () =>
      this.withFiles(
        this.db
          .prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE account = ? ORDER BY id`)
          .all(account) as SubmissionRow[],
      ),
    )
  }

  async listSubmissions(opts: {
    readonly state?: SubmissionState
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Submission[]> {
    return this.read('listing submissions', () => {
      const rows =
        opts.state === undefined
          ? this.db
              .prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id > ? ORDER BY id LIMIT ?`)
              .all(opts.afterId ?? 0, opts.limit)
          : this.db
              .prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE state = ? AND id > ? ORDER BY id LIMIT ?`)
              .all(opts.state, opts.afterId ?? 0, opts.limit)
      return this.withFiles(rows as SubmissionRow[])
    })
  }

  async readFile(
    submission: number,
    file: number,
  ): Promise<(SubmissionFileEntry & { readonly bytes: Uint8Array }) | undefined> {
    const row = this.read('reading a submitted file', () =>
      this.db
        .prepare(`SELECT ${FILE_COLUMNS}, bytes FROM submission_files WHERE id = ? AND submission = ?`)
        .get(file, submission),
    ) as (SubmissionFileRow & { bytes: Buffer }) | undefined
    return row === undefined ? undefined : { ...toFileEntry(row), bytes: new Uint8Array(row.bytes) }
  }

  async nearImages(hashes: readonly string[], maxBits: number): Promise<readonly ImageHashMatch[]> {
    if (maxBits > MAX_IMAGE_HASH_DISTANCE) {
      throw new Error(`the image index finds hashes at most ${MAX_IMAGE_HASH_DISTANCE} bits apart, not ${maxBits}`)
    }
    const probe = this.db.prepare(
      `SELECT DISTINCT h.id, h.hash, h.account, h.submission, h.file FROM image_hash_bands b
       JOIN image_hashes h ON h.id = b.image WHERE b.key IN (SELECT value FROM json_each(?))`,
    )
    const matches: ImageHashMatch[] = []
    this.read('searching image hashes', () => {
      for (const searched of new Set(hashes.map((h) => h.toLowerCase()))) {
        const rows = probe.all(JSON.stringify(imageHashProbeKeys(searched))) as {
          hash: string
          account: string
          submission: number
          file: number
        }[]
        for (const r of rows) {
          const distance = hammingDistance(searched, r.hash)
          if (distance >= 0 && distance <= maxBits) {
            matches.push({
              searched,
              hash: r.hash,
              distance,
              account: r.account,
              submission: r.submission,
              file: r.file,
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
    const rows = this.read('searching document numbers', () =>
      this.db
        .prepare('SELECT account, id, method FROM submissions WHERE document_key = ? ORDER BY id LIMIT ?')
        .all(key, limit),
    ) as { account: string; id: number; method: SubmissionMethod }[]
    return rows.map((r) => ({ account: r.account, submission: r.id, method: r.method }))
  }

  async recentFaces(
    limit: number,
  ): Promise<readonly { readonly account: string; readonly submission: number; readonly face: Float32Array }[]> {
    const rows = this.read('reading recent faces', () =>
      this.db
        .prepare('SELECT id, account, face FROM submissions WHERE face IS NOT NULL ORDER BY id DESC LIMIT ?')
        .all(limit),
    ) as { id: number; account: string; face: Buffer }[]
    return rows.map((r) => ({ account: r.account, submission: r.id, face: faceFromBytes(r.face) }))
  }

  private byId(id: number): Submission | undefined {
    const row = this.db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ?`).get(id) as
      | SubmissionRow
      | undefined
    return row === undefined ? undefined : this.withFiles([row])[0]
  }

  private byFingerprint(account: string, method: string, fingerprint: string): Submission | undefined {
    const row = this.db
      .prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE account = ? AND method = ? AND fingerprint = ?`)
      .get(account, method, fingerprint) as SubmissionRow | undefined
    return row === undefined ? undefined : this.withFiles([row])[0]
  }

  private withFiles(rows: readonly SubmissionRow[]): Submission[] {
    if (rows.length === 0) return []
    const files = filesBySubmission(
      this.db
        .prepare(
          `SELECT ${FILE_COLUMNS} FROM submission_files WHERE submission IN (SELECT value FROM json_each(?)) ORDER BY id`,
        )
        .all(JSON.stringify(rows.map((r) => r.id))) as SubmissionFileRow[],
    )
    return rows.map((r) => fromSubmissionRow(r, files.get(Number(r.id)) ?? []))
  }

  /** One transaction that takes the writer lock at BEGIN: what it reads stays true until it commits. */
  private write<T>(doing: string, f: () => T): T {
    try {
      return writeGroupsOf(this.db, this.file).write(f)
    } catch (e) {
      throw toSubmissionStoreError(e, doing, this.file)
    }
  }

  private read<T>(doing: string, f: () => T): T {
    try {
      return f()
    } catch (e) {
      throw toSubmissionStoreError(e, doing, this.file)
    }
  }
}

/** A row the schema refuses (an unknown method or role) is the caller's to fix, not the disk's. */
function toSubmissionStoreError(e: unknown, doing: string, file: string): OnesellerError {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return new OnesellerError(
      'invalid_input',
      `${doing} failed: ${file} refused a value (${(e as Error).message}). Nothing of this call was stored.`,
      { cause: e },
    )
  }
  return toStorageError(e, doing, file)
}
