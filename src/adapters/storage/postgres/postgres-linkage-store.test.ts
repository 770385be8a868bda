import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { runLinkage } from '../../../app/run-linkage.ts'
import type { AccountId } from '../../../core/ids.ts'
import type { Evidence, LinkageWeights } from '../../../core/linkage/index.ts'
import { toInstant } from '../../../core/time.ts'
import type { ClusterView } from '../../../ports/index.ts'
import { describeLinkageStoreContract } from '../../../ports/linkage-store.contract.ts'
import { generateMarketplace } from '../../../sim/index.ts'
import { FixedClock } from '../../clock/system-clock.ts'
import { parseLines } from '../../parse/parse-lines.ts'
import { SqliteEventStore } from '../sqlite/sqlite-event-store.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)
const AT = toInstant(Date.UTC(2026, 0, 1))

const WEIGHTS: LinkageWeights = {
  version: 0,
  accounts: 3,
  m: { email: 0.9 },
  linkThreshold: 12,
  strongThreshold: 20,
  circumstantialCap: 4,
  contentCap: 6,
}

const SHARED_PHONE: Evidence = {
  kind: 'phone',
  class: 'personal',
  value: '+14155550100',
  sharedBy: 2,
  weight: 14.5,
  reason: 'the same phone number',
}

describe('PostgresLinkageStore', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  let store: PostgresEventStore
  before(async () => {
    store = await PostgresEventStore.open((await schemas.create()).url)
  })
  after(async () => {
    await store?.close()
    await schemas.end()
  })

  describeLinkageStoreContract('PostgresLinkageStore', async () => {
    const { schema, url } = await schemas.create()
    const events = await PostgresEventStore.open(url)
    return {
      linkage: events.linkageStore(),
      close: async () => {
        await events.close()
        await schemas.drop(schema)
      },
    }
  })

  it('keeps every run’s weights as a version and answers from the latest run', async () => {
    const linkage = store.linkageStore()
    assert.equal(await linkage.clusterOf('a1'), undefined)
    const first = await linkage.saveLinkage({
      weights: WEIGHTS,
      clusters: new Map([
        ['a1', 'a1'],
        ['a2', 'a1'],
        ['a3', 'a3'],
      ]),
      links: [{ a: 'a1', b: 'a2', score: 14.5, evidence: [SHARED_PHONE] }],
      controlChanges: new Map(),
      at: AT,
    })
    const second = await linkage.saveLinkage({
      weights: { ...WEIGHTS, linkThreshold: 13 },
      clusters: new Map([
        ['a1', 'a1'],
        ['a2', 'a2'],
        ['a3', 'a1'],
      ]),
      links: [
        { a: 'a1', b: 'a3', score: 1, evidence: [] },
        { a: 'a1', b: 'a3', score: 15, evidence: [SHARED_PHONE] },
      ],
      controlChanges: new Map(),
      at: toInstant(AT + 1),
    })
    assert.deepEqual([first, second], [1, 2])
    assert.deepEqual(await linkage.clusterOf('a3'), {
      cluster: 'a1',
      members: ['a1', 'a3'],
      links: [{ a: 'a1', b: 'a3', score: 15, evidence: [SHARED_PHONE] }],
      linkCount: 1,
      weightsVersion: 2,
    })
    const versions = await linkage.listWeights()
    assert.deepEqual(
      versions.map((v) => [v.version, v.at, v.weights.linkThreshold, v.weights.version]),
      [
        [2, AT + 1, 13, 2],
        [1, AT, 12, 1],
      ],
    )
  })
})

describe('PostgresEventStore beside SqliteEventStore', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  // Batches of up to 1,000 records are read and written with one statement each under the writers' lock, larger ones
  // (an import's) with a statement per step: both must store and derive what SQLite does. Batches in reverse file
  // order: registrations arrive after later records, so state is folded again. Counting records first, in one large
  // batch: accounts known only by their sessions and listings, registered by the next batch.
  const variants: readonly { readonly name: string; readonly order: (lines: readonly string[]) => string[][] }[] = [
    { name: 'batches of 700, in reverse order', order: (lines) => chunks(lines, 700).reverse() },
    { name: 'batches of 1,100, in reverse order', order: (lines) => chunks(lines, 1_100).reverse() },
    {
      name: 'sessions and listings first, in one batch',
      order: (lines) => {
        const counting = lines.filter((l) => /^\{"type":"(session|listing)"/.test(l))
        assert.ok(counting.length > 1_000)
        return [counting, lines.filter((l) => !counting.includes(l))]
      },
    },
  ]
  for (const { name, order } of variants) {
    it(`derives the same accounts and links a generated marketplace the same way (${name})`, async () => {
      const lines = [...generateMarketplace({ accounts: 160, seed: 11 })].flatMap((c) => c.lines)
      let lineNo = 0
      const batches = order(lines).map((batch) => {
        const parsed = parseLines(
          'generated.ndjson',
          batch.map((text) => ({ lineNo: ++lineNo, text, endOffset: 0 })),
        )
        assert.equal(parsed.rejections.length, 0)
        return [...parsed.events]
      })
      const postgres = await PostgresEventStore.open((await schemas.create()).url)
      const sqlite = SqliteEventStore.open(':memory:')
      for (const batch of batches) {
        assert.deepEqual(await postgres.append(batch, AT), await sqlite.append(batch, AT))
      }
      assert.deepEqual(await postgres.stats(), await sqlite.stats())
      const ids = [...new Set(lines.map((l) => (JSON.parse(l) as { account: string }).account))]
      for (const id of ids) {
        assert.deepEqual(await postgres.getAccount(id as AccountId), await sqlite.getAccount(id as AccountId), id)
      }
      assert.deepEqual(await postgres.listEvents(ids[0] as AccountId), await sqlite.listEvents(ids[0] as AccountId))
      assert.equal(await postgres.rebuildState(), await sqlite.rebuildState())
      assert.deepEqual(await postgres.getAccount(ids[1] as AccountId), await sqlite.getAccount(ids[1] as AccountId))

      const clock = new FixedClock(AT)
      const onPostgres = await runLinkage({ events: postgres, linkage: postgres.linkageStore(), clock })
      const onSqlite = await runLinkage({ events: sqlite, linkage: sqlite.linkageStore(), clock })
      assert.deepEqual(onPostgres.summary, onSqlite.summary)
      assert.deepEqual(onPostgres.run.clusters, onSqlite.run.clusters)
      assert.deepEqual(onPostgres.run.controlChanges, onSqlite.run.controlChanges)
      assert.deepEqual(
        await postgres.linkageStore().readLinkageSummary(),
        await sqlite.linkageStore().readLinkageSummary(),
      )
      const summaries = async (store: typeof postgres | typeof sqlite) => {
        const all: unknown[] = []
        await store.scanSummaries((x) => all.push(x))
        return all
      }
      assert.deepEqual(await summaries(postgres), await summaries(sqlite))
      const linked = onSqlite.summary.biggest[0]?.cluster
      assert.ok(linked !== undefined && onSqlite.summary.linkedAccounts > 0)
      const view = (v: ClusterView | undefined) =>
        v && { ...v, links: [...v.links].sort((x, y) => `${x.a} ${x.b}`.localeCompare(`${y.a} ${y.b}`)) }
      assert.deepEqual(
        view(await postgres.linkageStore().clusterOf(linked)),
        view(await sqlite.linkageStore().clusterOf(linked)),
      )
      await postgres.close()
      await sqlite.close()
    })
  }
})

/** Consecutive slices of `size` lines. */
function chunks(lines: readonly string[], size: number): string[][] {
  const out: string[][] = []
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size))
  return out
}
