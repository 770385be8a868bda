import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadConfig } from './load-config.ts'

describe('loadConfig', () => {
  it('keeps notices beside the database file, and takes the notice settings from the environment', () => {
    const plain = loadConfig({}, { db: 'var/stores/main.db' })
    assert.ok(plain.ok)
    assert.equal(plain.value.notices?.outbox, 'var/stores/outbox')
    assert.equal(plain.value.notices?.appealWithinDays, 183)
    assert.equal(plain.value.notices?.smtpUrl, undefined)
    assert.equal(plain.value.webhooks, undefined)
    const set = loadConfig(
      {
        ONESELLER_SMTP_URL: 'smtps://user:pw@mail.example.com',
        ONESELLER_PORTAL_URL: 'https://sellers.example.com',
        ONESELLER_APPEAL_DAYS: '30',
        ONESELLER_WEBHOOK_URL: 'https://market.example.com/hooks',
        ONESELLER_WEBHOOK_SECRET: '0123456789abcdef0123',
      },
      {},
    )
    assert.ok(set.ok)
    assert.equal(set.value.notices?.smtpUrl, 'smtps://user:pw@mail.example.com')
    assert.equal(set.value.notices?.appealWithinDays, 30)
    assert.deepEqual(set.value.webhooks, { url: 'https://market.example.com/hooks', secret: '0123456789abcdef0123' })
  })

  it('names the setting to fix: a webhook without its secret, a short secret, a bad number, a bad SMTP URL', () => {
    const issues = (env: Record<string, string>) => {
      const r = loadConfig(env, {})
      assert.equal(r.ok, false)
      return r.ok ? [] : r.error.map((i) => i.setting)
    }
    assert.deepEqual(issues({ ONESELLER_WEBHOOK_URL: 'https://x.example/h' }), ['ONESELLER_WEBHOOK_SECRET'])
    assert.deepEqual(issues({ ONESELLER_WEBHOOK_SECRET: 'a-secret-of-some-length' }), ['ONESELLER_WEBHOOK_URL'])
    assert.deepEqual(issues({ ONESELLER_WEBHOOK_URL: 'https://x.example/h', ONESELLER_WEBHOOK_SECRET: 'short' }), [
      'ONESELLER_WEBHOOK_SECRET',
    ])
    assert.deepEqual(issues({ ONESELLER_APPEAL_DAYS: 'two weeks' }), ['ONESELLER_APPEAL_DAYS'])
    assert.deepEqual(issues({ ONESELLER_SMTP_URL: 'mail.example.com' }), ['ONESELLER_SMTP_URL'])
  })
})
