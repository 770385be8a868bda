/** Migration 13: files a seller attaches to an appeal (see the SQLite migration 13). */
export const POSTGRES_MIGRATION_13 = `
  CREATE TABLE appeal_files (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appeal bigint NOT NULL REFERENCES appeals (id),
    name text NOT NULL,
    mime text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    bytes bytea NOT NULL
  );
  -- Pictures and PDFs are compressed already: stored out of line without another compression attempt.
  ALTER TABLE appeal_files ALTER COLUMN bytes SET STORAGE EXTERNAL;
  CREATE INDEX appeal_files_by_appeal ON appeal_files (appeal);
`
