import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteAccessStores } from '../adapters/storage/sqlite/sqlite-access-stores.ts'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import {
  AUTHENTICATED_KEY_TTL_MS,
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  newAuthenticatedKeys,
  revokeApiKey,
} from './api-keys.ts'

const deps = () => ({
  apiKeys: SqliteAccessStores.open(':memory:').apiKeys,
  secrets: new NodeSecrets(),
  clock: new FixedClock(toInstant(Date.UTC(2026, 0, 1))),
})

describe('API keys', () => {
  it('gives out a 256-bit key once and stores only its SHA-256', async () => {
    const d = deps()
    const { key, secret } = await createApiKey(d, { name: 'shop-eu', scopes: 'read, ingest' })
    assert.match(secret, /^osk_[A-Za-z0-9_-]{43}$/)
    assert.deepEqual(key.scopes, ['ingest', 'read'])
    const [stored] = await d.apiKeys.list()
    assert.equal(stored?.hash, new NodeSecrets().sha256(secret))
    assert.ok(!JSON.stringify(await d.apiKeys.list()).includes(secret.slice(4)))
    assert.deepEqual(await listApiKeys(d), [key])
  })

  it('authenticates a working key and nothing else', async () => {
    const d = deps()
    const { key, secret } = await createApiKey(d, { name: 'shop', scopes: 'ingest' })
    assert.deepEqual(await authenticateApiKey(d, secret), key)
    assert.equal(await authenticateApiKey(d, `${secret}x`), undefined)
    assert.equal(await authenticateApiKey(d, secret.slice(4)), undefined)
    await revokeApiKey(d, key.id)
    assert.equal(await authenticateApiKey(d, secret), undefined)
  })

  it('refuses an unknown scope, no scope and an empty name, naming the option', async () => {
    const d = deps()
    for (const [name, scopes, option] of [
      ['n', 'ingest,admin', '--scope'],
      ['n', ' , ', '--scope'],
      ['  ', 'read', '--name'],
    ] as const) {
      await assert.rejects(createApiKey(d, { name, scopes }), (e) => {
        assert.ok(isOnesellerError(e) && e.code === 'invalid_input')
        assert.ok(e.message.startsWith(option), e.message)
        return true
      })
    }
  })

  it('trusts a working key for a few seconds, then asks the store again', async () => {
    const d = deps()
    const { key, secret } = await createApiKey(d, { name: 'shop', scopes: 'ingest' })
    const cached = { ...d, authenticated: newAuthenticatedKeys() }
    assert.deepEqual(await authenticateApiKey(cached, secret), key)
    // Revoked by another process (another connection to the store): this one does not know yet.
    await d.apiKeys.revoke(key.id, d.clock.now())
    d.clock.advance(AUTHENTICATED_KEY_TTL_MS - 1)
    assert.deepEqual(await authenticateApiKey(cached, secret), key)
    d.clock.advance(1)
    assert.equal(await authenticateApiKey(cached, secret), undefined)
    assert.equal(await authenticateApiKey(cached, secret), undefined, 'a refused key is not kept as working')
  })

  it('forgets a key at once when it is revoked through the same process, and never keeps an unknown one', async () => {
    const d = { ...deps(), authenticated: newAuthenticatedKeys() }
    const { key, secret } = await createApiKey(d, { name: 'shop', scopes: 'ingest' })
    const other = await createApiKey(d, { name: 'other', scopes: 'read' })
    assert.equal(await authenticateApiKey(d, `${secret}x`), undefined)
    assert.deepEqual(await authenticateApiKey(d, secret), key)
    assert.deepEqual(await authenticateApiKey(d, other.secret), other.key)
    assert.equal(d.authenticated.byHash.size, 2)
    await revokeApiKey(d, key.id)
    assert.equal(await authenticateApiKey(d, secret), undefined)
    assert.deepEqual(await authenticateApiKey(d, other.secret), other.key)
    assert.equal(d.authenticated.byHash.size, 1)
  })

  it('says which id is unknown when revoking', async () => {
    await assert.rejects(revokeApiKey(deps(), 'key_nope'), /key_nope/)
  })
})
