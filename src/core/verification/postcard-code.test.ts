import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  checkPostcardAttempt,
  codeFromRandomBytes,
  describePostcardCodeIssue,
  normalizeEnteredCode,
  POSTCARD_CODE_ALPHABET,
  POSTCARD_CODE_RANDOM_BYTES,
  type PostcardCodeState,
  postcardCodeHashInput,
} from './postcard-code.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('POSTCARD_CODE_ALPHABET', () => {
  it('holds 31 distinct characters and none a reader could confuse (0, O, 1, I, L)', () => {
    assert.equal(new Set(POSTCARD_CODE_ALPHABET).size, 31)
    assert.equal(POSTCARD_CODE_ALPHABET.length, 31)
    for (const c of '0O1IL') assert.ok(!POSTCARD_CODE_ALPHABET.includes(c), c)
    assert.match(POSTCARD_CODE_ALPHABET, /^[2-9A-Z]+$/)
  })
})

describe('codeFromRandomBytes', () => {
  it('prints 8 characters of the alphabet as XXXX-XXXX', () => {
    assert.equal(codeFromRandomBytes(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7])), '2345-6789')
    assert.equal(codeFromRandomBytes(new Uint8Array([30, 31, 61, 62, 247, 8, 9, 10])), 'Z2Z2-ZABC')
  })

  it('skips bytes at or above 248 instead of folding them onto the first characters', () => {
    assert.equal(codeFromRandomBytes(new Uint8Array([248, 255, 0, 1, 2, 3, 250, 4, 5, 6, 7])), '2345-6789')
  })

  it('throws when the bytes run out before 8 characters are drawn', () => {
    assert.throws(() => codeFromRandomBytes(new Uint8Array([1, 2, 3, 255, 4, 5, 6])), /fewer than 8 usable/)
  })

  it('draws every character from exactly 8 of the 256 byte values, and none from the other 8 (no modulo bias)', () => {
    const counts = new Map<string, number>()
    let rejected = 0
    for (let byte = 0; byte < 256; byte++) {
      let code: string
      try {
        code = codeFromRandomBytes(new Uint8Array([byte, 0, 0, 0, 0, 0, 0, 0]))
      } catch {
        rejected++
        continue
      }
      const first = code[0] as string
      counts.set(first, (counts.get(first) ?? 0) + 1)
    }
    assert.equal(counts.size, 31)
    assert.deepEqual(new Set(counts.values()), new Set([8]))
    assert.equal(rejected, 8)
  })

  it('gives codes that normalise to themselves from real random bytes', () => {
    for (let i = 0; i < 200; i++) {
      const code = codeFromRandomBytes(randomBytes(POSTCARD_CODE_RANDOM_BYTES))
      assert.match(code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
      assert.deepEqual(normalizeEnteredCode(code), { ok: true, value: code })
    }
  })
})

