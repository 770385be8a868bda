// End-to-end: `oneseller eval` scores a clustering file or the store's latest linkage run, with the same figures.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli, scratch, show } from './run-cli.ts'

describe('oneseller eval', () => {
  it("scores the store's latest run (--db) as it scores the clustering file that run wrote", async (t) => {
    const s = scratch(t)
    const out = s.path('m')
    const db = s.path('store.db')
    const csv = s.path('clusters.csv')
    assert.equal((await runCli(['generate', '--accounts', '600', '--seed', '3', '--out', out])).code, 0)
    assert.equal((await runCli(['import', `${out}/events.ndjson`, '--db', db])).code, 0)
    const before = await runCli(['eval', '--truth', `${out}/truth.csv`, '--db', db])
    assert.equal(before.code, 66, show(before))
    assert.match(before.stderr, /holds no linkage run yet: run "oneseller link" first, or give --clusters FILE/)

    assert.equal((await runCli(['link', '--db', db, '--out', csv])).code, 0)
    const fromFile = await runCli(['eval', '--truth', `${out}/truth.csv`, '--clusters', csv, '--json'])
    const fromStore = await runCli(['eval', '--truth', `${out}/truth.csv`, '--db', db, '--json'])
    assert.equal(fromStore.code, 0, show(fromStore))
    const doc = JSON.parse(fromStore.stdout) as { accounts: number; pairwise: { precision: number } }
    assert.equal(doc.accounts, 600)
    assert.deepEqual(doc, JSON.parse(fromFile.stdout))

    const both = await runCli(['eval', '--truth', `${out}/truth.csv`, '--clusters', csv, '--db', db])
    assert.equal(both.code, 64, show(both))
    assert.match(both.stderr, /--clusters and --db: give one clustering to score, not both/)
  })
})
