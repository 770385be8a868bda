// Loads the live linkage of one database in this process, then links accounts one at a time as the server does when
// a record about them is stored (re-read from the store, re-linked) and reads each one's cluster; prints what it took,
// as JSON on the last line.

import { PerformanceObserver } from 'node:perf_hooks'
import { SqliteEventStore } from '../src/adapters/storage/sqlite/sqlite-event-store.ts'
import { LiveLinkage } from '../src/app/live-linkage.ts'
import { median } from './harness.ts'

const [db, samplesArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
if (!db) throw new Error('usage: live-link-child.ts DB [SAMPLES]')
const samples = Number(samplesArg ?? 2000)
const events = SqliteEventStore.open(db)
const deps = { events, linkage: events.linkageStore() }
/**
 * The links a lookup reads with their evidence: the strongest ten, as `GET /v1/accounts/{id}/cluster` shows them
 * (`--all-links`: every link of the cluster, as `oneseller cluster` and the explanation read them).
 */
const STRONGEST_LINKS = 10
const allLinks = process.argv.includes('--all-links')
/** `--phases`: where the slowest samples' time went (store reads, garbage collection, the rest: linking in memory). */
const phases = process.argv.includes('--phases')
/** Milliseconds of store reads in the sample being measured: the account's records, and its run cluster's links. */
const readMs = { scan: 0, links: 0 }
if (phases) {
  const timed =
    <A extends unknown[], R>(bucket: keyof typeof readMs, f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t = performance.now()
      try {
        return await f(...a)
      } finally {
        readMs[bucket] += performance.now() - t
      }
    }
  events.scanAccount = timed('scan', events.scanAccount.bind(events))
  deps.linkage.clusterOf = timed('links', deps.linkage.clusterOf.bind(deps.linkage))
}
let started = performance.now()
const live = await LiveLinkage.load(deps)
const loadSeconds = (performance.now() - started) / 1000
global.gc?.()
const heapMb = process.memoryUsage().heapUsed / 2 ** 20
const ids: string[] = []
await events.scanSummaries((s) => {
  if (s.registered) ids.push(s.id)
})
const step = Math.max(1, Math.floor(ids.length / samples))
const update: number[] = []
const lookup: number[] = []
const reads: number[] = []
const scans: number[] = []
const gcs: number[] = []
const sizes: number[] = []
const sampled: string[] = []
let gcMs = 0
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration
})
if (phases) gcObserver.observe({ entryTypes: ['gc'] })
let linked = 0
for (let i = 0; i < ids.length && update.length < samples; i += step) {
  const id = ids[i]!
  readMs.scan = 0
  readMs.links = 0
  gcMs = 0
  started = performance.now()
  await live.refresh([id])
  const mid = performance.now()
  const view = await live.viewOf(id, { strongest: allLinks ? undefined : STRONGEST_LINKS })
  const end = performance.now()
  update.push(mid - started)
  lookup.push(end - mid)
  if ((view?.members.length ?? 0) > 1) linked++
  if (phases) {
    // Garbage collection is reported when its entry is delivered: let the observer run before reading it.
    await new Promise((resolve) => setImmediate(resolve))
    reads.push(readMs.scan + readMs.links)
    scans.push(readMs.scan)
    gcs.push(gcMs)
    sizes.push(view?.members.length ?? 0)
    sampled.push(id)
  }
}
gcObserver.disconnect()
const both = update.map((u, i) => u + lookup[i]!)
if (phases) {
  const slowest = both
    .map((ms, i) => ({
      ms,
      update: update[i]!,
      read: reads[i]!,
      scan: scans[i]!,
      gc: gcs[i]!,
      cluster: sizes[i]!,
      account: sampled[i]!,
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Math.max(1, Math.ceil(both.length / 100)))
  const sum = (f: (x: (typeof slowest)[number]) => number) => slowest.reduce((t, x) => t + f(x), 0)
  process.stderr.write(
    `slowest 1 % (${slowest.length} samples, ${sum((x) => x.ms).toFixed(0)} ms): store reads ${sum((x) => x.read).toFixed(0)} ms, ` +
      `garbage collection ${sum((x) => x.gc).toFixed(0)} ms, the rest ${sum((x) => x.ms - x.read - x.gc).toFixed(0)} ms; ` +
      `clusters of ${slowest.map((x) => x.cluster).join(', ')}\n`,
  )
  for (const x of slowest) {
    const f = (v: number) => v.toFixed(1)
    process.stderr.write(
      `  ${f(x.ms)} ms: update ${f(x.update)} (records read ${f(x.scan)}), lookup ${f(x.ms - x.update)} ` +
        `(run links read ${f(x.read - x.scan)}), garbage collection ${f(x.gc)}; cluster of ${x.cluster}; account ${x.account}\n`,
    )
  }
}
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!
await events.close()
console.log(
  JSON.stringify({
    accounts: live.accounts,
    loadSeconds,
    indexMb: live.byteSize() / 2 ** 20,
    heapMb,
    samples: update.length,
    linkedShare: linked / update.length,
    updateP50Ms: median(update),
    updateP99Ms: p99(update),
    lookupP50Ms: median(lookup),
    lookupP99Ms: p99(lookup),
    bothP50Ms: median(both),
    bothP99Ms: p99(both),
    bothMaxMs: Math.max(...both),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
)
