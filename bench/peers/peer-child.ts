// One system of the link benchmark's peer comparison, alone in this process; prints a PeerReport as JSON on the last
// line. Usage:
//   peer-child.ts engine DB CSV RUNS             build the index from DB, write its blocking keys to CSV, time the engine
//   peer-child.ts duckdb CSV ACCOUNTS RUNS
//   peer-child.ts postgres CSV ACCOUNTS RUNS URL
import { writeBlockingKeys } from './blocking-keys.ts'
import { measureDuckdb } from './duckdb-peer.ts'
import { linkComponents } from './engine-components.ts'
import { readLinkageIndex } from './linkage-index-of-store.ts'
import type { PeerReport, PeerRun } from './peer-run.ts'
import { measurePostgres } from './postgres-peer.ts'

async function measureEngine(db: string, csv: string, runs: number): Promise<PeerReport & { accounts: number }> {
  const started = performance.now()
  const index = await readLinkageIndex(db)
  const indexSeconds = (performance.now() - started) / 1000
  const rows = writeBlockingKeys(index, csv)
  const measured: PeerRun[] = []
  for (let i = 0; i < runs; i++) measured.push(linkComponents(index))
  const detail = `${index.size.toLocaleString('en-US')} accounts, ${rows.toLocaleString('en-US')} (account, key) rows; reading the store and indexing took ${indexSeconds.toFixed(1)} s (not counted)`
  return {
    kind: 'measured',
    runs: measured,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    detail,
    accounts: index.size,
  }
}

const [system, ...args] = process.argv.slice(2)
const usage = 'usage: peer-child.ts engine DB CSV RUNS | duckdb CSV ACCOUNTS RUNS | postgres CSV ACCOUNTS RUNS URL'
let report: PeerReport
if (system === 'engine' && args.length === 3) {
  report = await measureEngine(args[0]!, args[1]!, Number(args[2]))
} else if (system === 'duckdb' && args.length === 3) {
  report = await measureDuckdb(args[0]!, { accounts: Number(args[1]), runs: Number(args[2]) })
} else if (system === 'postgres' && args.length === 4) {
  report = await measurePostgres(args[3]!, args[0]!, { accounts: Number(args[1]), runs: Number(args[2]) })
} else {
  throw new Error(usage)
}
console.log(JSON.stringify(report))
