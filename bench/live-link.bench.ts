import { type BenchTable, isMain, renderMarkdown, runChild, summarise } from './harness.ts'
import { storeOf } from './sweep.bench.ts'

interface LiveResult {
  accounts: number
  loadSeconds: number
  indexMb: number
  heapMb: number
  samples: number
  linkedShare: number
  updateP50Ms: number
  updateP99Ms: number
  lookupP50Ms: number
  lookupP99Ms: number
  bothP50Ms: number
  bothP99Ms: number
  bothMaxMs: number
  peakRssMb: number
}

/**
 * Real-time linkage on a linked store: loading the live index (every account), then for accounts spread over the
 * base, what the server does when a record about one is stored — re-read it, re-link it (update) — and its cluster
 * with the evidence of every link (lookup). Each run in a fresh process; median of the runs' figures.
 */
export async function benchLiveLink(accounts = 100_000, runs = 3, samples = 2000): Promise<BenchTable> {
  // The store the sweep benchmark links too: a generated marketplace (seed 7) imported and linked once.
  const db = await storeOf(accounts, true)
  const results: LiveResult[] = []
  for (let i = 0; i < runs; i++) results.push(runChild<LiveResult>('./live-link-child.ts', [db, String(samples)]))
  const m = (pick: (r: LiveResult) => number, digits = 2) => {
    const s = summarise(results.map(pick))
    return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`
  }
  return {
    name: `Live linkage: ${accounts.toLocaleString('en-US')} accounts, ${results[0]?.samples ?? 0} accounts linked one at a time, ${runs} runs`,
    rows: [
      { figure: 'load the live index (s)', 'median (min–max)': m((r) => r.loadSeconds, 1) },
      { figure: 'live index typed arrays (MB)', 'median (min–max)': m((r) => r.indexMb, 0) },
      { figure: 'heap after load (MB)', 'median (min–max)': m((r) => r.heapMb, 0) },
      { figure: 'peak RSS (MB)', 'median (min–max)': m((r) => r.peakRssMb, 0) },
      { figure: 'update: re-read and re-link one account, p50 (ms)', 'median (min–max)': m((r) => r.updateP50Ms) },
      { figure: 'update p99 (ms)', 'median (min–max)': m((r) => r.updateP99Ms) },
      { figure: 'cluster lookup with evidence, p50 (ms)', 'median (min–max)': m((r) => r.lookupP50Ms) },
      { figure: 'cluster lookup p99 (ms)', 'median (min–max)': m((r) => r.lookupP99Ms) },
      { figure: 'update + lookup, p50 (ms)', 'median (min–max)': m((r) => r.bothP50Ms) },
      { figure: 'update + lookup, p99 (ms)', 'median (min–max)': m((r) => r.bothP99Ms) },
      { figure: 'update + lookup, slowest (ms)', 'median (min–max)': m((r) => r.bothMaxMs) },
      { figure: 'accounts sampled that are in a cluster of two or more', 'median (min–max)': m((r) => r.linkedShare) },
    ],
    notes: ['`node --import tsx bench/live-link.bench.ts [ACCOUNTS] [RUNS]`; the bar: update plus lookup p99 ≤ 5 ms.'],
  }
}

if (isMain(import.meta.url)) {
  const [accounts, runs] = process.argv.slice(2).map(Number)
  console.log(renderMarkdown(await benchLiveLink(accounts || undefined, runs || undefined)))
}