describe('normalizeEnteredCode', () => {
  it('accepts lower case, spaces, dashes and full-width text from an IME', () => {
    for (const typed of ['abcd-efgh', ' AB CD EF GH ', 'ABCDEFGH', 'abcd—efgh', 'ＡＢＣＤ－ＥＦＧＨ', 'ABCDーEFGH']) {
      assert.deepEqual(normalizeEnteredCode(typed), { ok: true, value: 'ABCD-EFGH' }, typed)
    }
  })

  it('names O, 0, I, L and 1 as characters codes never hold instead of guessing what was meant', () => {
    assert.deepEqual(normalizeEnteredCode('ABCD-EFGO'), {
      ok: false,
      error: { code: 'ambiguous_character', character: 'O', position: 9 },
    })
    assert.deepEqual(normalizeEnteredCode('abcl'), {
      ok: false,
      error: { code: 'ambiguous_character', character: 'L', position: 4 },
    })
    assert.deepEqual(normalizeEnteredCode('0BCD-EFGH'), {
      ok: false,
      error: { code: 'ambiguous_character', character: '0', position: 1 },
    })
  })

  it('refuses other characters, wrong lengths, empty and overlong text', () => {
    assert.deepEqual(normalizeEnteredCode('ABCD/EFGH'), {
      ok: false,
      error: { code: 'invalid_character', character: '/', position: 5 },
    })
    assert.deepEqual(normalizeEnteredCode('ABCD-EFG'), {
      ok: false,
      error: { code: 'wrong_length', expected: 8, actual: 7 },
    })
    assert.deepEqual(normalizeEnteredCode('ABCD-EFGH-J'), {
      ok: false,
      error: { code: 'wrong_length', expected: 8, actual: 9 },
    })
    assert.deepEqual(normalizeEnteredCode(' - '), { ok: false, error: { code: 'empty' } })
    assert.deepEqual(normalizeEnteredCode('A'.repeat(65)), { ok: false, error: { code: 'too_long', maxLength: 64 } })
  })

  it('describes each issue in a sentence that says what to check', () => {
    assert.equal(
      describePostcardCodeIssue({ code: 'ambiguous_character', character: 'O', position: 3 }),
      'Codes never contain O, 0, I, L or 1, but character 3 is "O": check the card.',
    )
    assert.match(describePostcardCodeIssue({ code: 'wrong_length', expected: 8, actual: 7 }), /8 characters; 7/)
  })
})

describe('checkPostcardAttempt', () => {
  const code = 'ABCD-EFGH'
  const issued: PostcardCodeState = {
    codeHash: sha256(postcardCodeHashInput(7, code)),
    expiresAt: 1_000,
    usedAt: null,
    attempts: 0,
    maxAttempts: 3,
  }
  const right = sha256(postcardCodeHashInput(7, code))
  const wrong = sha256(postcardCodeHashInput(7, 'ABCD-EFGJ'))

  it('accepts the right code before expiry and counts wrong ones down to zero', () => {
    assert.deepEqual(checkPostcardAttempt(issued, right, 999), { outcome: 'accepted', attemptsLeft: 0 })
    assert.deepEqual(checkPostcardAttempt(issued, wrong, 0), { outcome: 'wrong_code', attemptsLeft: 2 })
    assert.deepEqual(checkPostcardAttempt({ ...issued, attempts: 2 }, wrong, 0), {
      outcome: 'wrong_code',
      attemptsLeft: 0,
    })
    assert.deepEqual(checkPostcardAttempt({ ...issued, attempts: 2 }, right, 0), {
      outcome: 'accepted',
      attemptsLeft: 0,
    })
  })

  it('locks once the attempts are spent, even for the right code', () => {
    assert.deepEqual(checkPostcardAttempt({ ...issued, attempts: 3 }, right, 0), { outcome: 'locked', attemptsLeft: 0 })
    assert.deepEqual(checkPostcardAttempt({ ...issued, attempts: 9 }, wrong, 0), { outcome: 'locked', attemptsLeft: 0 })
  })

  it('expires at expiresAt, and a used code never works again', () => {
    assert.deepEqual(checkPostcardAttempt(issued, right, 1_000), { outcome: 'expired', attemptsLeft: 0 })
    assert.deepEqual(checkPostcardAttempt({ ...issued, attempts: 3 }, right, 5_000), {
      outcome: 'expired',
      attemptsLeft: 0,
    })
    assert.deepEqual(checkPostcardAttempt({ ...issued, usedAt: 500, attempts: 1 }, right, 600), {
      outcome: 'already_used',
      attemptsLeft: 0,
    })
  })

  it('never matches a digest of another length, an empty one, or one bound to another requirement', () => {
    assert.equal(checkPostcardAttempt(issued, right.slice(0, 63), 0).outcome, 'wrong_code')
    assert.equal(checkPostcardAttempt({ ...issued, codeHash: '' }, '', 0).outcome, 'wrong_code')
    assert.equal(checkPostcardAttempt(issued, sha256(postcardCodeHashInput(8, code)), 0).outcome, 'wrong_code')
  })
})
