import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toInstant } from '../time.ts'
import { parsePortalTokenTtl, portalToken, portalTokenText, readPortalToken } from './portal-token.ts'

const AT = toInstant(Date.UTC(2026, 0, 1, 12))
const SIGNATURE = 'A'.repeat(43)

describe('portal token format', () => {
  it('reads back the account and the expiry it was written with, whatever the account id holds', () => {
    for (const account of ['shop-1', 'a.b.c', 'zoë 店 🛒', 'line\nbreak', 'x'.repeat(256)]) {
      const signed = portalTokenText(account, AT)
      assert.match(signed, /^osp_[A-Za-z0-9_-]+$/)
      const read = readPortalToken(portalToken(signed, SIGNATURE))
      assert.ok(read.ok, account)
      assert.deepEqual(read.value, { account, expiresAt: AT, signed, signature: SIGNATURE })
    }
  })

  it('rounds the expiry down to a whole second', () => {
    const read = readPortalToken(portalToken(portalTokenText('a', toInstant(AT + 999)), SIGNATURE))
    assert.ok(read.ok)
    assert.equal(read.value.expiresAt, AT)
  })

  it('refuses what is not in the format: no prefix, no signature, stray characters, a bad version', () => {
    const signed = portalTokenText('shop-1', AT)
    const payload = signed.slice(4)
    for (const bad of [
      '',
      `osk_${payload}.${SIGNATURE}`,
      signed,
      `${signed}.${SIGNATURE.slice(1)}`,
      `osp_${payload}!.${SIGNATURE}`,
      `osp_${Buffer.from('2.1767268800.shop-1').toString('base64url')}.${SIGNATURE}`,
      `osp_${Buffer.from('1.soon.shop-1').toString('base64url')}.${SIGNATURE}`,
      `osp_${Buffer.from('1.1767268800.').toString('base64url')}.${SIGNATURE}`,
      `osp_${Buffer.from([0x31, 0x2e, 0x31, 0x2e, 0xff]).toString('base64url')}.${SIGNATURE}`,
      `osp_${'A'.repeat(3000)}.${SIGNATURE}`,
    ]) {
      assert.equal(readPortalToken(bad).ok, false, bad)
    }
  })

  it('has one encoding per payload: a payload whose unused bits are set is refused', () => {
    // "1.<10 digits>.abc" is 16 bytes: the last character carries 2 bits of the payload and 4 unused ones.
    const payload = portalTokenText('abc', AT).slice(4)
    assert.equal(payload.length % 4, 2)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const bumped = alphabet[alphabet.indexOf(payload.at(-1) as string) + 1] as string
    assert.equal(readPortalToken(`osp_${payload}.${SIGNATURE}`).ok, true)
    assert.equal(readPortalToken(`osp_${payload.slice(0, -1)}${bumped}.${SIGNATURE}`).ok, false)
  })

  it('takes lifetimes from 1 second to 24 hours', () => {
    assert.equal(parsePortalTokenTtl(1).ok, true)
    assert.equal(parsePortalTokenTtl(86_400).ok, true)
    for (const bad of [0, -5, 1.5, 86_401, Number.NaN]) assert.equal(parsePortalTokenTtl(bad).ok, false, String(bad))
  })
})
