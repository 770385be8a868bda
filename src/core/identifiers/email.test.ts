import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { normaliseEmail } from './email.ts'
import { EMAIL_PROVIDERS } from './email-providers.ts'

const codes = (raw: string) => normaliseEmail(raw).problems.map((p) => p.code)

describe('normaliseEmail', () => {
  it('gives every spelling of one Gmail mailbox one key', () => {
    for (const raw of ['j.doe+shop@gmail.com', ' J.Doe@GoogleMail.com ', 'jdoe@gmail.com', 'J.D.O.E+a+b@GMAIL.COM']) {
      assert.equal(normaliseEmail(raw).key, 'jdoe@gmail.com')
    }
  })

  it('keeps dots but drops +tags at Outlook, iCloud, Fastmail and Proton', () => {
    assert.equal(normaliseEmail('john.smith+ebay@outlook.com').key, 'john.smith@outlook.com')
    assert.equal(normaliseEmail('a.b+x@me.com').key, 'a.b@icloud.com')
    assert.equal(normaliseEmail('a+x@fastmail.com').key, 'a@fastmail.com')
    assert.equal(normaliseEmail('a+x@protonmail.com').key, 'a@proton.me')
  })

  it('drops -tags at Yahoo, which uses a dash for disposable addresses', () => {
    assert.equal(normaliseEmail('nick-shop@yahoo.com').key, 'nick@yahoo.com')
  })

  it('keeps +tags and dots at domains without a provider rule', () => {
    assert.equal(normaliseEmail('First.Last+tag@Example.com').key, 'first.last+tag@example.com')
  })

  it('accepts an operator-supplied provider rule', () => {
    const providers = new Map([['corp.example', { ignoresDots: true, tagSeparator: '+' as const }]])
    assert.equal(normaliseEmail('a.b+c@corp.example', { providers }).key, 'ab@corp.example')
  })

  it('converts IDN domains to ASCII after NFC and lower-casing (UTS #46 / RFC 5891)', () => {
    assert.equal(normaliseEmail('info@Bücher.de').key, 'info@xn--bcher-kva.de')
    assert.equal(normaliseEmail('info@bu\u0308cher.de').key, 'info@xn--bcher-kva.de')
    assert.equal(normaliseEmail('用户@例子。测试').key, '用户@xn--fsqu00a.xn--0zwm56d') // IANA test IDN
  })

  it('flags domains on the maintained disposable list, and their sub-domains', () => {
    assert.deepEqual(normaliseEmail('x@mailinator.com').flags, ['disposable'])
    assert.deepEqual(normaliseEmail('x@inbox.mailinator.com').flags, ['disposable'])
    assert.equal(normaliseEmail('x@gmail.com').flags, undefined)
  })

  it('reports syntax problems without throwing', () => {
    assert.deepEqual(codes(''), ['empty'])
    assert.deepEqual(codes('john.example.com'), ['no_at'])
    assert.deepEqual(codes('@example.com'), ['empty_local'])
    assert.deepEqual(codes('john@'), ['empty_domain'])
    assert.deepEqual(codes('john@localhost'), ['bad_domain'])
    assert.deepEqual(codes('john@-bad-.com'), ['bad_domain'])
    assert.deepEqual(codes('john..doe@example.com'), ['bad_local'])
    assert.deepEqual(codes(`${'a'.repeat(65)}@example.com`), ['local_too_long'])
    assert.equal(normaliseEmail('john@example.com').valid, true)
  })

  it('documents a rule for every provider in its table', () => {
    assert.ok(EMAIL_PROVIDERS.size >= 30)
  })

  it('is idempotent: the key normalises to itself', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (raw) => {
        const once = normaliseEmail(raw)
        assert.equal(normaliseEmail(once.key).key, once.key)
      }),
    )
  })
})
