import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import {
  anAccountRecord,
  anUpdateRecord,
  aSessionRecord,
  aStatusRecord,
  toEventInput,
} from '../../../../test/builders/records.ts'
import { isOnesellerError } from '../../../core/errors.ts'
import type { AccountId } from '../../../core/ids.ts'
import { toInstant } from '../../../core/time.ts'
import { describeEventStoreContract } from '../../../ports/event-store.contract.ts'
import type { EventInput } from '../../../ports/index.ts'
import { foldAccounts } from '../../parse/fold-accounts.ts'
import { SqliteEventStore, type SqliteStoreOptions } from './sqlite-event-store.ts'

const NOW = toInstant(Date.UTC(2026, 0, 1))

describeEventStoreContract('SqliteEventStore', async () => SqliteEventStore.open(':memory:'))

describe('SqliteEventStore on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-sqlite-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps what it stored across a close and a reopen', async () => {
    const file = join(dir, 'sub', 'store.db')
    const store = SqliteEventStore.open(file)
    await store.append([toEventInput(anAccountRecord())], toInstant(0))
    await store.close()
    const reopened = SqliteEventStore.open(file)
    assert.equal((await reopened.getAccount('a1' as AccountId))?.registered, true)
    await reopened.close()
  })

  it('refuses a file that is not a database, names it, and leaves it untouched', () => {
    const file = join(dir, 'notes.db')
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(100))
    const before = readFileSync(file)
    assert.throws(
      () => SqliteEventStore.open(file),
      (e) => isOnesellerError(e) && e.code === 'invalid_input' && e.message.includes(file),
    )
    assert.deepEqual(readFileSync(file), before)
  })
})

/** The log and the derived tables as stored, for comparing two stores (`stored_at` aside). */
function tablesOf(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true })
  try {
    return {
      events: db.prepare('SELECT seq, account, digest, type, at, body, source_id, source_line FROM events').all(),
      // No declarations and an empty profile row mean the same: a rebuild writes the row for every account.
      accounts: db
        .prepare(
          `SELECT a.*, coalesce(p.profile, '{}') AS profile, coalesce(p.identifiers, '[]') AS identifiers
           FROM accounts a LEFT JOIN account_profiles p ON p.id = a.id ORDER BY a.id`,
        )
        .all(),
    }
  } finally {
    db.close()
  }
}

const ACCOUNTS = ['a1', 'a2', 'a3']
const day = (d: number) => `2024-01-${String(1 + (d % 28)).padStart(2, '0')}T00:00:00Z`
/** Records of a few accounts at a few days, so that repeats, ties and late arrivals are common. */
const aRecord = fc.oneof(
  fc
    .record({ account: fc.constantFrom(...ACCOUNTS), d: fc.nat(6), market: fc.constantFrom('US', 'DE') })
    .map(({ account, d, market }) => anAccountRecord({ account, at: day(d), marketplace: market })),
  fc
    .record({ account: fc.constantFrom(...ACCOUNTS), d: fc.nat(6), email: fc.constantFrom('x@example.com', null) })
    .map(({ account, d, email }) => anUpdateRecord({ email }, { account, at: day(d) })),
  fc
    .record({ account: fc.constantFrom(...ACCOUNTS), d: fc.nat(6), status: fc.constantFrom('suspended', 'reinstated') })
    .map(({ account, d, status }) => aStatusRecord(status, { account, at: day(d) })),
  fc
    .record({ account: fc.constantFrom(...ACCOUNTS), d: fc.nat(6), device: fc.constantFrom('d1', 'd2') })
    .map(({ account, d, device }) => aSessionRecord({ account, at: day(d), device })),
)

