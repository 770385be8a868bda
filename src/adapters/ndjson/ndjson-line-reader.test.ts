import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { type SourceLine, textOf } from '../../ports/index.ts'
import { openNdjsonFile, readLines } from './ndjson-line-reader.ts'

async function collect(chunks: (string | Buffer)[], max?: number): Promise<SourceLine[]> {
  async function* stream() {
    for (const c of chunks) yield Buffer.isBuffer(c) ? c : Buffer.from(c)
  }
  const out: SourceLine[] = []
  for await (const l of readLines(stream(), max)) out.push(l)
  return plain(out)
}

/** Lines as text, however they were read (text, or UTF-8 left in the chunk), to compare them. */
function plain(lines: readonly SourceLine[]): SourceLine[] {
  return lines.map((l) =>
    'problem' in l ? l : { lineNo: l.lineNo, text: textOf(l) as string, endOffset: l.endOffset },
  )
}

const texts = (lines: SourceLine[]) =>
  lines.map((l) => ('text' in l ? `${l.lineNo}:${l.text}` : 'problem' in l ? `${l.lineNo}!${l.problem}` : '?'))

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

  it('reports a long line that sits inside one chunk, and goes on', async () => {
    assert.deepEqual(texts(await collect([`a\n${'y'.repeat(20)}\r\nb\n`], 16)), [
      '1:a',
      '2!line is longer than 16 bytes',
      '3:b',
    ])
  })

  it('drops a byte-order mark at the start of any line, as a decoder does for each line', async () => {
    assert.deepEqual(texts(await collect(['a\n\uFEFF{"b":1}\n\uFEFF\n'])), ['1:a', '2:{"b":1}'])
  })

  it('reads the same lines however the bytes are cut into chunks', async () => {
    const piece = fc.oneof(
      fc.constantFrom('{', '}', 'a', ' ', '\t', '\r', '\n', '\n', '\r\n', 'é', '中', '😀', '\uFEFF', '\u00A0'),
      fc.constant(Buffer.from([0xff])),
      fc.constant(Buffer.from([0xe4, 0xb8])),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        fc.integer({ min: 2, max: 12 }),
        async (pieces, cuts, max) => {
          const bytes = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
          const chunks = [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length))
          assert.deepEqual(await collect(chunks, max), readLinesOneByOne(bytes, max))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

/** The reader's contract, the simple way: split the whole input at newlines and decode each line on its own. */
function readLinesOneByOne(bytes: Buffer, maxLineBytes: number): SourceLine[] {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  const out: SourceLine[] = []
  let start = 0
  let lineNo = 0
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start)
    const end = nl === -1 ? bytes.length : nl
    const endOffset = nl === -1 ? bytes.length : nl + 1
    lineNo += 1
    let line = bytes.subarray(start, end)
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1)
    if (line.length > maxLineBytes)
      out.push({ lineNo, problem: `line is longer than ${maxLineBytes} bytes`, endOffset })
    else {
      try {
        const text = decoder.decode(line)
        if (text.trim() !== '') out.push({ lineNo, text, endOffset })
      } catch {
        out.push({ lineNo, problem: 'line is not valid UTF-8', endOffset })
      }
    }
    start = endOffset
  }
  return out
}

describe('openNdjsonFile', () => {
  it('gives the same lines one at a time and a chunk at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneseller-ndjson-'))
    try {
      const file = join(dir, 'in.ndjson')
      // Over a megabyte, so that the file is read in several chunks and lines straddle them.
      const lines = Array.from({ length: 30_000 }, (_, i) =>
        i % 7 === 0 ? '' : `{"n":${i},"pad":"${'x'.repeat(i % 60)}"}`,
      )
      writeFileSync(file, `${lines.join('\r\n')}\n{"last":true}`)
      const source = openNdjsonFile(file)
      const oneByOne: SourceLine[] = []
      for await (const l of source.lines) oneByOne.push(l)
      const chunked: SourceLine[] = []
      for await (const chunk of source.chunks ?? []) chunked.push(...chunk)
      assert.ok(oneByOne.length > 25_000)
      assert.deepEqual(plain(chunked), plain(oneByOne))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
