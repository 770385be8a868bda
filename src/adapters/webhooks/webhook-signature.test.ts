import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { signWebhook, verifyWebhookSignature } from './webhook-signature.ts'

const SECRET = 'whsec_test'
const BODY = '{"id":"evt_1","type":"restriction.created"}'
const NOW = 1_796_000_000

describe('webhook signatures', () => {
  it('verifies what was signed, at the time it was signed', () => {
    const header = signWebhook(SECRET, BODY, NOW)
    assert.match(header, /^t=1796000000,v1=[0-9a-f]{64}$/)
    assert.deepEqual(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowSeconds: NOW + 10 }), {
      ok: true,
      timestamp: NOW,
    })
  })

  it('refuses a changed body, another secret, and a missing or mangled header', () => {
    const header = signWebhook(SECRET, BODY, NOW)
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowSeconds: NOW, ...over })
    assert.deepEqual(check({ body: BODY.replace('created', 'lifted') }), { ok: false, reason: 'mismatch' })
    assert.deepEqual(check({ secret: 'whsec_other' }), { ok: false, reason: 'mismatch' })
    assert.deepEqual(check({ header: undefined }), { ok: false, reason: 'malformed' })
    assert.deepEqual(check({ header: 't=abc,v1=00' }), { ok: false, reason: 'malformed' })
    assert.deepEqual(check({ header: header.replace(/^t=\d+/, `t=${NOW + 1}`) }), { ok: false, reason: 'mismatch' })
  })

  it('refuses a replay: a genuine delivery presented again after the tolerance', () => {
    const header = signWebhook(SECRET, BODY, NOW)
    assert.deepEqual(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowSeconds: NOW + 301 }), {
      ok: false,
      reason: 'too_old',
    })
    assert.deepEqual(
      verifyWebhookSignature({
        secret: SECRET,
        header: signWebhook(SECRET, BODY, NOW + 3600),
        body: BODY,
        nowSeconds: NOW,
      }),
      { ok: false, reason: 'in_future' },
    )
  })

  it('accepts any of several signatures while a secret is rotated', () => {
    const old = signWebhook('whsec_old', BODY, NOW).split(',')[1]
    const header = `${signWebhook(SECRET, BODY, NOW)},${old}`
    assert.equal(verifyWebhookSignature({ secret: 'whsec_old', header, body: BODY, nowSeconds: NOW }).ok, true)
  })
})
