/**
 * Migration 9: reviewers and their sessions. A reviewer's password is kept only as its scrypt hash
 * (`scrypt$N$r$p$salt$hash`), a session only as the SHA-256 of its token.
 */
export const SQLITE_MIGRATION_9 = `
  CREATE TABLE reviewers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'lead', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    disabled_at INTEGER
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL REFERENCES reviewers (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) WITHOUT ROWID;
  -- Disabling a reviewer ends its sessions; expired sessions are forgotten by age.
  CREATE INDEX sessions_by_reviewer ON sessions (reviewer);
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);
`
