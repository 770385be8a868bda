// Runs a dry-run sweep over a store in this process, then times real-time decisions; prints JSON on the last line.
import { readFileSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { compilePolicy } from '../src/app/index.ts'
import { openApp, shippedPolicyPath } from '../src/compose.ts'
import { evaluatePolicy } from '../src/core/policy/index.ts'

const [given, mode] = process.argv.slice(2)
if (!given) throw new Error('usage: sweep-child.ts DB [sweep|realtime]')
// Real-time decisions are recorded: they go into a copy, so that the store the sweeps read stays as imported.
const db = mode === 'realtime' ? `${given}.realtime` : given
if (mode === 'realtime') {
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  const source = new Database(given, { readonly: true })
  await source.backup(db)
  source.close()
}
const policyFile = shippedPolicyPath('second-review')
const source = readFileSync(policyFile, 'utf8')
const app = await openApp({ database: { kind: 'sqlite', file: db } })
const rss = () => process.resourceUsage().maxRSS / 1024

if (mode !== 'realtime') {
  const phases: Record<string, number> = {}
  let last = performance.now()
  const started = last
  const cpu = process.cpuUsage()
  const outcome = await app.runSweep({
    source,
    file: policyFile,
    apply: false,
    actor: 'bench',
    onProgress: (phase, done, total) => {
      const now = performance.now()
      phases[phase] = (phases[phase] ?? 0) + (now - last)
      last = now
      void done
      void total
    },
  })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  console.log(
    JSON.stringify({
      accounts: outcome.report.evaluated,
      hit: outcome.report.hit,
      seconds,
      // Every thread's: steadier than the wall clock on a shared machine.
      cpuSeconds: (used.user + used.system) / 1e6,
      readSeconds: (phases.reading ?? 0) / 1000,
      peakRssMb: rss(),
    }),
  )
} else {
  // One event at a time, as the server decides them: the rules alone, and the whole decision with its store reads.
  const policy = compilePolicy(source, policyFile)
  await app.loadPolicy({ source, file: policyFile, mode: 'live', actor: 'bench' })
  const table = await app.featureTable()
  const step = Math.max(1, Math.floor(table.size / 2000))
  const rules: number[] = []
  const decisions: number[] = []
  for (let i = 0; i < table.size; i += step) {
    const features = table.features(i)
    let t = performance.now()
    evaluatePolicy(policy, features, 'event', 'new_link')
    rules.push((performance.now() - t) * 1000)
    t = performance.now()
    await app.decideAccount({
      account: table.accountAt(i),
      trigger: 'event',
      event: 'new_link',
      cause: 'bench',
      actor: 'bench',
    })
    decisions.push(performance.now() - t)
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0
  console.log(
    JSON.stringify({
      samples: rules.length,
      rulesP50Us: pct(rules, 0.5),
      rulesP99Us: pct(rules, 0.99),
      decideP50Ms: pct(decisions, 0.5),
      decideP99Ms: pct(decisions, 0.99),
      peakRssMb: rss(),
    }),
  )
}
await app.close()
if (mode === 'realtime') for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
