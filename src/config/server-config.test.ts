import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_HOST, loadServerConfig } from './server-config.ts'

describe('loadServerConfig', () => {
  it('has safe defaults outside production: loopback only, 10 MiB bodies, no CORS', () => {
    const c = loadServerConfig({}, {})
    assert.ok(c.ok)
    assert.equal(c.value.host, DEFAULT_HOST)
    assert.equal(c.value.bodyLimitBytes, DEFAULT_BODY_LIMIT_BYTES)
    assert.deepEqual(c.value.corsOrigins, [])
    assert.equal(c.value.production, false)
  })

  it('takes flags over the environment', () => {
    const c = loadServerConfig(
      {
        ONESELLER_PORT: '9000',
        ONESELLER_RATE_LIMIT: '10',
        ONESELLER_CORS_ORIGINS: 'https://a.example, https://b.example',
      },
      { port: '9100' },
    )
    assert.ok(c.ok)
    assert.deepEqual(
      [c.value.port, c.value.rateLimitPerMinute, c.value.corsOrigins],
      [9100, 10, ['https://a.example', 'https://b.example']],
    )
  })

  it('refuses to start in production without the settings it needs, naming each one', () => {
    const c = loadServerConfig({ NODE_ENV: 'production' }, {})
    assert.ok(!c.ok)
    assert.deepEqual(
      c.error.map((i) => i.setting),
      ['DATABASE_URL', 'ONESELLER_HOST'],
    )
    assert.ok(c.error.every((i) => /required in production/.test(i.message)))
  })

  it('starts in production once they are given, by environment or flags', () => {
    assert.ok(
      loadServerConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/x', ONESELLER_HOST: '0.0.0.0' }, {}).ok,
    )
    assert.ok(loadServerConfig({ NODE_ENV: 'production' }, { db: 'x.db', host: '0.0.0.0' }).ok)
  })

  it('names a bad value and its setting: a wildcard origin, a port that is not a number', () => {
    const c = loadServerConfig({ ONESELLER_CORS_ORIGINS: '*' }, { port: 'eighty' })
    assert.ok(!c.ok)
    assert.deepEqual(c.error.map((i) => i.setting).sort(), [
      '--cors-origin / ONESELLER_CORS_ORIGINS',
      '--port / ONESELLER_PORT',
    ])
  })
})
