import { isUtf8 } from 'node:buffer'
import { accessSync, constants, createReadStream, statSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { OnesellerError } from '../../core/errors.ts'
import { MAX_LINE_BYTES } from '../../core/interchange/index.ts'
import type { LineSource, SourceLine } from '../../ports/index.ts'

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d
const OPEN_BRACE = 0x7b
const BOM = [0xef, 0xbb, 0xbf] as const
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Splits a byte stream into lines without holding more than one line (at most {@link MAX_LINE_BYTES}) in memory.
 * A longer line is skipped and reported; bytes that are not UTF-8 are reported; a final line without a newline
 * (a truncated file) is still read.
 */
export async function* readLines(
  stream: AsyncIterable<Buffer>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<SourceLine> {
  for await (const lines of readLineChunks(stream, maxLineBytes)) yield* lines
}

/**
 * The lines of {@link readLines}, those that end in each chunk of the stream together: an import takes a thousand
 * lines per turn of the event loop instead of one (a turn per line cost about a microsecond a line).
 */
export async function* readLineChunks(
  stream: AsyncIterable<Buffer>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<SourceLine[]> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let overflow = false
  let lineNo = 0
  let offset = 0
  /** A line in pieces, or one whose chunk is not all UTF-8: checked and decoded on its own. */
  const finish = (tail: Buffer, end: number): SourceLine | undefined => {
    lineNo += 1
    if (overflow) return { lineNo, problem: `line is longer than ${maxLineBytes} bytes`, endOffset: end }
    let bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail])
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, bytes.length - 1)
    if (bytes.length > maxLineBytes)
      return { lineNo, problem: `line is longer than ${maxLineBytes} bytes`, endOffset: end }
    try {
      const text = utf8.decode(bytes)
      return text.trim() === '' ? undefined : { lineNo, text, endOffset: end }
    } catch {
      return { lineNo, problem: 'line is not valid UTF-8', endOffset: end }
    }
  }
  /**
   * A line of `chunk` from `start` to the newline at `nl`, known to be UTF-8: the same line as {@link finish} gives
   * (no final carriage return, no leading byte-order mark, blank lines skipped), left as bytes in the chunk. An
   * import decodes nothing here: the bytes go to the parser thread as they are, and a store decodes a record's text
   * when it writes it, so no string per line lives while its batch waits to be stored.
   */
  const readUtf8 = (chunk: Buffer, start: number, nl: number): SourceLine | undefined => {
    lineNo += 1
    const endOffset = offset + nl + 1
    const end = nl > start && chunk[nl - 1] === CARRIAGE_RETURN ? nl - 1 : nl
    if (end - start > maxLineBytes) return { lineNo, problem: `line is longer than ${maxLineBytes} bytes`, endOffset }
    const from =
      chunk[start] === BOM[0] && chunk[start + 1] === BOM[1] && chunk[start + 2] === BOM[2] ? start + 3 : start
    const line = { lineNo, utf8: chunk, start: from, end, endOffset }
    return chunk[from] === OPEN_BRACE || chunk.toString('utf8', from, end).trim() !== '' ? line : undefined
  }
  for await (const chunk of stream) {
    const lines: SourceLine[] = []
    let start = 0
    let nl = chunk.indexOf(NEWLINE, start)
    if (nl !== -1 && (pendingBytes > 0 || overflow)) {
      const line = finish(chunk.subarray(start, nl), offset + nl + 1)
      if (line) lines.push(line)
      pending = []
      pendingBytes = 0
      overflow = false
      start = nl + 1
      nl = chunk.indexOf(NEWLINE, start)
    }
    // The whole lines of the chunk are checked in one pass; when it fails, each line is decoded on its own to find
    // which ones are not UTF-8.
    const wholeLinesAreUtf8 = nl !== -1 && isUtf8(chunk.subarray(start, chunk.lastIndexOf(NEWLINE)))
    while (nl !== -1) {
      const line = wholeLinesAreUtf8 ? readUtf8(chunk, start, nl) : finish(chunk.subarray(start, nl), offset + nl + 1)
      if (line) lines.push(line)
      start = nl + 1
      nl = chunk.indexOf(NEWLINE, start)
    }
    const rest = chunk.subarray(start)
    if (!overflow && rest.length > 0) {
      pendingBytes += rest.length
      if (pendingBytes > maxLineBytes + 1) {
        overflow = true
        pending = []
      } else pending.push(Buffer.from(rest))
    }
    offset += chunk.length
    if (lines.length > 0) yield lines
  }
  if (pendingBytes > 0 || overflow) {
    const line = finish(Buffer.alloc(0), offset)
    if (line) yield [line]
  }
}

/** Opens an NDJSON file; fails with a clear message when it does not exist or cannot be read. */
export function openNdjsonFile(path: string): LineSource {
  let size: number
  try {
    const st = statSync(path)
    if (st.isDirectory()) throw new OnesellerError('invalid_input', `${path} is a folder, not an NDJSON file`)
    size = st.size
    accessSync(path, constants.R_OK)
  } catch (e) {
    if (e instanceof OnesellerError) throw e
    const code = (e as { code?: string }).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(e)
    throw new OnesellerError('not_found', `${path}: ${why}`, { cause: e })
  }
  const read = () => createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>
  return { name: path, size, lines: lazily(() => readLines(read())), chunks: lazily(() => readLineChunks(read())) }
}

/** An iterable that opens its source only when iterated: a file is read by whichever of its views is used. */
function lazily<T>(open: () => AsyncIterable<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => open()[Symbol.asyncIterator]() }
}

/** Reads NDJSON from a stream such as standard input. */
export function openNdjsonStream(name: string, stream: Readable): LineSource {
  // A stream can be read once: both views read the same one, and a caller uses one of them.
  return {
    name,
    size: undefined,
    lines: lazily(() => readLines(stream as AsyncIterable<Buffer>)),
    chunks: lazily(() => readLineChunks(stream as AsyncIterable<Buffer>)),
  }
}
