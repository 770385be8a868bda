import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord } from '../../test/builders/records.ts'
import { postJson, startApiServer } from '../../test/http/api-server.ts'

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

describe('API keys on /v1', () => {
  it('answers 401 without a key, with a challenge, and stores nothing', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/records', postJson(anAccountRecord()), null)
    assert.equal(res.status, 401)
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/)
    assert.equal(await errorCode(res), 'unauthorized')
    assert.equal((await api.app.stats()).accounts, 0)
    assert.equal((await api.fetch('/v1/stats', {}, null)).status, 401)
  })

  it('answers 401 for a key it never issued, and for a malformed header', async (t) => {
    const api = await startApiServer(t)
    assert.equal((await api.fetch('/v1/stats', {}, `osk_${'A'.repeat(43)}`)).status, 401)
    assert.equal((await api.fetch('/v1/stats', { headers: { authorization: `Basic ${api.key}` } }, null)).status, 401)
  })

  it('answers 401 for a revoked key, from the next request on', async (t) => {
    const api = await startApiServer(t)
    const { key, secret } = await api.app.createApiKey({ name: 'shop', scopes: 'read' })
    assert.equal((await api.fetch('/v1/stats', {}, secret)).status, 200)
    await api.app.revokeApiKey(key.id)
    const res = await api.fetch('/v1/stats', {}, secret)
    assert.equal(res.status, 401)
    assert.equal(await errorCode(res), 'unauthorized')
  })

  it('answers 403 when the key lacks the scope: a read key cannot ingest, an ingest key cannot read', async (t) => {
    const api = await startApiServer(t)
    const reader = await api.app.createApiKey({ name: 'reader', scopes: 'read' })
    const writer = await api.app.createApiKey({ name: 'writer', scopes: 'ingest' })
    const refused = await api.fetch('/v1/records', postJson(anAccountRecord()), reader.secret)
    assert.equal(refused.status, 403)
    assert.equal(await errorCode(refused), 'forbidden')
    assert.equal((await api.app.stats()).accounts, 0)
    assert.equal((await api.fetch('/v1/records', postJson(anAccountRecord()), writer.secret)).status, 200)
    assert.equal((await api.fetch('/v1/accounts/a1', {}, writer.secret)).status, 403)
    assert.equal((await api.fetch('/v1/accounts/a1', {}, reader.secret)).status, 200)
  })

  it('leaves the probes and the documentation open', async (t) => {
    const api = await startApiServer(t)
    for (const path of ['/healthz', '/readyz', '/openapi.json', '/docs']) {
      assert.equal((await api.fetch(path, {}, null)).status, 200, path)
    }
  })

  it('checks the key before reading the body: an unauthenticated oversized body is refused 401, not read', async (t) => {
    const api = await startApiServer(t, { bodyLimitBytes: 1024 })
    const res = await api.fetch('/v1/records', postJson([anAccountRecord({ description: 'x'.repeat(4096) })]), null)
    assert.equal(res.status, 401)
  })
})
