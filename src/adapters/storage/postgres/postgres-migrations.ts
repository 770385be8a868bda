import type { Pool, PoolClient } from 'pg'
import { OnesellerError } from '../../../core/errors.ts'
import { POSTGRES_MIGRATION_8 } from './postgres-job-migration.ts'
import { backfillPostgresMigration4 } from './postgres-migration-4.ts'
import { POSTGRES_MIGRATION_7 } from './postgres-migration-7.ts'
import { POSTGRES_MIGRATION_9 } from './postgres-migration-9.ts'
import { POSTGRES_MIGRATION_10 } from './postgres-migration-10.ts'
import { POSTGRES_MIGRATION_11 } from './postgres-migration-11.ts'
import { POSTGRES_MIGRATION_12 } from './postgres-migration-12.ts'
import { POSTGRES_MIGRATION_13 } from './postgres-migration-13.ts'
import { POSTGRES_MIGRATION_14 } from './postgres-migration-14.ts'

export interface PostgresMigration {
  readonly version: number
  readonly sql: string
  /** Fills what the SQL added from what the store already holds, in the same transaction, after `sql`. */
  readonly backfill?: (client: PoolClient) => Promise<void>
}

/**
 * The PostgreSQL schema, as numbered migrations applied in order, each in its own transaction.
 * Never edit a shipped migration: add the next one. The tables mirror the SQLite store's; account ids sort
 * byte-wise (COLLATE "C") as SQLite's do, so scans visit accounts in the same order on both engines.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sources (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL UNIQUE
      );
      -- The log. seq is assigned by the store under its write lock, so it is gap-free and in arrival order; the
      -- unique index both finds an account's events and makes appends idempotent (a record is identified by its
      -- account and the digest of its body).
      CREATE TABLE events (
        seq bigint PRIMARY KEY,
        account text COLLATE "C" NOT NULL,
        digest bytea NOT NULL,
        type text NOT NULL,
        at bigint NOT NULL,
        body text NOT NULL,
        source_id integer NOT NULL REFERENCES sources (id),
        source_line integer NOT NULL,
        stored_at bigint NOT NULL,
        CONSTRAINT events_by_account UNIQUE (account, digest)
      );
      CREATE TABLE accounts (
        id text COLLATE "C" PRIMARY KEY,
        registered boolean NOT NULL,
        marketplace text COLLATE "C",
        kind text COLLATE "C",
        channel_type text COLLATE "C",
        channel_ref text,
        status text COLLATE "C" NOT NULL,
        registered_at bigint,
        first_event_at bigint NOT NULL,
        last_event_at bigint NOT NULL,
        n_account integer NOT NULL,
        n_session integer NOT NULL,
        n_update integer NOT NULL,
        n_listing integer NOT NULL,
        n_verification integer NOT NULL,
        n_status integer NOT NULL
      );
      -- Written only when the profile changes, so that the many records that only count (sessions, listings)
      -- rewrite the small row above and not the declarations. json (not jsonb) keeps the text as written.
      CREATE TABLE account_profiles (
        id text COLLATE "C" PRIMARY KEY,
        profile json NOT NULL,
        identifiers json NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE linkage_weights (
        version integer PRIMARY KEY,
        at bigint NOT NULL,
        weights json NOT NULL
      );
      -- The latest run's clustering: one row per account.
      CREATE TABLE clusters (
        account text COLLATE "C" PRIMARY KEY,
        cluster text COLLATE "C" NOT NULL
      );
      CREATE INDEX clusters_by_cluster ON clusters (cluster);
      -- The latest run's links, with their evidence, for explanation and appeal.
      CREATE TABLE links (
        a text COLLATE "C" NOT NULL,
        b text COLLATE "C" NOT NULL,
        score double precision NOT NULL,
        evidence json NOT NULL,
        PRIMARY KEY (a, b)
      );
      CREATE INDEX links_by_b ON links (b);
    `,
  },
  {
    version: 3,
    sql: `
      -- API keys of marketplace integrations: the key itself is never stored, only its SHA-256 (hash).
      CREATE TABLE api_keys (
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        scopes text NOT NULL,
        hash text COLLATE "C" NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        revoked_at bigint
      );
      -- The first answer to each write that carried an Idempotency-Key, per API key, kept for retries.
      CREATE TABLE idempotency_keys (
        owner text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        fingerprint text NOT NULL,
        answer text NOT NULL,
        saved_at bigint NOT NULL,
        PRIMARY KEY (owner, key)
      );
      CREATE INDEX idempotency_keys_by_age ON idempotency_keys (saved_at);
    `,
  },
  {
    version: 4,
    sql: `
      -- What policies read of every account without parsing declarations or events: the latest outcome of each
      -- verification method (compact JSON, {"video":["passed",at,passedAt]}) and the problems of the current
      -- identifiers ("kind:code" tokens, then "!kind" for each invalid kind). Filled for existing rows by the backfill.
      ALTER TABLE accounts ADD COLUMN verifications text NOT NULL DEFAULT '{}';
      ALTER TABLE accounts ADD COLUMN problems text NOT NULL DEFAULT '';
      -- When linkage detected a change of control of the account (epoch ms), NULL when none.
      ALTER TABLE clusters ADD COLUMN control_change_at bigint;
      -- The evidence kinds that weighed in a link, space-separated: read without parsing the evidence.
      ALTER TABLE links ADD COLUMN kinds text NOT NULL DEFAULT '';
    `,
    backfill: backfillPostgresMigration4,
  },
  {
    version: 5,
    sql: `
      -- Policy versions: the YAML exactly as loaded. Versions count 1, 2, … per name; the store assigns them under
      -- the audit writers' lock.
      CREATE TABLE policies (
        name text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        source text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('live', 'shadow')),
        loaded_by text NOT NULL,
        loaded_at bigint NOT NULL,
        PRIMARY KEY (name, version)
      );
      -- What policies decided, with the evidence. key identifies a decision (policy, version, rule, account, sweep or
      -- event): recording it again changes nothing.
      CREATE TABLE decisions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key text COLLATE "C" NOT NULL UNIQUE,
        account text COLLATE "C" NOT NULL,
        policy text COLLATE "C" NOT NULL,
        policy_version integer NOT NULL,
        rule text COLLATE "C" NOT NULL,
        trigger text NOT NULL,
        action json NOT NULL,
        evidence json NOT NULL,
        mode text NOT NULL CHECK (mode IN ('live', 'shadow')),
        sweep text COLLATE "C",
        actor text NOT NULL,
        at bigint NOT NULL
      );
      CREATE INDEX decisions_by_account ON decisions (account);
      -- What the daily caps count: decisions of one rule of a policy in a time range.
      CREATE INDEX decisions_by_rule ON decisions (policy, rule, at);
      -- Verifications demanded by live require_verification decisions; methods is a JSON array of at least one kind.
      CREATE TABLE requirements (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account text COLLATE "C" NOT NULL,
        decision bigint NOT NULL REFERENCES decisions (id),
        methods json NOT NULL CHECK (json_array_length(methods) > 0),
        deadline bigint NOT NULL,
        state text NOT NULL
          CHECK (state IN ('requested', 'reminded', 'submitted', 'in_review', 'passed', 'failed', 'expired')),
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX requirements_by_account ON requirements (account);
      -- The scheduler finds the open requirements whose deadline has passed.
      CREATE INDEX requirements_by_deadline ON requirements (state, deadline);
      CREATE TABLE sweeps (
        id text COLLATE "C" PRIMARY KEY,
        policy text COLLATE "C" NOT NULL,
        policy_version integer NOT NULL,
        started_by text NOT NULL,
        started_at bigint NOT NULL,
        finished_at bigint,
        state text NOT NULL CHECK (state IN ('running', 'finished', 'failed')),
        decided integer NOT NULL
      );
      -- The audit trail: seq is assigned by the store (last + 1) under the audit writers' lock, and hash chains each
      -- record to the previous one (see audit-chain.ts). detail is json, the canonical text that was hashed.
      CREATE TABLE audit (
        seq bigint PRIMARY KEY,
        at bigint NOT NULL,
        actor text NOT NULL,
        action text COLLATE "C" NOT NULL,
        subject text COLLATE "C" NOT NULL,
        detail json NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_by_subject ON audit (subject, seq);
      -- Append-only for the application; the hash chain is what detects an edit made around this trigger.
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'object_not_in_prerequisite_state';
      END
      $$;
      CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
    `,
  },
  {
    version: 6,
    sql: `
      -- What features read of the links, without the evidence: an index-only scan once the table is vacuumed.
      CREATE INDEX links_summary ON links (a, b, score, kinds);
    `,
  },
  { version: 7, sql: POSTGRES_MIGRATION_7 },
  { version: 8, sql: POSTGRES_MIGRATION_8 },
  { version: 9, sql: POSTGRES_MIGRATION_9 },
  { version: 10, sql: POSTGRES_MIGRATION_10 },
  { version: 11, sql: POSTGRES_MIGRATION_11 },
  { version: 12, sql: POSTGRES_MIGRATION_12 },
  { version: 13, sql: POSTGRES_MIGRATION_13 },
  { version: 14, sql: POSTGRES_MIGRATION_14 },
]

/**
 * Brings the schema on the connection's search_path up to date: each missing migration runs in its own transaction
 * with its row in `schema_migrations`, so a failing migration leaves the schema at the previous version.
 * Concurrent openers wait for each other (a session advisory lock keyed by the schema), so each migration runs once.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly PostgresMigration[],
  label: string,
): Promise<void> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    const schema = await currentSchema(client, label)
    await client.query(`SELECT pg_advisory_lock(hashtextextended('oneseller.migrations ' || $1, 0))`, [schema])
    try {
      await assertOnesellerSchema(client, schema, label)
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)',
      )
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
      const applied = new Set(rows.map((r) => r.version))
      assertNotNewer(applied, migrations, label)
      let version = Math.max(0, ...applied)
      for (const m of [...migrations].sort((x, y) => x.version - y.version)) {
        if (applied.has(m.version)) continue
        await applyMigration(client, m, { label, previous: version })
        version = Math.max(version, m.version)
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended('oneseller.migrations ' || $1, 0))`, [schema])
    }
  } catch (e) {
    if (!(e instanceof OnesellerError)) broken = e as Error
    throw e
  } finally {
    client.release(broken)
  }
}

async function applyMigration(
  client: PoolClient,
  m: PostgresMigration,
  at: { readonly label: string; readonly previous: number },
): Promise<void> {
  try {
    await client.query('BEGIN')
    await client.query(m.sql)
    await m.backfill?.(client)
    await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [m.version])
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK')
    throw new OnesellerError(
      'storage_unavailable',
      `migration ${m.version} failed on ${at.label} (${e instanceof Error ? e.message : String(e)}); nothing of it was applied and the schema stays at version ${at.previous}. Fix the cause and open the database again.`,
      { cause: e },
    )
  }
}

async function currentSchema(client: PoolClient, label: string): Promise<string> {
  const { rows } = await client.query<{ schema: string | null; path: string }>(
    `SELECT current_schema() AS schema, current_setting('search_path') AS path`,
  )
  const schema = rows[0]?.schema
  if (schema === null || schema === undefined) {
    throw new OnesellerError(
      'storage_unavailable',
      `no schema to keep oneseller's tables in on ${label}: none of the search_path (${rows[0]?.path}) exists. Create the schema (CREATE SCHEMA …) or correct the search_path in DATABASE_URL (or --db).`,
    )
  }
  return schema
}

/** Refuses, before writing anything, a schema that holds another application's tables. */
async function assertOnesellerSchema(client: PoolClient, schema: string, label: string): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  )
  const tables = rows.map((r) => r.name)
  const ours = tables.includes('schema_migrations') && (tables.includes('events') || tables.length === 1)
  if (tables.length > 0 && !ours) {
    throw new OnesellerError(
      'invalid_input',
      `${label} is not a oneseller database: its schema "${schema}" holds other tables (${tables.slice(0, 5).join(', ')}). Point DATABASE_URL (or --db) at an empty database or schema, or at an existing oneseller database.`,
    )
  }
}

/** Refuses a schema migrated by a newer oneseller: this version would misread it. */
function assertNotNewer(applied: ReadonlySet<number>, migrations: readonly PostgresMigration[], label: string): void {
  const known = Math.max(0, ...migrations.map((m) => m.version))
  const newer = [...applied].filter((v) => v > known)
  if (newer.length > 0) {
    throw new OnesellerError(
      'storage_unavailable',
      `${label} was migrated by a newer oneseller (schema version ${Math.max(...newer)}; this one knows up to ${known}). Upgrade oneseller to use it.`,
    )
  }
}
