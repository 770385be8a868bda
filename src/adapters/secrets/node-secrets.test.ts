import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NodeSecrets } from './node-secrets.ts'

const secrets = new NodeSecrets()

describe('NodeSecrets passwords', () => {
  it('hashes a password with scrypt in a self-describing format, salted anew each time', async () => {
    const a = await secrets.hashPassword('correct horse battery')
    const b = await secrets.hashPassword('correct horse battery')
    assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    assert.notEqual(a, b)
    assert.ok(!a.includes('correct'))
  })

  it('verifies the right password and refuses any other', async () => {
    const stored = await secrets.hashPassword('correct horse battery')
    assert.equal(await secrets.verifyPassword('correct horse battery', stored), true)
    assert.equal(await secrets.verifyPassword('correct horse batterY', stored), false)
    assert.equal(await secrets.verifyPassword('', stored), false)
  })

  it('reads the costs from the stored hash, so that hashes made with other costs still verify', async () => {
    const stored = await secrets.hashPassword('pw-with-old-costs')
    const [, , , , salt] = stored.split('$')
    const { scryptSync } = await import('node:crypto')
    const cheap = scryptSync('pw-with-old-costs', Buffer.from(salt as string, 'base64url'), 32, { N: 1024, r: 8, p: 1 })
    const older = `scrypt$1024$8$1$${salt}$${cheap.toString('base64url')}`
    assert.equal(await secrets.verifyPassword('pw-with-old-costs', older), true)
    assert.equal(await secrets.verifyPassword('another password', older), false)
  })

  it('throws on a stored value that is not a hash of this format, and on costs that would stall the server', async () => {
    for (const bad of [
      '',
      'plain-text-password',
      'scrypt$1000$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA',
      `scrypt$${2 ** 24}$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA`,
      'scrypt$1024$8$1$c2FsdA$aGFzaA',
    ]) {
      await assert.rejects(secrets.verifyPassword('x', bad), /scrypt\$N\$r\$p\$salt\$hash/, bad)
    }
  })
})

describe('NodeSecrets signatures', () => {
  it('computes HMAC-SHA256 (RFC 4231 test case 2) as base64url', () => {
    const expected = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex')
    assert.equal(secrets.hmacSha256('Jefe', 'what do ya want for nothing?'), expected.toString('base64url'))
  })

  it('compares secrets of any length without throwing', () => {
    assert.equal(secrets.sameSecret('abc', 'abc'), true)
    assert.equal(secrets.sameSecret('abc', 'abd'), false)
    assert.equal(secrets.sameSecret('abc', 'abcd'), false)
    assert.equal(secrets.sameSecret('', ''), true)
  })
})
