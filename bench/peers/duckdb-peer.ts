import { DuckDBInstance, version } from '@duckdb/node-api'
import { DUCKDB_DIALECT, type SqlSession } from './component-sql.ts'
import type { PeerReport, PeerRun } from './peer-run.ts'
import { measureSqlRun } from './sql-peer.ts'

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`
}

/** An in-memory DuckDB database as a SqlSession (with the default settings: as many threads as cores). */
export async function openDuckdbSession(): Promise<{ session: SqlSession; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const session: SqlSession = {
    run: async (sql) => {
      await connection.run(sql)
    },
    value: async (sql) => Number((await connection.runAndReadAll(sql)).getRows()[0]?.[0]),
  }
  return {
    session,
    close: () => {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

/** Blocking and components on a fresh in-memory DuckDB database per run, rows loaded from the CSV. */
export async function measureDuckdb(csv: string, opts: { accounts: number; runs: number }): Promise<PeerReport> {
  const runs: PeerRun[] = []
  let threads = 0
  let rounds = 0
  for (let i = 0; i < opts.runs; i++) {
    const { session, close } = await openDuckdbSession()
    try {
      threads = await session.value("SELECT current_setting('threads')")
      const load = () =>
        session.run(
          `CREATE TABLE holders AS SELECT * FROM read_csv(${sqlString(csv)}, header = true, columns = {'account': 'INTEGER', 'key': 'INTEGER'})`,
        )
      const run = await measureSqlRun(session, DUCKDB_DIALECT, { load, accounts: opts.accounts })
      rounds = run.rounds
      runs.push(run)
    } finally {
      close()
    }
  }
  const detail = `DuckDB ${version()} in process, ${threads} threads; ${rounds} label rounds`
  return { kind: 'measured', runs, peakRssMb: process.resourceUsage().maxRSS / 1024, detail }
}
