import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { anAccountRecord, aSessionRecord } from '../../test/builders/records.ts'
import { postJson, startApiServer } from '../../test/http/api-server.ts'
import { openApp } from '../compose.ts'
import { loadConfig, loadServerConfig } from '../config/index.ts'
import { buildServer } from './server.ts'

describe('metrics', () => {
  it('counts requests by route and status and records by outcome, in the Prometheus text format', async (t) => {
    const api = await startApiServer(t)
    await api.fetch('/v1/records', postJson([anAccountRecord(), aSessionRecord(), { type: 'session' }]))
    await api.fetch('/v1/accounts/nobody')
    const res = await api.fetch('/metrics')
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/)
    const text = await res.text()
    assert.match(text, /^oneseller_records_ingested_total\{outcome="stored"\} 2$/m)
    assert.match(text, /^oneseller_records_ingested_total\{outcome="rejected"\} 1$/m)
    assert.match(text, /^oneseller_http_requests_total\{method="POST",route="\/v1\/records",status="200"\} 1$/m)
    assert.match(text, /^oneseller_http_requests_total\{method="GET",route="\/v1\/accounts\/:id",status="404"\} 1$/m)
    assert.match(
      text,
      /^oneseller_http_request_duration_seconds_count\{method="POST",route="\/v1\/records",status="200"\} 1$/m,
    )
    assert.ok(!text.includes('nobody'), 'labels hold route patterns, not URLs')
  })

  it('answers only a key with the metrics scope', async (t) => {
    const api = await startApiServer(t)
    const reader = await api.app.createApiKey({ name: 'reader', scopes: 'read' })
    assert.equal((await api.fetch('/metrics', {}, null)).status, 401)
    assert.equal((await api.fetch('/metrics', {}, reader.secret)).status, 403)
  })
})

describe('limits', () => {
  it('answers 413 for a body over the limit, and stores nothing', async (t) => {
    const api = await startApiServer(t, { bodyLimitBytes: 2048 })
    const res = await api.fetch('/v1/records', postJson([anAccountRecord({ description: 'x'.repeat(4096) })]))
    assert.equal(res.status, 413)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large')
    assert.equal((await api.app.stats()).accounts, 0)
    assert.equal((await api.fetch('/v1/records', postJson(anAccountRecord()))).status, 200)
  })

  it('limits the requests of each API key, apart from other keys, and never the probes', async (t) => {
    const api = await startApiServer(t, { rateLimitPerMinute: 2 })
    const other = await api.app.createApiKey({ name: 'other', scopes: 'read' })
    assert.equal((await api.fetch('/v1/stats')).status, 200)
    assert.equal((await api.fetch('/v1/stats')).status, 200)
    const limited = await api.fetch('/v1/stats')
    assert.equal(limited.status, 429)
    assert.ok(Number(limited.headers.get('retry-after')) > 0)
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited')
    assert.equal((await api.fetch('/v1/stats', {}, other.secret)).status, 200)
    for (let i = 0; i < 3; i++) assert.equal((await api.fetch('/healthz', {}, null)).status, 200)
  })
})

describe('headers', () => {
  it('sends no CORS headers unless origins are configured', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/stats', { headers: { origin: 'https://evil.example' } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('access-control-allow-origin'), null)
    const preflight = await api.fetch(
      '/v1/records',
      { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } },
      null,
    )
    assert.equal(preflight.headers.get('access-control-allow-origin'), null)
  })

  it('allows exactly the configured origins', async (t) => {
    const api = await startApiServer(t, { corsOrigins: ['https://console.shop.example'] })
    const allowed = await api.fetch('/v1/stats', { headers: { origin: 'https://console.shop.example' } })
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://console.shop.example')
    const other = await api.fetch('/v1/stats', { headers: { origin: 'https://evil.example' } })
    assert.equal(other.headers.get('access-control-allow-origin'), null)
  })

  it('sends secure headers, keeps answers about accounts out of caches, and echoes the request id', async (t) => {
    const api = await startApiServer(t)
    const res = await api.fetch('/v1/stats', { headers: { 'x-request-id': 'trace-abc.123' } })
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN')
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(res.headers.get('x-request-id'), 'trace-abc.123')
    const generated = (await api.fetch('/healthz', { headers: { 'x-request-id': 'not an id: <script>' } })).headers.get(
      'x-request-id',
    )
    assert.match(generated ?? '', /^[A-Za-z0-9_-]{16}$/)
  })
})

describe('logs', () => {
  it('writes one JSON line per request with its request id, and no account data, bodies or keys', async (t) => {
    const api = await startApiServer(t)
    const email = 'jane.secret-seller@example.com'
    const phone = '+1 415 555 0199'
    await api.fetch(
      '/v1/records',
      postJson([
        anAccountRecord({ account: 'acct-zz9', email, phone }),
        anAccountRecord({ account: 'acct-zz8', email: 'not an email at all', marketplace: 'ZZZ' }),
        { type: 'session', account: 'acct-zz9', at: 'yesterday', ip: '203.0.113.77', device: 'dev-zz9' },
      ]),
    )
    await api.fetch('/v1/accounts/acct-zz9')
    await api.fetch('/v1/accounts/ghost-77')
    await api.fetch('/v1/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":"${email}"`,
    })
    const text = api.logs()
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reqId?: string; msg: string; route?: string; status?: number })
    const requests = lines.filter((l) => l.msg === 'request')
    assert.equal(requests.length, 4)
    assert.ok(requests.every((l) => typeof l.reqId === 'string' && l.reqId.length > 0))
    assert.ok(
      lines.filter((l) => !l.msg.startsWith('Server listening')).every((l) => l.reqId),
      text,
    )
    assert.deepEqual(
      requests.map((l) => [l.route, l.status]),
      [
        ['/v1/records', 200],
        ['/v1/accounts/:id', 200],
        ['/v1/accounts/:id', 404],
        ['/v1/records', 400],
      ],
    )
    for (const secret of [
      email,
      'jane.secret',
      '555 0199',
      '4155550199',
      'acct-zz9',
      'ghost-77',
      '203.0.113.77',
      api.key,
    ]) {
      assert.ok(!text.includes(secret), `the logs hold ${secret}`)
    }
  })
})

describe('commits', () => {
  it('answers a write only once it is committed: another connection to the file sees it by then', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oneseller-http-'))
    const file = join(dir, 'store.db')
    const database = loadConfig({}, { db: file })
    const settings = loadServerConfig({ ONESELLER_LOG_LEVEL: 'silent' }, { port: '0' })
    if (!database.ok || !settings.ok) throw new Error('test configuration is invalid')
    const app = await openApp(database.value)
    const { secret } = await app.createApiKey({ name: 'ingest', scopes: 'ingest' })
    const server = await buildServer({ app, config: settings.value })
    t.after(async () => {
      await server.close()
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const other = new Database(file, { readonly: true })
    t.after(() => other.close())
    const stored = () => other.prepare('SELECT count(*) FROM events').pluck().get()
    for (let i = 1; i <= 3; i++) {
      // In process, without a socket: the answer arrives as soon as the server sends it.
      const res = await server.inject({
        method: 'POST',
        url: '/v1/records',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        payload: JSON.stringify(anAccountRecord({ account: `s${i}` })),
      })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(stored(), i)
    }
  })
})
