/** Migration 14: linkage profiles, one per registered account (see the SQLite migration 14). */
export const POSTGRES_MIGRATION_14 = `
  CREATE TABLE linkage_profiles (
    id text PRIMARY KEY,
    records integer NOT NULL,
    body text NOT NULL
  );
`
