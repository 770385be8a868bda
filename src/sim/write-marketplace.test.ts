import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { OnesellerError } from '../core/errors.ts'
import { parseRecordLine } from '../core/interchange/index.ts'
import { generateMarketplace } from './generate-marketplace.ts'
import { writeMarketplace } from './write-marketplace.ts'

describe('writeMarketplace', () => {
  it('writes events.ndjson and truth.csv that match its summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneseller-sim-'))
    try {
      const progress: number[] = []
      const summary = await writeMarketplace({
        accounts: 3000,
        seed: 5,
        outDir: dir,
        onProgress: (n) => progress.push(n),
      })
      const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n')
      assert.equal(lines.pop(), '')
      const truth = readFileSync(join(dir, 'truth.csv'), 'utf8').trimEnd().split('\n')
      assert.equal(truth.shift(), 'account,operator,role')
      assert.equal(summary.accounts, 3000)
      assert.equal(truth.length, 3000)
      assert.equal(summary.records, lines.length)
      const byType: Record<string, number> = {}
      const accounts = new Set<string>()
      for (const line of lines) {
        const parsed = parseRecordLine(line)
        assert.ok(parsed.ok, line)
        byType[parsed.value.record.type] = (byType[parsed.value.record.type] ?? 0) + 1
        accounts.add(parsed.value.record.account)
      }
      assert.deepEqual(byType, summary.byType)
      const rows = truth.map((r) => r.split(','))
      assert.deepEqual(new Set(rows.map((r) => r[0])), accounts)
      const byRole: Record<string, number> = {}
      for (const r of rows) byRole[r[2] ?? ''] = (byRole[r[2] ?? ''] ?? 0) + 1
      assert.deepEqual(byRole, summary.byRole)
      assert.equal(new Set(rows.map((r) => r[1])).size, summary.operators)
      assert.equal(progress.at(-1), 3000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('writes byte-identical files for the same seed', async () => {
    const a = mkdtempSync(join(tmpdir(), 'oneseller-sim-'))
    const b = mkdtempSync(join(tmpdir(), 'oneseller-sim-'))
    try {
      await writeMarketplace({ accounts: 800, seed: 9, outDir: a })
      await writeMarketplace({ accounts: 800, seed: 9, outDir: b })
      for (const f of ['events.ndjson', 'truth.csv'])
        assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f)
    } finally {
      rmSync(a, { recursive: true, force: true })
      rmSync(b, { recursive: true, force: true })
    }
  })

  it('interleaves operators so that an operator’s accounts are not listed side by side', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneseller-sim-'))
    try {
      await writeMarketplace({ accounts: 4000, seed: 2, outDir: dir })
      const rows = readFileSync(join(dir, 'truth.csv'), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((r) => r.split(',')[1])
      let adjacent = 0
      for (let i = 1; i < rows.length; i++) if (rows[i] === rows[i - 1]) adjacent++
      assert.ok(adjacent < rows.length * 0.05, `${adjacent} neighbouring rows share an operator`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('writes the marketplace that generateMarketplace yields, in another order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneseller-sim-'))
    try {
      await writeMarketplace({ accounts: 1500, seed: 4, outDir: dir })
      const written = readFileSync(join(dir, 'events.ndjson'), 'utf8').trimEnd().split('\n').sort()
      const generated = [...generateMarketplace({ accounts: 1500, seed: 4 })].flatMap((c) => c.lines).sort()
      assert.deepEqual(written, generated)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects with the error a generator worker raised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneseller-sim-'))
    try {
      // Options are validated on the worker threads, where the marketplace is generated.
      await assert.rejects(
        writeMarketplace({ accounts: 1.5, seed: 1, outDir: dir }),
        (e: unknown) => e instanceof OnesellerError && e.code === 'invalid_input' && /accounts must be/.test(e.message),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
