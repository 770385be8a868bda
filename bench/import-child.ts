// Imports one file into a fresh database in this process and prints what it took, as JSON on the last line.
import { rmSync } from 'node:fs'
import { openApp, openLineFile } from '../src/compose.ts'

const [file, db] = process.argv.slice(2)
if (!file || !db) throw new Error('usage: import-child.ts FILE DB [--keep]')
if (!process.argv.includes('--keep')) for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
const app = await openApp({ database: { kind: 'sqlite', file: db } })
const started = performance.now()
const report = await app.importRecords([openLineFile(file)])
await app.close()
const seconds = (performance.now() - started) / 1000
console.log(
  JSON.stringify({
    records: report.stored + report.duplicate,
    stored: report.stored,
    duplicate: report.duplicate,
    rejected: report.rejected,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
)
