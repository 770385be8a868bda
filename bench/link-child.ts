// Runs the bulk link (what `oneseller link` does) on one database in this process and prints what it took, as JSON on
// the last line.
import { openApp } from '../src/compose.ts'

const [db] = process.argv.slice(2)
if (!db) throw new Error('usage: link-child.ts DB')
const app = await openApp({ database: { kind: 'sqlite', file: db } })
const started = performance.now()
const { summary } = await app.runLinkage()
const seconds = (performance.now() - started) / 1000
await app.close()
console.log(
  JSON.stringify({
    accounts: summary.accounts,
    clusters: summary.clusters,
    candidatePairs: summary.candidatePairs,
    links: summary.links,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
)
