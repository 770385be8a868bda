// End-to-end: a bulk link is stopped at once by Ctrl-C or SIGTERM, even while it computes (it writes its run in one
// transaction: nothing or all of it is stored), and the store links again afterwards.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli, scratch, show, startCli, storeProblems, waitFor, withStore } from './run-cli.ts'

describe('a bulk link that is stopped', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops at once on ${signal}, stores nothing of the run, and the store links again`, async (t) => {
      const s = scratch(t)
      const out = s.path('m')
      const db = s.path('store.db')
      assert.equal((await runCli(['generate', '--accounts', '3000', '--seed', '5', '--out', out])).code, 0)
      assert.equal((await runCli(['import', `${out}/events.ndjson`, '--db', db])).code, 0)
      const run = startCli(['link', '--db', db])
      // Under way: the first link writes the accounts' linkage profiles as it reads them, then computes for seconds.
      const profiles = () => withStore(db, (d) => d.prepare('SELECT count(*) FROM linkage_profiles').pluck().get())
      await waitFor('the link to read the first accounts', () => (profiles() as number) > 0)
      const sent = performance.now()
      run.child.kill(signal)
      const stopped = await run.done
      const tookMs = performance.now() - sent
      assert.equal(stopped.signal, signal, `stopped by the signal, not finished: ${show(stopped)}`)
      assert.ok(tookMs < 1500, `stopped at once (${Math.round(tookMs)} ms)`)
      assert.deepEqual(storeProblems(db), [])
      const weights = await runCli(['weights', '--db', db, '--json'])
      assert.equal(weights.code, 66, `no run stored: ${show(weights)}`)

      const again = await runCli(['link', '--db', db, '--json'], { timeoutMs: 60_000 })
      assert.equal(again.code, 0, show(again))
      assert.equal((JSON.parse(again.stdout) as { accounts: number }).accounts, 3000)
    })
  }
})
