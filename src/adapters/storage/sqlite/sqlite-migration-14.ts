/**
 * Migration 14: linkage profiles, one per registered account: what linkage derives of the account's records, kept with
 * the number of records it was derived from. A scan for linkage reads this row instead of the account's records while
 * the account's record count (`accounts.n_*`) is still that number; otherwise it derives the profile again and
 * replaces the row. A rowid table: a profile is kilobytes, too large for the pages of a WITHOUT ROWID table.
 */
export const SQLITE_MIGRATION_14 = `
  CREATE TABLE linkage_profiles (
    id TEXT PRIMARY KEY,
    records INTEGER NOT NULL,
    body TEXT NOT NULL
  );
`
