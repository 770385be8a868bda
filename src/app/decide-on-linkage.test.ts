import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { openNdjsonFile } from '../adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { toInstant } from '../core/time.ts'
import { WORLD_END, writeMarketplace } from '../sim/index.ts'
import { decideOnLinkage } from './decide-on-linkage.ts'
import { importRecords } from './import-records.ts'
import { loadPolicy } from './manage-policies.ts'
import { runLinkage } from './run-linkage.ts'

const SECOND_REVIEW = readFileSync(new URL('../../policies/second-review.yaml', import.meta.url), 'utf8')

describe('decideOnLinkage', () => {
  let dir: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-linkage-events-'))
    await writeMarketplace({ accounts: 400, seed: 9, outDir: dir })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('decides on the links a run found, once: a second run of the same data fires nothing', async () => {
    const events = SqliteEventStore.open(join(dir, 'store.db'))
    try {
      const clock = new FixedClock(toInstant(WORLD_END))
      const deps = { events, linkage: events.linkageStore(), policies: events.policyStore(), clock }
      await importRecords({ events, clock, parser: new InProcessRecordParser() }, [
        openNdjsonFile(join(dir, 'events.ndjson')),
      ])
      await loadPolicy(deps, { source: SECOND_REVIEW, file: 's.yaml', mode: 'live', actor: 'lead' })

      const previous = await deps.linkage.readLinkageSummary()
      const first = await runLinkage(deps)
      const decided = await decideOnLinkage(deps, previous, {
        weightsVersion: first.summary.weightsVersion,
        actor: 'test',
      })
      assert.ok(decided.fired.new_link >= first.summary.linkedAccounts, 'every linked account is newly linked')
      assert.ok(decided.fired.link_to_deactivated > 0)
      assert.ok(decided.live > 0)
      const history = await deps.policies.historyCounts()
      assert.equal(
        [...history.values()].reduce((n, h) => n + h.decisions, 0),
        decided.live,
      )

      const unchanged = await deps.linkage.readLinkageSummary()
      const second = await runLinkage(deps)
      const again = await decideOnLinkage(deps, unchanged, {
        weightsVersion: second.summary.weightsVersion,
        actor: 'test',
      })
      assert.deepEqual(again.fired, { new_link: 0, link_to_deactivated: 0, change_of_control: 0 })
      assert.equal(again.live, 0)
    } finally {
      await events.close()
    }
  })
})
