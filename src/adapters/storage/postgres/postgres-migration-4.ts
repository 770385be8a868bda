import type { PoolClient } from 'pg'
import {
  controlChangeOfStoredRecords,
  INVALID_IDENTIFIER_MARK,
  problemsOfStoredIdentifiers,
  verificationsOfStoredRecords,
} from '../migration-4-backfill.ts'
import { slices } from './postgres-transaction.ts'

/**
 * Fills the columns migration 4 adds from what an existing store holds (see migration-4-backfill.ts), inside the
 * migration's transaction: `links.kinds` in SQL; `accounts.problems`, `accounts.verifications` and
 * `clusters.control_change_at` (accounts of the latest linkage run with updates: no other can show a change of
 * control) with the functions that write them afterwards, a slice of accounts per round trip.
 */
export async function backfillPostgresMigration4(client: PoolClient): Promise<void> {
  // The kinds that weighed (weight > 0), each once, in the order of the evidence: what weighedKinds gives.
  await client.query(`
    UPDATE links SET kinds = coalesce((
      SELECT string_agg(kind, ' ' ORDER BY first) FROM (
        SELECT e ->> 'kind' AS kind, min(i) AS first FROM json_array_elements(links.evidence) WITH ORDINALITY AS t (e, i)
        WHERE (e ->> 'weight')::double precision > 0 GROUP BY 1
      ) weighed
    ), '')`)

  const profiles = await client.query<{ id: string; identifiers: string }>(
    `SELECT id, identifiers::text AS identifiers FROM account_profiles WHERE strpos(identifiers::text, $1) > 0`,
    [INVALID_IDENTIFIER_MARK],
  )
  await updateColumn(
    client,
    'accounts',
    'problems',
    profiles.rows.map((r) => [r.id, problemsOfStoredIdentifiers(r.identifiers)]),
  )

  const verifying = await ids(client, 'SELECT id FROM accounts WHERE n_verification > 0 ORDER BY id')
  for (const slice of slices(verifying)) {
    const byAccount = await recordsOf(
      client,
      `SELECT account, type, at, body FROM events WHERE account = ANY($1::text[]) AND type = 'verification'
       ORDER BY account, at, seq`,
      slice,
    )
    await updateColumn(
      client,
      'accounts',
      'verifications',
      [...byAccount].map(([id, records]) => [id, verificationsOfStoredRecords(records)]),
    )
  }

  const updating = await ids(
    client,
    'SELECT c.account AS id FROM clusters c JOIN accounts a ON a.id = c.account WHERE a.n_update > 0 ORDER BY 1',
  )
  for (const slice of slices(updating)) {
    // In digest order, as the linkage scan reads an account's events (the order of sessions at one instant).
    const byAccount = await recordsOf(
      client,
      `SELECT account, type, at, body FROM events WHERE account = ANY($1::text[]) AND type IN ('session', 'update')
       ORDER BY account, digest`,
      slice,
    )
    const changes: [string, number][] = []
    for (const [id, records] of byAccount) {
      const at = controlChangeOfStoredRecords(records)
      if (at !== null) changes.push([id, at])
    }
    await client.query(
      `UPDATE clusters SET control_change_at = t.at FROM unnest($1::text[], $2::bigint[]) AS t (account, at)
       WHERE clusters.account = t.account`,
      [changes.map((c) => c[0]), changes.map((c) => c[1])],
    )
  }
}

async function ids(client: PoolClient, sql: string): Promise<string[]> {
  return (await client.query<{ id: string }>(sql)).rows.map((r) => r.id)
}

type StoredRecord = { type: string; at: number; body: string }

async function recordsOf(
  client: PoolClient,
  sql: string,
  accounts: readonly string[],
): Promise<Map<string, StoredRecord[]>> {
  const { rows } = await client.query<StoredRecord & { account: string }>(sql, [accounts])
  const byAccount = new Map<string, StoredRecord[]>()
  for (const r of rows) {
    const list = byAccount.get(r.account)
    if (list) list.push(r)
    else byAccount.set(r.account, [r])
  }
  return byAccount
}

async function updateColumn(
  client: PoolClient,
  table: 'accounts',
  column: 'problems' | 'verifications',
  values: readonly (readonly [string, string])[],
): Promise<void> {
  for (const slice of slices(values)) {
    await client.query(
      `UPDATE ${table} SET ${column} = t.value FROM unnest($1::text[], $2::text[]) AS t (id, value)
       WHERE ${table}.id = t.id`,
      [slice.map((v) => v[0]), slice.map((v) => v[1])],
    )
  }
}
