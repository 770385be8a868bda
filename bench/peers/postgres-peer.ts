import pg from 'pg'
import { POSTGRES_DIALECT, type SqlSession } from './component-sql.ts'
import type { PeerReport, PeerRun } from './peer-run.ts'
import { CopyFromFile } from './pg-copy-from.ts'
import { measureSqlRun } from './sql-peer.ts'

/** Memory per sort or hash of a query: PostgreSQL's default (4 MB) spills every join of this size to disk. */
const WORK_MEM = '256MB'

/** A connection URL fit to print: the password left out. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url)
    u.password = ''
    return u.toString()
  } catch {
    return '(an unparsable URL)'
  }
}

/**
 * Blocking and components on PostgreSQL, in a schema of this process's own that is dropped afterwards; the rows are
 * loaded with COPY from the CSV. Unavailable (not an error) when no server answers at `url`.
 */
export async function measurePostgres(
  url: string,
  csv: string,
  opts: { accounts: number; runs: number },
): Promise<PeerReport> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (e) {
    return { kind: 'unavailable', reason: `no PostgreSQL at ${displayUrl(url)} (${(e as Error).message})` }
  }
  const schema = `oneseller_bench_link_${process.pid}`
  try {
    await client.query(`CREATE SCHEMA ${schema}`)
    await client.query(`SET search_path TO ${schema}`)
    await client.query(`SET work_mem = '${WORK_MEM}'`)
    const session: SqlSession = {
      run: async (sql) => {
        await client.query(sql)
      },
      value: async (sql) => Number(Object.values((await client.query(sql)).rows[0] ?? {})[0]),
    }
    const load = async () => {
      await session.run('CREATE UNLOGGED TABLE holders (account integer NOT NULL, key integer NOT NULL)')
      const copy = new CopyFromFile('COPY holders FROM STDIN WITH (FORMAT csv, HEADER true)', csv)
      client.query(copy)
      await copy.done
      await session.run('ANALYZE holders')
    }
    const runs: PeerRun[] = []
    let rounds = 0
    for (let i = 0; i < opts.runs; i++) {
      const run = await measureSqlRun(session, POSTGRES_DIALECT, { load, accounts: opts.accounts })
      rounds = run.rounds
      runs.push(run)
    }
    const server = await client.query<{ v: string; w: string }>(
      "SELECT current_setting('server_version') AS v, current_setting('max_parallel_workers_per_gather') AS w",
    )
    const { v, w } = server.rows[0] ?? { v: '?', w: '?' }
    const detail = `PostgreSQL ${v.split(' ')[0]}, work_mem ${WORK_MEM}, up to ${w} parallel workers per query; ${rounds} label rounds`
    return { kind: 'measured', runs, peakRssMb: process.resourceUsage().maxRSS / 1024, detail }
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  }
}