describe('SqliteEventStore appends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-sqlite-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  let n = 0
  const fresh = () => SqliteEventStore.open(join(dir, `s${n++}.db`))

  it('derives the same state batch by batch as a rebuild from the whole log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aRecord, { maxLength: 30 }), fc.array(fc.nat(30)), async (records, cuts) => {
        const store = fresh()
        const events = records.map((r, i) => toEventInput(r, i + 1))
        const at = [...new Set(cuts)].sort((a, b) => a - b)
        for (const [i, from] of [0, ...at].entries()) await store.append(events.slice(from, at[i]), NOW)
        const incremental = tablesOf(store.file)
        await store.rebuildState()
        assert.deepEqual(tablesOf(store.file), incremental)
        await store.close()
      }),
      { numRuns: 150 },
    )
  })

  it('stores a large batch, with repeats inside and across it, exactly as one event at a time', async () => {
    const sessions = Array.from({ length: 150 }, (_, i) =>
      toEventInput(aSessionRecord({ account: ACCOUNTS[i % 3], device: `d${i % 70}`, at: day(i % 5) }), i + 1),
    )
    const events = [toEventInput(anAccountRecord()), ...sessions, ...sessions.slice(40, 90)]
    const together = fresh()
    const alone = fresh()
    await together.append(events.slice(0, 60), NOW)
    for (const e of events.slice(0, 60)) await alone.append([e], NOW)
    const outcomes = await together.append(events, NOW)
    const oneByOne = []
    for (const e of events) oneByOne.push(...(await alone.append([e], NOW)))
    assert.deepEqual(outcomes, oneByOne)
    assert.deepEqual(tablesOf(together.file), tablesOf(alone.file))
    await together.close()
    await alone.close()
  })

  it('stores a body given as its UTF-8 as the same text, in every script, in bulk and appended alike', async () => {
    const names = ['山田 太郎', 'Zoë Ørsted', 'محمد', '👩‍👩‍👧 e\u0301', '𝔘𝔫𝔦']
    const asText = names.flatMap((name, i) =>
      Array.from({ length: 40 }, (_, j) =>
        toEventInput(aSessionRecord({ account: ACCOUNTS[i % 3], device: `${name} ${j}`, at: day(j % 5) }), j),
      ),
    )
    const asBytes = asText.map((e) => ({ ...e, bodyUtf8: Buffer.from(e.body) }))
    const bulk = SqliteEventStore.open(join(dir, `s${n++}.db`), { bulkLoadBatch: 10 })
    const appended = fresh()
    const reference = fresh()
    await bulk.append(asBytes, NOW)
    await appended.append(asBytes.slice(0, 1), NOW)
    await appended.append(asBytes, NOW)
    await reference.append(asText.slice(0, 1), NOW)
    await reference.append(asText, NOW)
    for (const store of [bulk, appended]) {
      // Read back as text (a BLOB would come back as a Buffer, and differ).
      assert.deepEqual(tablesOf(store.file), tablesOf(reference.file))
      const db = new Database(store.file, { readonly: true })
      assert.deepEqual(db.prepare('SELECT DISTINCT typeof(body) FROM events').pluck().all(), ['text'])
      db.close()
      await store.close()
    }
    await reference.close()
  })

  it('keeps the write-ahead log short while checkpoints run on their own thread, and loses nothing', async () => {
    const file = join(dir, 'checkpointed.db')
    const store = SqliteEventStore.open(file, { checkpointThreadAfter: 0 })
    const pad = 'p'.repeat(2000)
    let line = 0
    let longestLog = 0
    for (let batch = 0; batch < 40; batch++) {
      const events = Array.from({ length: 1000 }, () =>
        toEventInput(aSessionRecord({ account: `a${line % 500}`, device: `d${line}`, pad }), ++line),
      )
      await store.append(events, NOW)
      longestLog = Math.max(longestLog, statSync(`${file}-wal`).size)
    }
    await store.close()
    // 40,000 records of 2 kB: some 90 MB went through the log, which never held more than a part of it.
    assert.ok(longestLog < 80 * 1024 * 1024, `the log grew to ${longestLog} bytes`)
    const reopened = SqliteEventStore.open(file)
    assert.equal((await reopened.stats()).recordsByType.session, line)
    await reopened.close()
  })
})

