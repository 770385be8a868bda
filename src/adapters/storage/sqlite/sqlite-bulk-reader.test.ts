import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { anAccountRecord, toEventInput } from '../../../../test/builders/records.ts'
import { turnsDuring } from '../../../../test/event-loop.ts'
import type { LinkageWeights } from '../../../core/linkage/index.ts'
import { toInstant } from '../../../core/time.ts'
import { ROWS_PER_TURN } from './sqlite-bulk-reader.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

const AT = toInstant(Date.UTC(2026, 0, 1))
const ACCOUNTS = 3 * ROWS_PER_TURN

const WEIGHTS: LinkageWeights = {
  version: 0,
  accounts: ACCOUNTS,
  m: { email: 0.9 },
  linkThreshold: 12,
  strongThreshold: 20,
  circumstantialCap: 4,
  contentCap: 6,
}

describe('SqliteEventStore whole-table reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-bulk-read-'))
  const ids = Array.from({ length: ACCOUNTS }, (_, i) => `s${String(i).padStart(6, '0')}`)
  let store: SqliteEventStore
  before(async () => {
    store = SqliteEventStore.open(join(dir, 'store.db'))
    await store.append(
      ids.map((account, i) => toEventInput(anAccountRecord({ account, email: `${account}@example.com` }), i + 1)),
      AT,
    )
    await store.linkageStore().saveLinkage({
      weights: WEIGHTS,
      // Pairs of accounts, each pair one cluster with one link.
      clusters: new Map(ids.map((id, i) => [id, ids[i - (i % 2)]!])),
      links: ids.flatMap((id, i) => (i % 2 === 1 ? [{ a: ids[i - 1]!, b: id, score: 14, evidence: [] }] : [])),
      controlChanges: new Map(),
      at: AT,
    })
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("lets the event loop turn while it reads every account's summary (a sweep's first step in the server)", async () => {
    const { result, turns } = await turnsDuring(() => store.readSummaryColumns())
    assert.equal(result.size, ACCOUNTS)
    assert.deepEqual([...result.ids].sort(), ids)
    assert.ok(turns >= 2, `the event loop turned ${turns} times during the read`)
  })

  it('lets the event loop turn while it reads the whole latest linkage run', async () => {
    const { result, turns } = await turnsDuring(() => store.linkageStore().readLinkageSummary())
    assert.equal(result.clusters.accounts.length, ACCOUNTS)
    assert.equal(result.links.a.length, ACCOUNTS / 2)
    assert.ok(turns >= 2, `the event loop turned ${turns} times during the read`)
  })

  it('reads a snapshot: what is stored while a read is paused is seen by the next read, not by that one', async () => {
    const reading = store.readSummaryColumns()
    // The read has begun and paused at its first turn: this append commits in between.
    await new Promise((resolve) => setImmediate(resolve))
    await store.append([toEventInput(anAccountRecord({ account: 'late', email: 'late@example.com' }), 1)], AT)
    assert.equal((await reading).size, ACCOUNTS)
    assert.equal((await store.readSummaryColumns()).size, ACCOUNTS + 1)
  })

  it('gives the same summaries and run as an in-memory store, which reads without pausing', async () => {
    const memory = SqliteEventStore.open(':memory:')
    try {
      const few = ids.slice(0, 50)
      await memory.append(
        few.map((account, i) => toEventInput(anAccountRecord({ account, email: `${account}@example.com` }), i + 1)),
        AT,
      )
      const { result, turns } = await turnsDuring(() => memory.readSummaryColumns())
      assert.equal(result.size, 50)
      assert.equal(turns, 0)
      const onDisk = await store.summariesOf(few)
      const inMemory = await memory.summariesOf(few)
      assert.deepEqual(inMemory, onDisk)
    } finally {
      await memory.close()
    }
  })
})
