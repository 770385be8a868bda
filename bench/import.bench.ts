import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeMarketplace } from '../src/sim/index.ts'
import { type BenchTable, isMain, renderMarkdown, runChild, summarise } from './harness.ts'

interface ChildResult {
  records: number
  stored: number
  duplicate: number
  seconds: number
  peakRssMb: number
}

/** Import throughput into SQLite, end to end (read, parse, validate, store), fresh database per run. */
export async function benchImport(accounts = 100_000, runs = 3): Promise<BenchTable> {
  const dir = join(tmpdir(), `oneseller-bench-import-${accounts}`)
  const file = join(dir, 'events.ndjson')
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    await writeMarketplace({ accounts, seed: 7, outDir: dir })
  }
  const db = join(dir, 'bench.db')
  const fresh: ChildResult[] = []
  for (let i = 0; i < runs; i++) fresh.push(runChild<ChildResult>('./import-child.ts', [file, db]))
  const again: ChildResult[] = []
  for (let i = 0; i < runs; i++) again.push(runChild<ChildResult>('./import-child.ts', [file, db, '--keep']))
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  const row = (label: string, rs: ChildResult[]) => {
    const rate = summarise(rs.map((r) => r.records / r.seconds))
    const rss = summarise(rs.map((r) => r.peakRssMb))
    return {
      run: label,
      records: rs[0]?.records ?? 0,
      'records/s median': Math.round(rate.median),
      min: Math.round(rate.min),
      max: Math.round(rate.max),
      'peak RSS MB (median)': Math.round(rss.median),
    }
  }
  return {
    name: `import into SQLite (${accounts.toLocaleString('en-US')} accounts, ${(statSync(file).size / 1e6).toFixed(0)} MB, ${runs} runs)`,
    rows: [row('fresh database', fresh), row('re-import (all duplicates)', again)],
  }
}

if (isMain(import.meta.url)) {
  const accounts = Number(process.argv[2] ?? 100_000)
  console.log(renderMarkdown(await benchImport(accounts)))
}
