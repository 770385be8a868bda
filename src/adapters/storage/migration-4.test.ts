// Migration 4 on a store written before it: the backfill must give what this version writes itself.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { runLinkage } from '../../app/run-linkage.ts'
import type { AccountSummary, LinkageSummaryData } from '../../core/features/index.ts'
import type { AccountId } from '../../core/ids.ts'
import { toInstant } from '../../core/time.ts'
import type { EventStore, LinkageStore } from '../../ports/index.ts'
import { generateMarketplace } from '../../sim/index.ts'
import { FixedClock } from '../clock/system-clock.ts'
import { parseLines } from '../parse/parse-lines.ts'
import { PostgresEventStore } from './postgres/postgres-event-store.ts'
import { postgresSkipReason, ThrowawaySchemas } from './postgres/throwaway-schemas.ts'
import { SqliteEventStore } from './sqlite/sqlite-event-store.ts'

const AT = toInstant(Date.UTC(2026, 0, 1))
const DATABASE_URL = process.env.DATABASE_URL

type Store = EventStore & { linkageStore(): LinkageStore }

interface Snapshot {
  readonly summaries: AccountSummary[]
  readonly linkage: LinkageSummaryData
  readonly states: unknown[]
}

/** A generated marketplace (with purchased accounts, verifications and invalid identifiers), stored and linked. */
async function fill(store: Store): Promise<void> {
  const lines = [...generateMarketplace({ accounts: 400, seed: 5 })].flatMap((c) => c.lines)
  for (let i = 0; i < lines.length; i += 2_000) {
    const slice = lines.slice(i, i + 2_000).map((text, k) => ({ lineNo: i + k + 1, text, endOffset: 0 }))
    await store.append(parseLines('generated.ndjson', slice).events, AT)
  }
  await runLinkage({ events: store, linkage: store.linkageStore(), clock: new FixedClock(AT) })
}

async function snapshot(store: Store): Promise<Snapshot> {
  const summaries: AccountSummary[] = []
  await store.scanSummaries((s) => summaries.push(s))
  const states = await Promise.all(summaries.map((s) => store.getAccount(s.id as AccountId)))
  return { summaries, linkage: await store.linkageStore().readLinkageSummary(), states }
}

/** The store must hold what makes the test meaningful: each backfilled column has values to fill. */
function assertNonTrivial(s: Snapshot): void {
  assert.ok(s.summaries.filter((x) => Object.keys(x.verifications).length > 0).length > 20)
  assert.ok(s.summaries.some((x) => x.problems.length > 0 && x.invalidKinds.length > 0))
  assert.ok([...s.linkage.clusters.controlChangeAt].filter((t) => !Number.isNaN(t)).length > 0)
  assert.ok(s.linkage.links.kinds.length > 0 && s.linkage.links.kinds.every((k) => k !== 0))
}

const BACK_TO_VERSION_3 = [
  // Migration 6 indexes a column migration 4 added: it goes first, and is applied again after 4.
  'DROP INDEX IF EXISTS links_summary',
  'DELETE FROM schema_migrations WHERE version = 6',
  'ALTER TABLE accounts DROP COLUMN verifications',
  'ALTER TABLE accounts DROP COLUMN problems',
  'ALTER TABLE clusters DROP COLUMN control_change_at',
  'ALTER TABLE links DROP COLUMN kinds',
  'DELETE FROM schema_migrations WHERE version = 4',
]

describe('migration 4 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-m4-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('fills verifications, problems, changes of control and link kinds as this version writes them', async () => {
    const file = join(dir, 'store.db')
    const written = SqliteEventStore.open(file)
    await fill(written)
    const expected = await snapshot(written)
    assertNonTrivial(expected)
    await written.close()

    // What a store written before migration 4 holds: the same log, rows and links without the new columns.
    const Database = (await import('better-sqlite3')).default
    const old = new Database(file)
    for (const sql of BACK_TO_VERSION_3) old.exec(sql)
    old.close()

    const migrated = SqliteEventStore.open(file)
    assert.deepEqual(await snapshot(migrated), expected)
    await migrated.close()
  })
})

describe('migration 4 on PostgreSQL', { skip: postgresSkipReason(DATABASE_URL) }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  it('fills verifications, problems, changes of control and link kinds as this version writes them', async () => {
    const { url } = await schemas.create()
    const written = await PostgresEventStore.open(url)
    await fill(written)
    const expected = await snapshot(written)
    assertNonTrivial(expected)
    await written.close()

    const { Client } = (await import('pg')).default
    const old = new Client({ connectionString: url })
    await old.connect()
    for (const sql of BACK_TO_VERSION_3) await old.query(sql)
    await old.end()

    const migrated = await PostgresEventStore.open(url)
    assert.deepEqual(await snapshot(migrated), expected)
    await migrated.close()
  })
})
