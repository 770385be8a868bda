import type Database from 'better-sqlite3'
import {
  controlChangeOfStoredRecords,
  INVALID_IDENTIFIER_MARK,
  kindsOfStoredEvidence,
  problemsOfStoredIdentifiers,
  verificationsOfStoredRecords,
} from '../migration-4-backfill.ts'

/**
 * Fills the columns migration 4 adds from what an existing store holds (see migration-4-backfill.ts):
 * `accounts.problems`, `accounts.verifications`, `clusters.control_change_at` (accounts of the latest linkage run
 * with updates: no other can show a change of control) and `links.kinds`.
 * Rows are read first and written after: better-sqlite3 cannot write while a read is open on the connection.
 */
export function backfillMigration4(db: Database.Database): void {
  const problems: [string, string][] = []
  const profiles = db
    .prepare(`SELECT id, identifiers FROM account_profiles WHERE instr(identifiers, ?) > 0`)
    .raw()
    .iterate(INVALID_IDENTIFIER_MARK) as Iterable<[string, string]>
  for (const [id, identifiers] of profiles) problems.push([problemsOfStoredIdentifiers(identifiers), id])
  const setProblems = db.prepare('UPDATE accounts SET problems = ? WHERE id = ?')
  for (const row of problems) setProblems.run(...row)

  const verifying = db.prepare('SELECT id FROM accounts WHERE n_verification > 0').pluck().all() as string[]
  const verifications = db.prepare(
    `SELECT at, body FROM events WHERE account = ? AND type = 'verification' ORDER BY at, seq`,
  )
  const setVerifications = db.prepare('UPDATE accounts SET verifications = ? WHERE id = ?')
  for (const id of verifying) {
    const records = verifications.all(id) as { at: number; body: string }[]
    setVerifications.run(verificationsOfStoredRecords(records), id)
  }

  const updating = db
    .prepare('SELECT c.account FROM clusters c JOIN accounts a ON a.id = c.account WHERE a.n_update > 0')
    .pluck()
    .all() as string[]
  // In digest order, as the linkage scan reads an account's events (the order of sessions at one instant).
  const activity = db.prepare(
    `SELECT type, at, body FROM events WHERE account = ? AND type IN ('session', 'update') ORDER BY digest`,
  )
  const setControlChange = db.prepare('UPDATE clusters SET control_change_at = ? WHERE account = ?')
  for (const id of updating) {
    const at = controlChangeOfStoredRecords(activity.all(id) as { type: string; at: number; body: string }[])
    if (at !== null) setControlChange.run(at, id)
  }

  const kinds: [string, string, string][] = []
  const links = db.prepare('SELECT a, b, evidence FROM links').raw().iterate() as Iterable<[string, string, string]>
  for (const [a, b, evidence] of links) kinds.push([kindsOfStoredEvidence(evidence), a, b])
  const setKinds = db.prepare('UPDATE links SET kinds = ? WHERE a = ? AND b = ?')
  for (const row of kinds) setKinds.run(...row)
}
