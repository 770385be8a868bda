import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { NodeSecrets } from '../adapters/secrets/node-secrets.ts'
import { SqliteAccessStores } from '../adapters/storage/sqlite/sqlite-access-stores.ts'
import { isOnesellerError } from '../core/errors.ts'
import { toInstant } from '../core/time.ts'
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts'

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

  it('says which id is unknown when revoking', async () => {
    await assert.rejects(revokeApiKey(deps(), 'key_nope'), /key_nope/)
  })
})
