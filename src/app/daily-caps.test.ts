// The daily caps as a sweep and a registration meet them: counted per policy name across its versions, per UTC day.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { openNdjsonFile } from '../adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { MS_PER_DAY, toInstant } from '../core/time.ts'
import { WORLD_END, writeMarketplace } from '../sim/index.ts'
import { decideAccount } from './decide-account.ts'
import { importRecords } from './import-records.ts'
import { runLinkage } from './run-linkage.ts'
import { runSweep } from './run-sweep.ts'

const VIDEO_SWEEP = readFileSync(new URL('../../policies/video-sweep.yaml', import.meta.url), 'utf8')
const ONBOARDING = readFileSync(new URL('../../policies/onboarding.yaml', import.meta.url), 'utf8')
/** The video sweep held to 3 decisions a day, without its guard against asking an account twice. */
const CAPPED = VIDEO_SWEEP.replace(/per_rule_per_day: \d+/, 'per_rule_per_day: 3').replace(
  / &&\s+history\.open_requirements == 0/,
  '',
)

describe('daily caps', () => {
  let dir: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneseller-caps-'))
    await writeMarketplace({ accounts: 200, seed: 5, outDir: dir })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  async function aStore() {
    const store = SqliteEventStore.open(join(dir, `${Math.random().toString(36).slice(2)}.db`))
    // Midday, so that a day later is another UTC day and an hour later the same one.
    const clock = new FixedClock(toInstant(Math.floor(WORLD_END / MS_PER_DAY) * MS_PER_DAY + MS_PER_DAY / 2))
    await importRecords({ events: store, clock, parser: new InProcessRecordParser() }, [
      openNdjsonFile(join(dir, 'events.ndjson')),
    ])
    const linkage = store.linkageStore()
    await runLinkage({ events: store, linkage, clock })
    return { store, clock, deps: { events: store, linkage, policies: store.policyStore(), clock } }
  }

  it('counts a sweep cap across the versions of a policy within a day, and afresh the next day', async () => {
    assert.notEqual(CAPPED, VIDEO_SWEEP)
    const { store, clock, deps } = await aStore()
    try {
      const sweep = { ...deps, secrets: new NodeSecrets() }
      const v1 = await runSweep(sweep, { source: CAPPED, file: 'v.yaml', apply: true, actor: 't' })
      assert.equal(v1.applied?.recorded, 3)
      // Version 2, the same day: its decisions have keys of their own, but the cap counts the policy's day.
      clock.advance(3_600_000)
      const v2 = await runSweep(sweep, { source: `${CAPPED}\n# v2\n`, file: 'v.yaml', apply: true, actor: 't' })
      assert.equal(v2.policy.version, 2)
      assert.equal(v2.applied?.recorded, 0, 'the cap of the day is used up by version 1')
      assert.ok(v2.report.capped > 0)
      clock.advance(MS_PER_DAY)
      const next = await runSweep(sweep, { source: `${CAPPED}\n# v2\n`, file: 'v.yaml', apply: true, actor: 't' })
      assert.equal(next.applied?.recorded, 3, 'a new day, a new cap')
    } finally {
      await store.close()
    }
  })

  it('holds back a registration once the day is at its cap, and decides again the next day', async () => {
    const { store, clock, deps } = await aStore()
    try {
      const source = ONBOARDING.replace(/per_rule_per_day: \d+/, 'per_rule_per_day: 2')
      assert.notEqual(source, ONBOARDING, 'the shipped policy states its cap')
      await deps.policies.savePolicy({ name: 'onboarding', source, mode: 'live', loadedBy: 't', at: clock.now() })
      const accounts: string[] = []
      await store.scanSummaries((s) => {
        // One rule: individuals (businesses hit a rule, and a cap, of their own).
        if (s.registered && s.kind === 'individual' && accounts.length < 4) accounts.push(s.id)
      })
      const decide = (account: string, cause: string) =>
        decideAccount({ ...deps, compiled: new Map() }, { account, trigger: 'registration', cause, actor: 't' })
      const held: (string | undefined)[] = []
      for (const account of accounts.slice(0, 3)) {
        const d = await decide(account, 'day-1')
        held.push(d.outcomes.find((o) => o.policy === 'onboarding')?.heldBack)
      }
      assert.deepEqual(held, [undefined, undefined, 'cap'])
      clock.advance(MS_PER_DAY)
      const nextDay = await decide(accounts[3] as string, 'day-2')
      assert.equal(nextDay.outcomes.find((o) => o.policy === 'onboarding')?.heldBack, undefined)
      assert.equal(nextDay.recorded.length, 1)
    } finally {
      await store.close()
    }
  })
})
