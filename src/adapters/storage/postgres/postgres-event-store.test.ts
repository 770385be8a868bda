import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { Pool } from 'pg'
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
import type { ScannedEvent } from '../../../ports/index.ts'
import { describePostgresUrl } from './postgres-errors.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import { migratePostgres, POSTGRES_MIGRATIONS } from './postgres-migrations.ts'
import { postgresSkipReason, ThrowawaySchemas } from './throwaway-schemas.ts'

const DATABASE_URL = process.env.DATABASE_URL
const skip = postgresSkipReason(DATABASE_URL)
const NOW = toInstant(Date.UTC(2026, 0, 1))
const A1 = 'a1' as AccountId

describe('PostgreSQL URLs in messages', () => {
  it('names user, host, port and database, never the password or the query', () => {
    assert.equal(
      describePostgresUrl('postgres://shop:s3cret@db.example.com:6543/oneseller?password=other&sslmode=require'),
      'postgres://shop@db.example.com:6543/oneseller',
    )
  })

  it('names the setting, not the value, when the URL cannot be read', () => {
    assert.equal(
      describePostgresUrl('postgres://shop:s3cret@[bad'),
      'the PostgreSQL database in DATABASE_URL (or --db)',
    )
  })

  it('says that the server cannot be reached, where, and which setting to fix, without the password', async () => {
    // Port 1 on the loopback interface: nothing listens there, so the connection is refused at once.
    const url = 'postgres://shop:s3cret-pass@127.0.0.1:1/oneseller'
    await assert.rejects(PostgresEventStore.open(url), (e) => {
      assert.ok(isOnesellerError(e))
      assert.equal(e.code, 'storage_unavailable')
      assert.match(e.message, /cannot connect to PostgreSQL at postgres:\/\/shop@127\.0\.0\.1:1\/oneseller/)
      assert.match(e.message, /ECONNREFUSED/)
      assert.match(e.message, /DATABASE_URL/)
      assert.ok(!e.message.includes('s3cret-pass'))
      return true
    })
  })
})

