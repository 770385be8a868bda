import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { deserialize, serialize } from 'node:v8'
import fc from 'fast-check'
import type { ParsedLines, SourceLine } from '../../ports/index.ts'
import { generateMarketplace } from '../../sim/index.ts'
import { decodeText, encodeTexts } from './encoded-texts.ts'
import { parseLines } from './parse-lines.ts'
import { digestTexts, fromParsedBatch, parseToBatch, toLineTexts } from './parsed-batch.ts'

/** What the worker path gives: lines split, parsed into columns, cloned across a thread boundary, and read back. */
function parseThroughColumns(sourceName: string, lines: readonly SourceLine[]): ParsedLines {
  const sent = toLineTexts(lines)
  const texts = deserialize(serialize(encodeTexts(sent.texts)))
  const digests = lines.length % 2 === 0 ? digestTexts(texts) : undefined
  const batch = deserialize(serialize(parseToBatch({ texts, lineNos: sent.lineNos, fold: true, digests })))
  return comparable(fromParsedBatch(sourceName, sent, batch))
}

/**
 * Events as plain objects, their digests as plain bytes: one path gives events that read their change when asked, and
 * views of a column, the other objects and buffers of their own.
 */
function comparable(p: ParsedLines): ParsedLines {
  const events = p.events.map((e) => ({
    account: e.account,
    type: e.type,
    at: e.at,
    change: e.change,
    identifiers: e.identifiers,
    body: e.body,
    digest: new Uint8Array(e.digest),
    source: e.source,
  }))
  return { ...p, events }
}

function parseOneByOne(sourceName: string, lines: readonly SourceLine[]): ParsedLines {
  return comparable(parseLines(sourceName, lines, true))
}

function linesOf(texts: readonly (string | { problem: string })[]): SourceLine[] {
  return texts.map((t, i) =>
    typeof t === 'string' ? { lineNo: i + 1, text: t, endOffset: 0 } : { lineNo: i + 1, ...t, endOffset: 0 },
  )
}

/** Lines that are rejected, each for another reason, and valid ones with padding, empty values and unknown fields. */
const AWKWARD = [
  '{"type":"session","account":" a1 ","at":"2024-01-02T03:04:05Z","ip":"1.2.3.4","device":"d","x":null}',
  '  {"type":"listing","account":"a1","at":"2024-01-02T03:04:05Z","id":"l","title":"t","brand":""}\t',
  '{"type":"session","account":"a1"',
  '[1, 2]',
  { problem: 'line is not valid UTF-8' },
  '{"type":"wat"}',
  '{"type":"verification","account":"a1","at":"2024-01-02T03:04:05Z","kind":"video","face":[1]}',
  '{"type":"update","account":"a1","at":"2024-01-03T00:00:00Z","set":{"email":null,"phone":"+1 415 555 0100"}}',
  '{"type":"status","account":"a1","at":"2024-01-04T00:00:00Z","status":"suspended"}',
  { problem: 'line is longer than 16 bytes' },
  '{"type":"account","account":"a1","at":"2024-01-01T00:00:00Z","marketplace":"US","kind":"individual","email":"A@B.com"}',
]

describe('parsing in columns on the worker', () => {
  it('gives what parsing line by line gives, for a generated marketplace', () => {
    for (const cohort of generateMarketplace({ accounts: 300, seed: 11 })) {
      const lines = linesOf(cohort.lines)
      assert.deepEqual(parseThroughColumns('m.ndjson', lines), parseOneByOne('m.ndjson', lines))
    }
  })

  it('gives what parsing line by line gives, for rejected and awkward lines in any order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(AWKWARD), (picked) => {
        const lines = linesOf(picked)
        assert.deepEqual(parseThroughColumns('a.ndjson', lines), parseOneByOne('a.ndjson', lines))
      }),
      { numRuns: 300 },
    )
  })

  it('gives what parsing line by line gives, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.json()), { maxLength: 20 }), (texts) => {
        const lines = linesOf(texts)
        assert.deepEqual(parseThroughColumns('t.ndjson', lines), parseOneByOne('t.ndjson', lines))
      }),
    )
  })
})

describe('the digest of a record', () => {
  it('is the first 16 bytes of SHA-256 of its body, however the body was received', () => {
    const sha256 = (body: string) => new Uint8Array(createHash('sha256').update(body, 'utf8').digest().subarray(0, 16))
    const texts = [
      ...AWKWARD,
      '{"type":"session","account":"é東京","at":"2024-01-02T03:04:05Z","ip":"1.2.3.4","device":"d"}',
    ]
    // An even number of lines is digested by the sending side, an odd number by the parser.
    for (const lines of [linesOf(texts), linesOf(texts.slice(1))]) {
      for (const parsed of [parseThroughColumns('d.ndjson', lines), parseOneByOne('d.ndjson', lines)]) {
        assert.ok(parsed.events.length >= 5)
        for (const e of parsed.events) assert.deepEqual(e.digest, sha256(e.body), e.body)
      }
    }
  })
})

describe('texts encoded for another thread', () => {
  it('decode to the very texts encoded, byte-order marks and unpaired surrogates included', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\uFEFF{}', 'a\uD800b', '\uDFFF'),
    )
    fc.assert(
      fc.property(fc.array(text, { maxLength: 10 }), fc.nat(64), (texts, spareBytes) => {
        const spare = new ArrayBuffer(spareBytes)
        const encoded = encodeTexts(texts, spare)
        assert.deepEqual(
          texts.map((_, i) => decodeText(encoded, i)),
          texts,
        )
      }),
      { numRuns: 1000 },
    )
  })
})
