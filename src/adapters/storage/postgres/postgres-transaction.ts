import type { Pool, PoolClient, QueryResultRow } from 'pg'

/** Rows fetched per round trip when a scan streams a table through a cursor. */
const FETCH_ROWS = 10_000

/** Rows per INSERT … SELECT FROM unnest(…) statement: bounds the size of one message however large the batch. */
export const ROWS_PER_STATEMENT = 10_000

/**
 * How a transaction begins: read-write by default; scans read one consistent snapshot; a writer may take its advisory
 * lock in the same round trip (`BEGIN; SELECT pg_advisory_xact_lock(…)`).
 */
export type TransactionMode =
  | 'BEGIN'
  | 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'
  | `BEGIN; SELECT pg_advisory_xact_lock(${string})`

/**
 * Runs `work` in one transaction on one pooled connection: committed when it returns, rolled back when it throws.
 * A connection whose rollback fails is broken and is discarded instead of going back to the pool.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  mode: TransactionMode = 'BEGIN',
): Promise<T> {
  const client = await pool.connect()
  // A connection that dies while checked out fails the statement in flight and also emits 'error' on the client:
  // the first is handled below, the second would end the process without a listener (the pool only listens to idle
  // clients).
  const dead = () => {}
  client.on('error', dead)
  const release = (broken?: Error) => {
    client.removeListener('error', dead)
    client.release(broken)
  }
  let result: T
  try {
    await client.query(mode)
    result = await work(client)
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').then(
      () => release(),
      (broken: Error) => release(broken),
    )
    throw e
  }
  release()
  return result
}

/**
 * Streams the rows of a query through a cursor, `FETCH_ROWS` at a time, so that a scan of millions of rows never holds
 * them all. Call inside {@link inTransaction}; `visit` may run other statements on the same connection.
 */
export async function forEachRowBatch<R extends QueryResultRow>(
  client: PoolClient,
  sql: string,
  visit: (rows: readonly R[]) => void | Promise<void>,
): Promise<void> {
  await client.query(`DECLARE scan NO SCROLL CURSOR FOR ${sql}`)
  for (;;) {
    const { rows } = await client.query<R>(`FETCH ${FETCH_ROWS} FROM scan`)
    if (rows.length === 0) break
    await visit(rows)
  }
  await client.query('CLOSE scan')
}

/** Splits a list into consecutive slices of at most `size` items. */
export function* slices<T>(items: readonly T[], size: number = ROWS_PER_STATEMENT): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}
