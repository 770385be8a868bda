import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { SourceLine } from '../../ports/index.ts'
import { readLines } from './ndjson-line-reader.ts'

async function collect(chunks: (string | Buffer)[], max?: number): Promise<SourceLine[]> {
  async function* stream() {
    for (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c)
  }
  const out: SourceLine[] = []
  for await (const l of readLines(stream(), max)) out.push(l)
  return out
}

const texts = (lines: SourceLine[]) =>
  lines.map((l) => ('text' in l ? `${l.lineNo}:${l.text}` : `${l.lineNo}!${l.problem}`))

describe('readLines', () => {
  it('splits lines across chunk boundaries and numbers them from 1', async () => {
    assert.deepEqual(texts(await collect(['{"a":', '1}\n{"b"', ':2}\n'])), ['1:{"a":1}', '2:{"b":2}'])
  })

  it('skips blank lines but keeps counting them', async () => {
    assert.deepEqual(texts(await collect(['x\n\n   \ny\n'])), ['1:x', '4:y'])
  })

  it('reads a last line that has no newline (a truncated file)', async () => {
    assert.deepEqual(texts(await collect(['x\n{"trunc'])), ['1:x', '2:{"trunc'])
  })

  it('drops the carriage return of CRLF endings and a byte-order mark', async () => {
    assert.deepEqual(texts(await collect(['\uFEFFa\r\nb\r\n'])), ['1:a', '2:b'])
  })

  it('reports a line longer than the limit without holding it, and goes on', async () => {
    const long = 'y'.repeat(50)
    assert.deepEqual(texts(await collect(['a\n', long.slice(0, 20), long.slice(20), '\nb\n'], 16)), [
      '1:a',
      '2!line is longer than 16 bytes',
      '3:b',
    ])
  })

  it('reports bytes that are not UTF-8', async () => {
    assert.deepEqual(texts(await collect([Buffer.from([0x61, 0xff, 0xfe, 0x0a, 0x62, 0x0a])])), [
      '1!line is not valid UTF-8',
      '2:b',
    ])
  })

  it('reads an empty stream as no lines', async () => {
    assert.deepEqual(await collect([]), [])
  })
})
