import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { toInstant } from '../core/time.ts'
import type { ApiKeyStore, StoredApiKey } from './api-key-store.ts'
import type { IdempotencyStore } from './idempotency-store.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))

const aKey = (over: Partial<StoredApiKey> = {}): StoredApiKey => ({
  id: 'key_1',
  name: 'shop-eu',
  scopes: ['ingest', 'read'],
  hash: 'a'.repeat(64),
  createdAt: T0,
  revokedAt: null,
  ...over,
})

export interface AccessStores {
  readonly apiKeys: ApiKeyStore
  readonly idempotency: IdempotencyStore
  close(): Promise<void>
}

/** The behaviour every {@link ApiKeyStore} and {@link IdempotencyStore} must have; each adapter runs this suite. */
export function describeAccessStoresContract(name: string, open: () => Promise<AccessStores>): void {
  describe(`${name} satisfies ApiKeyStore and IdempotencyStore`, () => {
    let stores: AccessStores
    beforeEach(async () => {
      stores = await open()
    })
    afterEach(async () => {
      await stores.close()
    })

    it('finds a key by its hash, with its name, scopes and times', async () => {
      await stores.apiKeys.insert(aKey())
      assert.deepEqual(await stores.apiKeys.findByHash('a'.repeat(64)), aKey())
      assert.equal(await stores.apiKeys.findByHash('b'.repeat(64)), undefined)
    })

    it('refuses a second key with the same hash', async () => {
      await stores.apiKeys.insert(aKey())
      await assert.rejects(stores.apiKeys.insert(aKey({ id: 'key_2' })))
    })

    it('lists keys oldest first', async () => {
      await stores.apiKeys.insert(aKey({ id: 'key_b', hash: 'b'.repeat(64), createdAt: toInstant(T0 + 1) }))
      await stores.apiKeys.insert(aKey({ id: 'key_a' }))
      assert.deepEqual(
        (await stores.apiKeys.list()).map((k) => k.id),
        ['key_a', 'key_b'],
      )
    })

    it('revokes a key once, keeping the first revocation time, and says when the id is unknown', async () => {
      await stores.apiKeys.insert(aKey())
      assert.equal((await stores.apiKeys.revoke('key_1', toInstant(T0 + 5)))?.revokedAt, T0 + 5)
      assert.equal((await stores.apiKeys.revoke('key_1', toInstant(T0 + 9)))?.revokedAt, T0 + 5)
      assert.equal((await stores.apiKeys.findByHash('a'.repeat(64)))?.revokedAt, T0 + 5)
      assert.equal(await stores.apiKeys.revoke('key_x', T0), undefined)
    })

    it('keeps the first answer saved for an owner and key, apart from other owners', async () => {
      const first = { fingerprint: 'f1', answer: '{"n":1}', savedAt: T0 }
      assert.deepEqual(await stores.idempotency.save('key_1', 'k', first), first)
      assert.deepEqual(await stores.idempotency.save('key_1', 'k', { ...first, fingerprint: 'f2' }), first)
      assert.deepEqual(await stores.idempotency.find('key_1', 'k'), first)
      assert.equal(await stores.idempotency.find('key_2', 'k'), undefined)
    })

    it('forgets answers saved before a time', async () => {
      await stores.idempotency.save('o', 'old', { fingerprint: 'f', answer: 'a', savedAt: T0 })
      await stores.idempotency.save('o', 'new', { fingerprint: 'f', answer: 'a', savedAt: toInstant(T0 + 10) })
      assert.equal(await stores.idempotency.forgetBefore(toInstant(T0 + 5)), 1)
      assert.equal(await stores.idempotency.find('o', 'old'), undefined)
      assert.ok(await stores.idempotency.find('o', 'new'))
    })
  })
}
