import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, aStatusRecord, aVerificationRecord } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { toInstant } from '../core/time.ts'
import type { LineSource } from '../ports/index.ts'
import { decideOnIngest } from './decide-on-ingest.ts'
import { ingestRecords } from './ingest-records.ts'
import { loadPolicy } from './manage-policies.ts'

const POLICY = `
policy: watch
rules:
  - id: failed-video
    on: [event]
    events: [verification_failed]
    when: '"video" in account.failed_verifications'
    action: { type: review, reason: failed_video, priority: high }
  - id: back-again
    on: [activation]
    when: 'true'
    action: { type: review, reason: reactivated, priority: low }
`

function lines(records: Record<string, unknown>[]): LineSource {
  const texts = records.map((r) => JSON.stringify(r))
  return {
    name: 'test',
    size: undefined,
    lines: (async function* () {
      for (const [i, text] of texts.entries()) yield { lineNo: i + 1, text, endOffset: 0 }
    })(),
  }
}

function store() {
  const events = SqliteEventStore.open(':memory:')
  const clock = new FixedClock(toInstant(Date.parse('2024-02-01T00:00:00Z')))
  const deps = { events, linkage: events.linkageStore(), policies: events.policyStore(), clock, compiled: new Map() }
  const ingest = (records: Record<string, unknown>[]) =>
    ingestRecords({ events, clock, parser: new InProcessRecordParser() }, lines(records))
  return { deps, ingest }
}

describe('decideOnIngest', () => {
  it('decides nothing and records nothing while no policy is loaded', async () => {
    const { deps, ingest } = store()
    const report = await ingest([anAccountRecord(), aVerificationRecord('video', { outcome: 'failed' })])
    assert.deepEqual(await decideOnIngest(deps, report, 'api'), [])
    assert.deepEqual(await deps.policies.decisionsOf('a1'), [])
  })

  it('fires the events of the stored records: a failed verification, a reinstatement; duplicates fire nothing', async () => {
    const { deps, ingest } = store()
    await loadPolicy(deps, { source: POLICY, file: 'w.yaml', mode: 'live', actor: 'lead' })
    await ingest([anAccountRecord(), aStatusRecord('suspended')])
    const records = [
      aVerificationRecord('video', { outcome: 'failed' }),
      aStatusRecord('reinstated', { at: '2024-01-06T00:00:00Z' }),
    ]
    const decided = await decideOnIngest(deps, await ingest(records), 'api')
    assert.deepEqual(
      decided.map((d) => [d.trigger, d.event, d.outcomes[0]?.hit?.rule.id]),
      [
        ['event', 'verification_failed', 'failed-video'],
        ['event', 'status_change', undefined],
        ['activation', undefined, 'back-again'],
      ],
    )
    assert.deepEqual(await decideOnIngest(deps, await ingest(records), 'api'), [], 'a retry stores nothing')
    assert.equal((await deps.policies.decisionsOf('a1')).length, 2)
  })

  it('skips accounts not registered yet', async () => {
    const { deps, ingest } = store()
    await loadPolicy(deps, { source: POLICY, file: 'w.yaml', mode: 'live', actor: 'lead' })
    const report = await ingest([aVerificationRecord('video', { account: 'early', outcome: 'failed' })])
    assert.deepEqual(await decideOnIngest(deps, report, 'api'), [])
  })
})
