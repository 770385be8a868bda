/**
 * Migration 13: files a seller attaches to an appeal (pictures, PDF scans), kept in the database with the appeal as
 * submissions' files are: in its transaction, size-limited by the API and backed up with everything else.
 * `appeal_files` holds the bytes with the name the seller gave, the media type read from the bytes, size and SHA-256.
 */
export const SQLITE_MIGRATION_13 = `
  CREATE TABLE appeal_files (
    id INTEGER PRIMARY KEY,
    appeal INTEGER NOT NULL REFERENCES appeals (id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE INDEX appeal_files_by_appeal ON appeal_files (appeal);
`
