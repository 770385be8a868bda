import {
  blockCandidates,
  connectComponents,
  countComponents,
  dropTables,
  type SqlDialect,
  type SqlSession,
} from './component-sql.ts'
import type { PeerRun } from './peer-run.ts'

/** One timed run on a database: load the rows, block, cluster; then count what came out (not timed). */
export async function measureSqlRun(
  s: SqlSession,
  d: SqlDialect,
  opts: { readonly load: () => Promise<void>; readonly accounts: number },
): Promise<PeerRun & { readonly rounds: number }> {
  await dropTables(s)
  const started = performance.now()
  await opts.load()
  const loaded = performance.now()
  await blockCandidates(s, d)
  const blocked = performance.now()
  const rounds = await connectComponents(s, d)
  const done = performance.now()
  const counts = await countComponents(s, opts.accounts)
  await dropTables(s)
  return {
    loadSeconds: (loaded - started) / 1000,
    blockingSeconds: (blocked - loaded) / 1000,
    componentsSeconds: (done - blocked) / 1000,
    rounds,
    ...counts,
  }
}
