import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeJsonSyntaxError, parseJsonText } from './json-text.ts'

const where = (text: string) => {
  const r = parseJsonText(text)
  assert.ok(!r.ok, `${text} should not parse`)
  return describeJsonSyntaxError(r.error)
}

describe('parseJsonText', () => {
  it('parses JSON', () => {
    assert.deepEqual(parseJsonText('[{"a":1}]'), { ok: true, value: [{ a: 1 }] })
  })

  it('names the line and column of an unexpected character, even where the engine gives no position', () => {
    assert.equal(where('[\n  {"a": 1},\n  {"b": }\n]'), "line 3, column 9 (position 22): unexpected '}'")
    assert.equal(where('{"a":trux}'), "line 1, column 9 (position 8): unexpected 'x'")
    assert.equal(where('{a:1}'), "line 1, column 2 (position 1): expected property name or '}'")
  })

  it('says when the text ends too early, and when it is empty', () => {
    assert.equal(where('{"a":1'), 'line 1, column 7 (position 6): the text ends before the JSON value does')
    assert.equal(where(''), 'line 1, column 1 (position 0): the body is empty')
  })

  it('never quotes the text in its reason', () => {
    const message = where('{"email":"jane@example.com" "x"}')
    assert.ok(!message.includes('jane'), message)
  })
})