describe('SqliteEventStore bulk loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-sqlite-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  let n = 0
  const open = (options: SqliteStoreOptions) => SqliteEventStore.open(join(dir, `b${n++}.db`), options)
  /** Batches of any size load in bulk into an empty store; or never. */
  const BULK = { bulkLoadBatch: 1 }
  const NEVER = { bulkLoadBatch: Number.POSITIVE_INFINITY }
  const hasIndex = (file: string) => {
    const db = new Database(file, { readonly: true })
    try {
      return db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events_by_account'").pluck().get() === 1
    } finally {
      db.close()
    }
  }
  const batchesOf = (events: readonly EventInput[], cuts: readonly number[]) => {
    const at = [...new Set(cuts)].sort((a, b) => a - b)
    return [0, ...at].map((from, i) => events.slice(from, at[i]))
  }

  it('gives an empty store, batch by batch, the outcomes and tables that appending with the index gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aRecord, { maxLength: 40 }), fc.array(fc.nat(40)), async (records, cuts) => {
        // Repeats inside and across batches, as a file imported twice over gives them.
        const events = [...records, ...records.slice(0, 10)].map((r, i) => toEventInput(r, i + 1))
        const bulk = open(BULK)
        const indexed = open(NEVER)
        for (const batch of batchesOf(events, cuts)) {
          assert.deepEqual(await bulk.append(batch, NOW), await indexed.append(batch, NOW))
        }
        await bulk.close()
        await indexed.close()
        assert.ok(hasIndex(bulk.file), 'closing the store builds the index')
        assert.deepEqual(tablesOf(bulk.file), tablesOf(indexed.file))
      }),
      { numRuns: 100 },
    )
  })

  it('builds the index again when a bulk load did not finish, and the log still takes each record once', async () => {
    const file = join(dir, 'unfinished.db')
    const events = Array.from({ length: 60 }, (_, i) =>
      toEventInput(aSessionRecord({ account: ACCOUNTS[i % 3], device: `d${i}` }), i + 1),
    )
    const loading = SqliteEventStore.open(file, BULK)
    await loading.append(events.slice(0, 40), NOW)
    // What a process that dies during its import leaves: its commits, and no index.
    assert.equal(hasIndex(file), false)
    const reopened = SqliteEventStore.open(file)
    assert.equal(hasIndex(file), true)
    assert.equal((await reopened.listEvents('a1' as AccountId)).length, 14)
    const again = await reopened.append(events.slice(30, 50), NOW)
    assert.deepEqual(
      again.map((o) => o.kind),
      [...new Array(10).fill('duplicate'), ...new Array(10).fill('stored')],
    )
    // The first connection sees the index built meanwhile and appends as usual.
    const rest = await loading.append(events, NOW)
    assert.equal(rest.filter((o) => o.kind === 'stored').length, 10)
    await loading.close()
    await reopened.close()
    assert.deepEqual(storedBodies(file), events.map((e) => e.body).sort())
  })

  it('writes the state folded ahead for new accounts as it derives it itself', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aRecord, { maxLength: 40 }), fc.array(fc.nat(40)), async (records, cuts) => {
        const events = [...records, ...records.slice(0, 5)].map((r, i) => toEventInput(r, i + 1))
        const ahead = open(BULK)
        const derived = open(BULK)
        for (const batch of batchesOf(events, cuts)) {
          assert.deepEqual(await ahead.append(batch, NOW, foldAccounts(batch)), await derived.append(batch, NOW))
        }
        await ahead.close()
        await derived.close()
        assert.deepEqual(tablesOf(ahead.file), tablesOf(derived.file))
      }),
      { numRuns: 100 },
    )
  })
})

function storedBodies(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare('SELECT body FROM events').pluck().all() as string[]).sort()
  } finally {
    db.close()
  }
}
