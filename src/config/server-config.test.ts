import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_HOST, loadServerConfig, portalSecretFrom } from './server-config.ts'

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
      ['DATABASE_URL', 'ONESELLER_HOST', 'ONESELLER_PORTAL_SECRET'],
    )
    assert.ok(c.error.every((i) => /required in production/.test(i.message)))
  })

  it('starts in production once they are given, by environment or flags', () => {
    const ONESELLER_PORTAL_SECRET = 's'.repeat(32)
    assert.ok(
      loadServerConfig(
        {
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://u@db/x',
          ONESELLER_HOST: '0.0.0.0',
          ONESELLER_PORTAL_SECRET,
        },
        {},
      ).ok,
    )
    assert.ok(loadServerConfig({ NODE_ENV: 'production', ONESELLER_PORTAL_SECRET }, { db: 'x.db', host: '0.0.0.0' }).ok)
  })

  it('takes the portal secret from the environment, refuses a short one, and leaves it unset outside production', () => {
    const unset = loadServerConfig({}, {})
    assert.ok(unset.ok)
    assert.equal(unset.value.portalSecret, null)
    const set = loadServerConfig({ ONESELLER_PORTAL_SECRET: 'p'.repeat(40) }, {})
    assert.ok(set.ok)
    assert.equal(set.value.portalSecret, 'p'.repeat(40))
    const short = loadServerConfig({ ONESELLER_PORTAL_SECRET: 'too-short' }, {})
    assert.ok(!short.ok)
    assert.deepEqual(
      short.error.map((i) => i.setting),
      ['ONESELLER_PORTAL_SECRET'],
    )
    assert.ok(!short.error.some((i) => i.message.includes('too-short')), 'the message never repeats the secret')
  })

  it('gives commands that sign tokens the secret, or an issue naming the variable', () => {
    assert.deepEqual(portalSecretFrom({ ONESELLER_PORTAL_SECRET: ` ${'k'.repeat(32)} ` }), {
      ok: true,
      value: 'k'.repeat(32),
    })
    const missing = portalSecretFrom({})
    assert.ok(!missing.ok)
    assert.equal(missing.error.setting, 'ONESELLER_PORTAL_SECRET')
    assert.equal(portalSecretFrom({ ONESELLER_PORTAL_SECRET: 'short' }).ok, false)
  })

  it("reads the job runner's lease, poll interval and concurrency, and refuses a lease under a second", () => {
    const defaults = loadServerConfig({}, {})
    assert.ok(defaults.ok)
    assert.deepEqual(
      [defaults.value.jobLeaseMs, defaults.value.jobPollMs, defaults.value.jobConcurrency],
      [60_000, 1_000, 1],
    )
    const set = loadServerConfig(
      { ONESELLER_JOB_LEASE_MS: '5000', ONESELLER_JOB_POLL_MS: '50', ONESELLER_JOB_CONCURRENCY: '0' },
      {},
    )
    assert.ok(set.ok)
    assert.deepEqual([set.value.jobLeaseMs, set.value.jobPollMs, set.value.jobConcurrency], [5_000, 50, 0])
    const bad = loadServerConfig({ ONESELLER_JOB_LEASE_MS: '10', ONESELLER_JOB_CONCURRENCY: 'two' }, {})
    assert.ok(!bad.ok)
    assert.deepEqual(bad.error.map((i) => i.setting).sort(), ['ONESELLER_JOB_CONCURRENCY', 'ONESELLER_JOB_LEASE_MS'])
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
