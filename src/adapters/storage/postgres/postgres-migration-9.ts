/** Migration 9: reviewers and their sessions (see the SQLite twin). */
export const POSTGRES_MIGRATION_9 = `
  CREATE TABLE reviewers (
    id text COLLATE "C" PRIMARY KEY,
    name text COLLATE "C" NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('reviewer', 'lead', 'admin')),
    password_hash text NOT NULL,
    created_at bigint NOT NULL,
    disabled_at bigint
  );
  CREATE TABLE sessions (
    id_hash text COLLATE "C" PRIMARY KEY,
    reviewer text COLLATE "C" NOT NULL REFERENCES reviewers (id),
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    revoked_at bigint
  );
  -- Disabling a reviewer ends its sessions; expired sessions are forgotten by age.
  CREATE INDEX sessions_by_reviewer ON sessions (reviewer);
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);
`
