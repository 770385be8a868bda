// End-to-end: every `oneseller link` stores its weights as a version; `oneseller weights` shows them.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli, scratch, show } from './run-cli.ts'

interface WeightsDoc {
  version: number
  weights: { m: Record<string, number>; time?: Record<string, { closeBits: number; apartBits: number }> }
  versions: { version: number; accounts: number }[]
}

describe('oneseller weights', () => {
  it('shows the latest weights or any stored version, with m per group and the time levels', async (t) => {
    const s = scratch(t)
    const out = s.path('m')
    const db = s.path('store.db')
    assert.equal((await runCli(['generate', '--accounts', '600', '--seed', '3', '--out', out])).code, 0)
    assert.equal((await runCli(['import', `${out}/events.ndjson`, '--db', db])).code, 0)
    const none = await runCli(['weights', '--db', db])
    assert.equal(none.code, 66, show(none))
    assert.match(none.stderr, /no linkage weights are stored yet: run "oneseller link" first/)
    for (let run = 0; run < 2; run++) assert.equal((await runCli(['link', '--db', db])).code, 0)

    const latest = await runCli(['weights', '--db', db, '--json'])
    assert.equal(latest.code, 0, show(latest))
    const doc = JSON.parse(latest.stdout) as WeightsDoc
    assert.equal(doc.version, 2)
    assert.deepEqual(
      doc.versions.map((v) => [v.version, v.accounts]),
      [
        [2, 600],
        [1, 600],
      ],
    )
    assert.ok(doc.weights.m.bank !== undefined && doc.weights.m.bank > 0 && doc.weights.m.bank < 1)
    assert.deepEqual(Object.keys(doc.weights.time ?? {}).sort(), ['device', 'network', 'phone'])

    const first = await runCli(['weights', '1', '--db', db])
    assert.equal(first.code, 0, show(first))
    assert.match(first.stdout, /^weights version 1, learned .* over 600 accounts/)
    assert.match(first.stdout, /network +\d\.\d{3} +-?\d+\.\d\d +-?\d+\.\d\d/)

    const missing = await runCli(['weights', '9', '--db', db])
    assert.equal(missing.code, 66)
    assert.match(missing.stderr, /weights version 9 is not stored \(versions held: 2, 1\)/)
    const bad = await runCli(['weights', 'latest', '--db', db])
    assert.equal(bad.code, 64)
    assert.match(bad.stderr, /version: expected a whole number/)
  })
})
