/** Migration 10: submissions, their files and the image-hash index (see the SQLite twin for the reasons). */
export const POSTGRES_MIGRATION_10 = `
  CREATE TABLE submissions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account text COLLATE "C" NOT NULL,
    requirement bigint REFERENCES requirements (id),
    method text NOT NULL CHECK (method IN ('id_document', 'business_licence', 'utility_bill', 'video')),
    state text NOT NULL CHECK (state IN ('received', 'in_review', 'passed', 'failed')),
    fingerprint text NOT NULL,
    fields json NOT NULL,
    checks json NOT NULL,
    document_key text COLLATE "C",
    face bytea,
    record text NOT NULL,
    created_at bigint NOT NULL,
    created_by text NOT NULL,
    decided_at bigint,
    decided_by text,
    reason text,
    checklist json,
    final boolean NOT NULL DEFAULT false
  );
  CREATE UNIQUE INDEX submissions_by_fingerprint ON submissions (account, method, fingerprint);
  CREATE INDEX submissions_by_state ON submissions (state, id);
  CREATE INDEX submissions_by_document ON submissions (document_key) WHERE document_key IS NOT NULL;
  CREATE INDEX submissions_with_face ON submissions (id) WHERE face IS NOT NULL;
  CREATE TABLE submission_files (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission bigint NOT NULL REFERENCES submissions (id),
    role text NOT NULL CHECK (role IN ('front', 'back', 'photo', 'frame', 'bill', 'video')),
    mime text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    bytes bytea NOT NULL
  );
  -- Images and videos are compressed already: stored out of line without another compression attempt.
  ALTER TABLE submission_files ALTER COLUMN bytes SET STORAGE EXTERNAL;
  CREATE INDEX submission_files_by_submission ON submission_files (submission);
  CREATE TABLE image_hashes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash text NOT NULL,
    account text COLLATE "C" NOT NULL,
    submission bigint NOT NULL REFERENCES submissions (id),
    file bigint NOT NULL REFERENCES submission_files (id)
  );
  CREATE TABLE image_hash_bands (
    key integer NOT NULL,
    image bigint NOT NULL REFERENCES image_hashes (id),
    PRIMARY KEY (key, image)
  );
`
