/**
 * The SQLite schema, as numbered migrations applied in order inside one transaction each.
 * Never edit a shipped migration: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );
      -- The log. seq is the rowid, so appends go to the end of the table; the one index both finds an account's
      -- events and makes appends idempotent (a record is identified by its account and the digest of its body).
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        digest BLOB NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        body TEXT NOT NULL,
        source_id INTEGER NOT NULL REFERENCES sources (id),
        source_line INTEGER NOT NULL,
        stored_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX events_by_account ON events (account, digest);
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        registered INTEGER NOT NULL,
        marketplace TEXT,
        kind TEXT,
        channel_type TEXT,
        channel_ref TEXT,
        status TEXT NOT NULL,
        registered_at INTEGER,
        first_event_at INTEGER NOT NULL,
        last_event_at INTEGER NOT NULL,
        n_account INTEGER NOT NULL,
        n_session INTEGER NOT NULL,
        n_update INTEGER NOT NULL,
        n_listing INTEGER NOT NULL,
        n_verification INTEGER NOT NULL,
        n_status INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- Written only when the profile changes, so that the many records that only count (sessions, listings)
      -- rewrite the small row above and not the declarations.
      CREATE TABLE account_profiles (
        id TEXT PRIMARY KEY,
        profile TEXT NOT NULL,
        identifiers TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE linkage_weights (
        version INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        weights TEXT NOT NULL
      );
      -- The latest run's clustering: one row per account.
      CREATE TABLE clusters (
        account TEXT PRIMARY KEY,
        cluster TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX clusters_by_cluster ON clusters (cluster);
      -- The latest run's links, with their evidence, for explanation and appeal.
      CREATE TABLE links (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        score REAL NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (a, b)
      ) WITHOUT ROWID;
      CREATE INDEX links_by_b ON links (b);
    `,
  },
  {
    version: 3,
    sql: `
      -- API keys of marketplace integrations: the key itself is never stored, only its SHA-256 (hash).
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      -- The first answer to each write that carried an Idempotency-Key, per API key, kept for retries.
      CREATE TABLE idempotency_keys (
        owner TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        answer TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (owner, key)
      ) WITHOUT ROWID;
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (saved_at);
    `,
  },
]
