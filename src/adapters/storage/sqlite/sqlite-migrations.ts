import type Database from 'better-sqlite3'
import { SQLITE_MIGRATION_8 } from './sqlite-job-migration.ts'
import { backfillMigration4 } from './sqlite-migration-4.ts'
import { SQLITE_MIGRATION_7 } from './sqlite-migration-7.ts'
import { SQLITE_MIGRATION_9 } from './sqlite-migration-9.ts'
import { SQLITE_MIGRATION_10 } from './sqlite-migration-10.ts'
import { SQLITE_MIGRATION_11 } from './sqlite-migration-11.ts'
import { SQLITE_MIGRATION_12 } from './sqlite-migration-12.ts'
import { SQLITE_MIGRATION_13 } from './sqlite-migration-13.ts'
import { SQLITE_MIGRATION_14 } from './sqlite-migration-14.ts'

export interface SqliteMigration {
  readonly version: number
  readonly sql: string
  /** Fills what the SQL added from what the store already holds, in the same transaction, after `sql`. */
  readonly backfill?: (db: Database.Database) => void
}

/**
 * The SQLite schema, as numbered migrations applied in order inside one transaction each.
 * Never edit a shipped migration: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
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
  {
    version: 4,
    sql: `
      -- What policies read of every account without parsing declarations or events: the latest outcome of each
      -- verification method (compact JSON, {"video":["passed",at,passedAt]}) and the problems of the current
      -- identifiers ("kind:code" tokens, then "!kind" for each invalid kind). Filled for existing rows by the backfill.
      ALTER TABLE accounts ADD COLUMN verifications TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE accounts ADD COLUMN problems TEXT NOT NULL DEFAULT '';
      -- When linkage detected a change of control of the account (epoch ms), NULL when none; set by the next run.
      ALTER TABLE clusters ADD COLUMN control_change_at INTEGER;
      -- The evidence kinds that weighed in a link, space-separated: read without parsing the evidence.
      ALTER TABLE links ADD COLUMN kinds TEXT NOT NULL DEFAULT '';
    `,
    backfill: backfillMigration4,
  },
  {
    version: 5,
    sql: `
      -- Policy versions: the YAML exactly as loaded. Versions count 1, 2, … per name; the store assigns them.
      CREATE TABLE policies (
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        source TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('live', 'shadow')),
        loaded_by TEXT NOT NULL,
        loaded_at INTEGER NOT NULL,
        PRIMARY KEY (name, version)
      ) WITHOUT ROWID;
      -- What policies decided, with the evidence. key identifies a decision (policy, version, rule, account, sweep or
      -- event): recording it again changes nothing. action and evidence are JSON.
      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        account TEXT NOT NULL,
        policy TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        rule TEXT NOT NULL,
        trigger TEXT NOT NULL,
        action TEXT NOT NULL,
        evidence TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('live', 'shadow')),
        sweep TEXT,
        actor TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX decisions_by_account ON decisions (account);
      -- What the daily caps count: decisions of one rule of a policy in a time range.
      CREATE INDEX decisions_by_rule ON decisions (policy, rule, at);
      -- Verifications demanded by live require_verification decisions; methods is a JSON array of at least one kind.
      CREATE TABLE requirements (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        decision INTEGER NOT NULL REFERENCES decisions (id),
        methods TEXT NOT NULL CHECK (json_array_length(methods) > 0),
        deadline INTEGER NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('requested', 'reminded', 'submitted', 'in_review', 'passed', 'failed', 'expired')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX requirements_by_account ON requirements (account);
      -- The scheduler finds the open requirements whose deadline has passed.
      CREATE INDEX requirements_by_deadline ON requirements (state, deadline);
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        policy TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        started_by TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'failed')),
        decided INTEGER NOT NULL
      );
      -- The audit trail: seq is assigned by the store (last + 1) inside the writing transaction, and hash chains each
      -- record to the previous one (see audit-chain.ts). detail is canonical JSON, the text that was hashed.
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_by_subject ON audit (subject, seq);
      -- Append-only for the application; the hash chain is what detects an edit made around these triggers.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    `,
  },
  {
    version: 6,
    sql: `
      -- What features read of the links (readLinkageSummary), without the evidence: a scan of this index skips the
      -- evidence JSON that fills the table's pages (twenty times fewer pages to read).
      CREATE INDEX links_summary ON links (a, b, score, kinds);
    `,
  },
  { version: 7, sql: SQLITE_MIGRATION_7 },
  { version: 8, sql: SQLITE_MIGRATION_8 },
  { version: 9, sql: SQLITE_MIGRATION_9 },
  { version: 10, sql: SQLITE_MIGRATION_10 },
  { version: 11, sql: SQLITE_MIGRATION_11 },
  { version: 12, sql: SQLITE_MIGRATION_12 },
  { version: 13, sql: SQLITE_MIGRATION_13 },
  { version: 14, sql: SQLITE_MIGRATION_14 },
]
