/**
 * Migration 10: evidence that sellers submit (documents, utility bills, videos), kept in the database with the files
 * themselves, so that they are transactional, size-limited by the API and backed up with everything else.
 *
 * - `submissions`: one per upload; `fingerprint` (SHA-256 of the sorted SHA-256s of its files) is unique per account
 *   and method, so the same files sent twice answer the first submission. `checks`, `fields` and `checklist` are JSON;
 *   `document_key` is the typed document number as linkage keys it (searched across accounts); `face` the person's
 *   unit embedding of a video (little-endian float32), searched by brute force over the latest ones; `record` the
 *   pending verification record stored for it (stored again, a duplicate, when a crash came between the two).
 * - `submission_files`: the bytes, with role (front, back, photo, frame, bill, video), media type, size and SHA-256.
 * - `image_hashes` + `image_hash_bands`: every submitted image's 64-bit perceptual hash, and its four 16-bit bands
 *   (key = band × 65536 + value). Two hashes at most 6 bits apart differ in at most 1 bit in one of the four bands
 *   (pigeonhole: 4 bands × 2 bits > 6), so the search looks up each band's value and its 16 one-bit neighbours: 68
 *   index lookups, never a scan.
 */
export const SQLITE_MIGRATION_10 = `
  CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    requirement INTEGER REFERENCES requirements (id),
    method TEXT NOT NULL CHECK (method IN ('id_document', 'business_licence', 'utility_bill', 'video')),
    state TEXT NOT NULL CHECK (state IN ('received', 'in_review', 'passed', 'failed')),
    fingerprint TEXT NOT NULL,
    fields TEXT NOT NULL,
    checks TEXT NOT NULL,
    document_key TEXT,
    face BLOB,
    record TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    decided_at INTEGER,
    decided_by TEXT,
    reason TEXT,
    checklist TEXT,
    final INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX submissions_by_fingerprint ON submissions (account, method, fingerprint);
  CREATE INDEX submissions_by_state ON submissions (state, id);
  CREATE INDEX submissions_by_document ON submissions (document_key) WHERE document_key IS NOT NULL;
  CREATE INDEX submissions_with_face ON submissions (id) WHERE face IS NOT NULL;
  CREATE TABLE submission_files (
    id INTEGER PRIMARY KEY,
    submission INTEGER NOT NULL REFERENCES submissions (id),
    role TEXT NOT NULL CHECK (role IN ('front', 'back', 'photo', 'frame', 'bill', 'video')),
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE INDEX submission_files_by_submission ON submission_files (submission);
  CREATE TABLE image_hashes (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    account TEXT NOT NULL,
    submission INTEGER NOT NULL REFERENCES submissions (id),
    file INTEGER NOT NULL REFERENCES submission_files (id)
  );
  CREATE TABLE image_hash_bands (
    key INTEGER NOT NULL,
    image INTEGER NOT NULL REFERENCES image_hashes (id),
    PRIMARY KEY (key, image)
  ) WITHOUT ROWID;
`
