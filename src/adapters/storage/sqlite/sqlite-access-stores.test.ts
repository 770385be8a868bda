import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { toInstant } from '../../../core/time.ts'
import { describeAccessStoresContract } from '../../../ports/api-key-store.contract.ts'
import { SqliteAccessStores } from './sqlite-access-stores.ts'
import { SqliteEventStore } from './sqlite-event-store.ts'

describeAccessStoresContract('SqliteAccessStores (in memory)', async () => {
  const stores = SqliteAccessStores.open(':memory:')
  return { apiKeys: stores.apiKeys, idempotency: stores.idempotency, close: async () => stores.close() }
})

describe('SqliteAccessStores on a store file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-access-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('shares the event store file, whose opening created the tables, and keeps keys across reopening', async () => {
    const file = join(dir, 'store.db')
    const events = SqliteEventStore.open(file)
    const first = SqliteAccessStores.open(file)
    await first.apiKeys.insert({
      id: 'key_1',
      name: 'n',
      scopes: ['read'],
      hash: 'c'.repeat(64),
      createdAt: toInstant(0),
      revokedAt: null,
    })
    first.close()
    const second = SqliteAccessStores.open(file)
    assert.equal((await second.apiKeys.list()).length, 1)
    second.close()
    await events.close()
  })

  it('refuses a file that is not a store yet, saying what to do', () => {
    assert.throws(() => SqliteAccessStores.open(join(dir, 'missing.db')), /oneseller|store|open/)
  })
})
