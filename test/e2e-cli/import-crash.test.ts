// End-to-end tests of an import that does not end normally: killed with SIGKILL (a crash, a power cut) or stopped
// with Ctrl-C (SIGINT) part-way through a large file. The store must stay consistent, and running the same command
// again must complete the import, reporting what was already stored as duplicates.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  type AccountRowView,
  accountRows,
  eventCount,
  runCli,
  scratch,
  show,
  startCli,
  statsOf,
  storeProblems,
  waitFor,
} from './run-cli.ts'

/** Lines in the large file: big enough that an import takes seconds, so it can be stopped part-way. */
const LINES = 200_000
/** Records per transaction: many commits, so a kill lands between two of them with work on both sides. */
const BATCH = '2000'

/** 200,000 valid records: per account an account record, sessions, a profile update and sometimes a suspension. */
function writeLargeFile(file: string): void {
  const lines: string[] = new Array(LINES)
  for (let i = 0; i < LINES; i++) {
    const n = Math.floor(i / 5)
    const id = `acct-${n}`
    const day = (d: number) => `2024-0${1 + (n % 9)}-1${d}T0${n % 10}:00:00Z`
    switch (i % 5) {
      case 0:
        lines[i] = JSON.stringify({
          type: 'account',
          account: id,
          at: day(0),
          marketplace: ['US', 'DE', 'JP'][n % 3],
          kind: n % 4 === 0 ? 'business' : 'individual',
          email: `seller-${n}@example.com`,
          ...(n % 4 === 0 ? { business: { name: `Shop ${n} GmbH`, country: 'DE' } } : {}),
        })
        break
      case 2:
        lines[i] = JSON.stringify({
          type: 'update',
          account: id,
          at: day(2),
          set: { phone: `+1 202 555 ${n % 10_000}` },
        })
        break
      case 4:
        lines[i] =
          n % 7 === 0
            ? JSON.stringify({ type: 'status', account: id, at: day(4), status: 'suspended' })
            : JSON.stringify({ type: 'session', account: id, at: day(4), ip: `10.${n % 256}.0.9`, device: `d-${n}-b` })
        break
      default:
        lines[i] = JSON.stringify({
          type: 'session',
          account: id,
          at: day(i % 5),
          ip: `10.0.${n % 256}.1`,
          device: `d-${i}`,
        })
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`)
}

describe('an import that is killed or interrupted part-way', { concurrency: true }, () => {
  let fixtureDir = ''
  let file = ''
  /** What a clean, uninterrupted import of the file gives. */
  let clean: { stats: Record<string, unknown>; rows: AccountRowView[] }

  before(async () => {
    fixtureDir = mkdtempSync(join(tmpdir(), 'oneseller-'))
    file = join(fixtureDir, 'large.ndjson')
    writeLargeFile(file)
    const db = join(fixtureDir, 'clean.db')
    const r = await runCli(['import', file, '--db', db], { timeoutMs: 60_000 })
    assert.equal(r.code, 0, show(r))
    clean = { stats: await statsOf(db), rows: accountRows(db) }
    assert.equal(eventCount(db), LINES)
  })

  after(() => rmSync(fixtureDir, { recursive: true, force: true }))

  /** Resolves once the running import has committed at least one batch. */
  const firstCommit = (db: string) => waitFor('the import to commit a batch', () => eventCount(db) > 0)

  /** Re-runs the import and checks that it completes it: the store ends exactly as after a clean import. */
  async function assertRerunCompletes(db: string, storedBefore: number): Promise<void> {
    const again = await runCli(['import', file, '--db', db, '--json'], { timeoutMs: 60_000 })
    assert.equal(again.code, 0, show(again))
    const report = JSON.parse(again.stdout) as Record<string, unknown>
    assert.equal(report.duplicate, storedBefore, 'what was stored before is recognised as duplicates')
    assert.equal(report.stored, LINES - storedBefore)
    assert.equal(report.rejected, 0)
    assert.equal(eventCount(db), LINES)
    assert.deepEqual(await statsOf(db), clean.stats)
    assert.deepEqual(accountRows(db), clean.rows)
  }

  it('leaves a consistent store after kill -9 mid-import, and a re-run completes it', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const run = startCli(['import', file, '--db', db, '--batch', BATCH], { timeoutMs: 60_000 })
    await firstCommit(db)
    run.child.kill('SIGKILL')
    const killed = await run.done
    assert.equal(killed.signal, 'SIGKILL', show(killed))

    // `stats` works on what the crash left, and the store is consistent: whole batches only.
    const stats = await statsOf(db)
    const stored = eventCount(db)
    assert.ok(stored > 0 && stored < LINES, `the kill landed part-way (${stored} of ${LINES} stored)`)
    assert.equal(stored % Number(BATCH), 0, 'only whole batches are stored')
    assert.equal(
      Object.values(stats.recordsByType as Record<string, number>).reduce((a, b) => a + b, 0),
      stored,
    )
    assert.deepEqual(storeProblems(db), [])

    await assertRerunCompletes(db, stored)
  })

  it('stops on Ctrl-C (SIGINT) with exit 130 and a message, keeps what it stored, and a re-run completes it', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const run = startCli(['import', file, '--db', db, '--batch', BATCH, '--json'], { timeoutMs: 60_000 })
    await firstCommit(db)
    run.child.kill('SIGINT')
    const r = await run.done
    assert.equal(r.code, 130, show(r))
    assert.match(r.stderr, /interrupted/, show(r))
    const report = JSON.parse(r.stdout) as Record<string, unknown>
    assert.equal(report.interrupted, true)

    const stored = eventCount(db)
    assert.ok(stored > 0 && stored < LINES, `the interrupt landed part-way (${stored} of ${LINES} stored)`)
    assert.equal(report.stored, stored, 'the report counts exactly what was stored')
    assert.deepEqual(storeProblems(db), [])
    await statsOf(db)

    await assertRerunCompletes(db, stored)
  })

  it('stops at once on a second Ctrl-C, leaving a consistent store that a re-run completes', async (t) => {
    const s = scratch(t)
    const db = s.path('store.db')
    const run = startCli(['import', file, '--db', db, '--batch', BATCH], { timeoutMs: 60_000 })
    await firstCommit(db)
    run.child.kill('SIGINT')
    // A moment apart, so that the two signals are not merged into one.
    await new Promise((resolve) => setTimeout(resolve, 5))
    run.child.kill('SIGINT')
    const r = await run.done
    assert.equal(r.code, 130, show(r))
    assert.match(r.stderr, /interrupted/, show(r))

    const stored = eventCount(db)
    assert.ok(stored > 0 && stored < LINES, `the interrupt landed part-way (${stored} of ${LINES} stored)`)
    assert.deepEqual(storeProblems(db), [])
    await assertRerunCompletes(db, stored)
  })
})
