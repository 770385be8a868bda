import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeMarketplace } from '../src/sim/index.ts'
import { type BenchTable, isMain, renderMarkdown, runChild, summarise } from './harness.ts'

interface RunResult {
  accounts: number
  records: number
  seconds: number
  /** User + system CPU time of the process (the machine may be shared: this is the steadier figure). */
  cpuSeconds: number
  peakRssMb: number
}

const RSS_SAMPLE_MS = 25

/** One writeMarketplace run into a temp dir, sampling RSS on a timer (runs in a child process, alone). */
async function measureRun(accounts: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-bench-generate-'))
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, RSS_SAMPLE_MS)
  try {
    const started = performance.now()
    const cpu = process.cpuUsage()
    const summary = await writeMarketplace({ accounts, seed: 7, outDir: dir })
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    peak = Math.max(peak, process.memoryUsage().rss)
    return {
      accounts,
      records: summary.records,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: peak / 2 ** 20,
    }
  } finally {
    clearInterval(timer)
    rmSync(dir, { recursive: true, force: true })
  }
}

function toRow(label: string, runs: readonly RunResult[]): Record<string, string | number> {
  const accountsPerSecond = summarise(runs.map((r) => r.accounts / r.seconds))
  const recordsPerSecond = summarise(runs.map((r) => r.records / r.seconds))
  return {
    run: label,
    accounts: runs[0]?.accounts ?? 0,
    records: runs[0]?.records ?? 0,
    'accounts/s median': Math.round(accountsPerSecond.median),
    'accounts/s min': Math.round(accountsPerSecond.min),
    'accounts/s max': Math.round(accountsPerSecond.max),
    'records/s median': Math.round(recordsPerSecond.median),
    'accounts per CPU-s (median)': Math.round(summarise(runs.map((r) => r.accounts / r.cpuSeconds)).median),
    'peak RSS MB (max)': Math.round(Math.max(...runs.map((r) => r.peakRssMb))),
  }
}

/** Synthetic marketplace generation, written to disk: throughput at 100k accounts, and memory at 100k vs 300k. */
export async function benchGenerate(): Promise<BenchTable> {
  const child = (accounts: number) => runChild<RunResult>('./generate.bench.ts', ['--child', String(accounts)])
  const small = [child(100_000), child(100_000), child(100_000)]
  const large = [child(300_000)]
  return {
    name: 'generate (writeMarketplace → events.ndjson + truth.csv; two generator workers, writes on the main thread)',
    rows: [toRow('100k × 3', small), toRow('300k × 1', large)],
    notes: [
      'Peak RSS should stay about the same from 100k to 300k accounts: workers stream operator by operator and stay a bounded number of pages ahead of the writer.',
      'CPU time counts every thread (two generator workers, the writer, GC helpers); the machine may be shared, so wall-clock figures swing.',
    ],
  }
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--child')
  if (at >= 0) {
    console.log(JSON.stringify(await measureRun(Number(process.argv[at + 1]))))
  } else {
    console.log(renderMarkdown(await benchGenerate()))
  }
}
