import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openApp, openLineFile } from '../src/compose.ts'
import { writeMarketplace } from '../src/sim/index.ts'
import { type BenchTable, isMain, renderMarkdown, runChild, summarise } from './harness.ts'

interface SweepResult {
  accounts: number
  hit: number
  seconds: number
  cpuSeconds: number
  readSeconds: number
  peakRssMb: number
}
interface RealtimeResult {
  samples: number
  rulesP50Us: number
  rulesP99Us: number
  decideP50Ms: number
  decideP99Ms: number
  peakRssMb: number
}

/** A generated marketplace imported once (and linked, when `link`), kept between runs in the temporary folder. */
export async function storeOf(accounts: number, link: boolean): Promise<string> {
  const dir = join(tmpdir(), `oneseller-bench-sweep-${accounts}${link ? '-linked' : ''}`)
  const db = join(dir, 'store.db')
  if (existsSync(db)) return db
  mkdirSync(dir, { recursive: true })
  await writeMarketplace({ accounts, seed: 7, outDir: dir })
  const app = await openApp({ database: { kind: 'sqlite', file: db } })
  try {
    await app.importRecords([openLineFile(join(dir, 'events.ndjson'))])
    if (link) await app.runLinkage()
  } finally {
    await app.close()
  }
  return db
}

/**
 * A dry-run sweep of policies/second-review.yaml over every account (read the accounts, the latest linkage run and
 * the decision history; compute features; evaluate; report), and one event decided in real time: the rules alone,
 * and the whole decision with its store reads and writes.
 */
export async function benchSweep(
  accounts = 100_000,
  runs = 3,
  link = accounts <= 100_000,
  realtime = accounts <= 100_000,
): Promise<BenchTable> {
  const db = await storeOf(accounts, link)
  const sweeps: SweepResult[] = []
  for (let i = 0; i < runs; i++) sweeps.push(runChild<SweepResult>('./sweep-child.ts', [db, 'sweep']))
  // The real-time run records decisions into a copy of the store: skipped where copying it costs minutes.
  const rt = realtime ? runChild<RealtimeResult>('./sweep-child.ts', [db, 'realtime']) : undefined
  const s = summarise(sweeps.map((r) => r.seconds))
  const read = summarise(sweeps.map((r) => r.readSeconds))
  const cpu = summarise(sweeps.map((r) => r.cpuSeconds))
  const rss = summarise(sweeps.map((r) => r.peakRssMb))
  return {
    name: `policies (${accounts.toLocaleString('en-US')} accounts${link ? ', linked' : ', no linkage run'}; ${runs} runs)`,
    rows: [
      {
        measure: 'dry-run sweep, whole (s)',
        median: s.median,
        min: s.min,
        max: s.max,
        note: `${sweeps[0]?.hit ?? 0} hits; reading ${read.median.toFixed(2)} s; CPU ${cpu.median.toFixed(2)} s; peak RSS ${Math.round(rss.median)} MB`,
      },
      ...(rt === undefined
        ? []
        : [
            {
              measure: 'one event: rules only (µs)',
              median: rt.rulesP50Us,
              min: rt.rulesP50Us,
              max: rt.rulesP99Us,
              note: `p50 / p99 over ${rt.samples} accounts`,
            },
            {
              measure: 'one event: whole decision (ms)',
              median: rt.decideP50Ms,
              min: rt.decideP50Ms,
              max: rt.decideP99Ms,
              note: 'p50 / p99: account, cluster and history reads, evaluation, recording',
            },
          ]),
    ],
    notes: ['For the event rows, "min" is the p50 and "max" the p99.'],
  }
}

if (isMain(import.meta.url)) {
  const accounts = Number(process.argv[2] ?? 100_000)
  const link = process.argv.includes('--no-link') ? false : accounts <= 100_000
  console.log(renderMarkdown(await benchSweep(accounts, 3, link)))
}