describe('PostgresEventStore', { skip }, () => {
  const schemas = new ThrowawaySchemas(DATABASE_URL ?? '')
  after(() => schemas.end())

  describeEventStoreContract('PostgresEventStore', async () => {
    const { schema, url } = await schemas.create()
    return schemas.withDropOnClose(await PostgresEventStore.open(url), schema)
  })

  /** A store in a schema of its own; the schema is dropped at the end of the file. */
  const openFresh = async () => {
    const { schema, url } = await schemas.create()
    return { schema, url, store: await PostgresEventStore.open(url) }
  }

  describe('migrations', () => {
    it('applies each migration once: opening again runs none and keeps what was stored', async () => {
      const { schema, url, store } = await openFresh()
      await store.append([toEventInput(anAccountRecord())], NOW)
      await store.close()
      const applied = `SELECT version, applied_at FROM ${schema}.schema_migrations ORDER BY version`
      const first = await schemas.query(applied)
      assert.deepEqual(
        first.map((r) => r.version),
        POSTGRES_MIGRATIONS.map((m) => m.version),
      )
      const reopened = await PostgresEventStore.open(url)
      assert.deepEqual(await schemas.query(applied), first)
      assert.equal((await reopened.getAccount(A1))?.registered, true)
      await reopened.close()
    })

    it('leaves the schema at the previous version when a migration fails halfway', async () => {
      const { schema, url, store } = await openFresh()
      await store.append([toEventInput(anAccountRecord())], NOW)
      await store.close()
      const pool = new Pool({ connectionString: url, max: 1 })
      const current = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version))
      const broken = {
        version: current + 1,
        sql: 'CREATE TABLE half_done (id integer); INSERT INTO no_such_table VALUES (1);',
      }
      await assert.rejects(migratePostgres(pool, [...POSTGRES_MIGRATIONS, broken], 'the test database'), (e) => {
        assert.ok(isOnesellerError(e))
        assert.match(
          e.message,
          new RegExp(`migration ${current + 1} failed on the test database \\(.*no_such_table.*\\)`),
        )
        assert.match(e.message, new RegExp(`stays at version ${current}\\b`))
        return true
      })
      await pool.end()
      const versions = await schemas.query(`SELECT max(version) AS v FROM ${schema}.schema_migrations`)
      assert.equal(versions[0]?.v, current)
      const tables = await schemas.query(
        'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
        [schema, 'half_done'],
      )
      assert.equal(tables.length, 0)
      const reopened = await PostgresEventStore.open(url)
      assert.equal((await reopened.getAccount(A1))?.registered, true)
      await reopened.close()
    })

    it('refuses a schema that holds another application’s tables, names it, and leaves it untouched', async () => {
      const { schema, url } = await schemas.create()
      await schemas.query(`CREATE TABLE ${schema}.invoices (id integer PRIMARY KEY)`)
      await assert.rejects(PostgresEventStore.open(url), (e) => {
        assert.ok(isOnesellerError(e))
        assert.equal(e.code, 'invalid_input')
        assert.match(
          e.message,
          new RegExp(`not a oneseller database: its schema "${schema}" holds other tables \\(invoices\\)`),
        )
        return true
      })
      const tables = await schemas.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [
        schema,
      ])
      assert.deepEqual(
        tables.map((t) => t.table_name),
        ['invoices'],
      )
    })

    it('refuses a schema migrated by a newer oneseller', async () => {
      const { schema, url, store } = await openFresh()
      await store.close()
      await schemas.query(`INSERT INTO ${schema}.schema_migrations VALUES (999, now())`)
      await assert.rejects(PostgresEventStore.open(url), /migrated by a newer oneseller \(schema version 999/)
    })

    it('names a search_path schema that does not exist', async () => {
      const u = new URL(DATABASE_URL ?? '')
      u.searchParams.set('options', '-c search_path=oneseller_test_missing')
      await assert.rejects(
        PostgresEventStore.open(u.toString()),
        /none of the search_path \(oneseller_test_missing\) exists/,
      )
    })
  })

  it('names a database that does not exist and the setting to correct', async () => {
    const u = new URL(DATABASE_URL ?? '')
    u.pathname = '/oneseller_no_such_database'
    await assert.rejects(PostgresEventStore.open(u.toString()), (e) => {
      assert.ok(isOnesellerError(e))
      assert.equal(e.code, 'storage_unavailable')
      assert.match(e.message, /database "oneseller_no_such_database" does not exist/)
      assert.match(e.message, /DATABASE_URL/)
      return true
    })
  })

  it('reports a duplicate with the seq it was stored under, and numbers the log without gaps', async () => {
    const { store } = await openFresh()
    const first = await store.append([toEventInput(anAccountRecord()), toEventInput(aSessionRecord())], NOW)
    const session2 = toEventInput(aSessionRecord({ at: '2024-01-05T00:00:00Z' }))
    const second = await store.append([toEventInput(aSessionRecord()), session2, session2], NOW)
    assert.deepEqual(first, [
      { kind: 'stored', seq: 1 },
      { kind: 'stored', seq: 2 },
    ])
    assert.deepEqual(second, [
      { kind: 'duplicate', seq: 2 },
      { kind: 'stored', seq: 3 },
      { kind: 'duplicate', seq: 3 },
    ])
    assert.deepEqual(
      (await store.listEvents(A1)).map((e) => e.seq),
      [1, 2, 3],
    )
    await store.close()
  })

  it('rejects an account id PostgreSQL cannot hold (U+0000), naming the field, and stores the rest', async () => {
    const { store } = await openFresh()
    const outcomes = await store.append(
      [toEventInput(aSessionRecord({ account: 'bad\u0000id' })), toEventInput(anAccountRecord())],
      NOW,
    )
    assert.deepEqual(outcomes[0], {
      kind: 'rejected',
      field: 'account',
      message: 'must not contain the NUL character (U+0000)',
    })
    assert.deepEqual(outcomes[1], { kind: 'stored', seq: 1 })
    await store.close()
  })

  it('stores a batch larger than one statement in one call, and counts every record', async () => {
    const { store } = await openFresh()
    const accounts = 1_100
    const batch = []
    for (let i = 0; i < accounts; i++) {
      batch.push(toEventInput(anAccountRecord({ account: `s${i}` })))
      for (let d = 1; d <= 9; d++) {
        batch.push(
          toEventInput(aSessionRecord({ account: `s${i}`, at: `2024-01-${String(d + 1).padStart(2, '0')}T00:00:00Z` })),
        )
      }
    }
    const outcomes = await store.append(batch, NOW)
    assert.equal(outcomes.filter((o) => o.kind === 'stored').length, 11_000)
    assert.deepEqual(outcomes.map((o) => (o.kind === 'stored' ? o.seq : 0)).slice(-2), [10_999, 11_000])
    const stats = await store.stats()
    assert.equal(stats.accounts, accounts)
    assert.equal(stats.recordsByType.session, accounts * 9)
    assert.equal((await store.getAccount('s1099' as AccountId))?.eventCounts.session, 9)
    const again = await store.append(batch, NOW)
    assert.ok(again.every((o) => o.kind === 'duplicate'))
    await store.close()
  })

  it('keeps derived state exact when two stores append to the same database at once', async () => {
    const { url, store: one } = await openFresh()
    const two = await PostgresEventStore.open(url)
    const sessions = (from: number) =>
      Array.from({ length: 200 }, (_, i) =>
        toEventInput(aSessionRecord({ at: new Date(Date.UTC(2024, 1, 1) + (from + i) * 60_000).toISOString() })),
      )
    const registration = toEventInput(anAccountRecord())
    const [x, y] = await Promise.all([
      one.append([registration, ...sessions(0)], NOW),
      two.append([registration, ...sessions(100)], NOW),
    ])
    const stored = [...x, ...y].filter((o) => o.kind === 'stored').length
    assert.equal(stored, 1 + 300)
    const state = await one.getAccount(A1)
    assert.equal(state?.eventCounts.session, 300)
    assert.equal(state?.eventCounts.account, 1)
    assert.equal((await two.listEvents(A1)).length, 301)
    await Promise.all([one.close(), two.close()])
  })

  it('scans registered accounts with their events in time order', async () => {
    const { store } = await openFresh()
    await store.append(
      [
        toEventInput(aSessionRecord({ at: '2024-03-01T00:00:00Z' })),
        toEventInput(anAccountRecord()),
        toEventInput(anUpdateRecord({ email: 'b@example.com' })),
        toEventInput(aStatusRecord('suspended')),
        toEventInput(anAccountRecord({ account: 'a0' })),
        toEventInput(aSessionRecord({ account: 'ghost' })),
      ],
      NOW,
    )
    const visited: [string, string[]][] = []
    const n = await store.scanAccounts((state, events: readonly ScannedEvent[]) => {
      visited.push([state.id, events.map((e) => e.type)])
    })
    assert.equal(n, 2)
    assert.deepEqual(visited, [
      ['a0', ['account']],
      ['a1', ['account', 'update', 'status', 'session']],
    ])
    await store.close()
  })

  it('scans accounts whose events span several fetched batches, each once with all its events', async () => {
    const { store } = await openFresh()
    // 7,000 sessions each: the scan fetches 10,000 rows at a time, so accounts begin and end inside batches.
    const sessionsOf = (account: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        toEventInput(aSessionRecord({ account, at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() })),
      )
    await store.append(
      [
        ...['s1', 's2', 's3'].map((account) => toEventInput(anAccountRecord({ account }))),
        ...sessionsOf('s1', 7_000),
        ...sessionsOf('s2', 7_000),
        ...sessionsOf('s2x', 7_000),
        ...sessionsOf('s3', 7_000),
      ],
      NOW,
    )
    const visited: [string, number][] = []
    const n = await store.scanAccounts((state, events) => {
      visited.push([state.id, events.length])
    })
    assert.equal(n, 3)
    // s2x never registered: its sessions are read past, not visited.
    assert.deepEqual(visited, [
      ['s1', 7_001],
      ['s2', 7_001],
      ['s3', 7_001],
    ])
    await store.close()
  })
})
