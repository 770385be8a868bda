import {
  registrationIdentifiers,
  STATE_CHANGING_TYPES,
  type StateChangingRecord,
  toStateChange,
} from '../../core/accounts/index.ts'
import type { Identifier } from '../../core/identifiers/index.ts'
import type { AccountId } from '../../core/ids.ts'
import { parseRecordLine, RECORD_TYPES, type RecordType } from '../../core/interchange/index.ts'
import type { Instant } from '../../core/time.ts'
import type { EventInput, LineRejection, ParsedLines, SourceLine } from '../../ports/index.ts'
import { bytesOf, decodeText, type EncodedTexts } from './encoded-texts.ts'
import { DIGEST_BYTES, digestBody, digestBytes, guessType } from './parse-lines.ts'

/**
 * The outcome of parsing a batch of lines, in columns, for crossing a thread boundary: typed arrays and strings clone
 * several times faster than an object per record. Bodies do not travel back: a body is its line trimmed, and the
 * sending side still holds the lines. The state-changing records and their identifiers travel as one JSON text each.
 */
export interface ParsedBatch {
  /** For each valid record, the position of its line among the texts that were sent. */
  readonly positions: Int32Array
  readonly accounts: string[]
  /** Index into {@link RECORD_TYPES}. */
  readonly types: Uint8Array
  readonly ats: Float64Array
  /** {@link DIGEST_BYTES} per record. */
  readonly digests: Uint8Array
  /** JSON array of the state changes (account, update, status records; verifications' kind and outcome), in order. */
  readonly changes: string
  /** JSON array of the identifiers each `account` record declares, in order. */
  readonly identifiers: string
  /** In line order. */
  readonly rejections: LineRejection[]
}

const TYPE_CODES = new Map<RecordType, number>(RECORD_TYPES.map((t, i) => [t, i]))

/**
 * Validates lines and prepares the valid ones for the store, straight into columns (the worker side).
 * `lineNos[i]` is the line number of text `i`.
 */
export function parseToBatch(texts: EncodedTexts, lineNos: Int32Array): ParsedBatch {
  const n = texts.ends.length
  const positions = new Int32Array(n)
  const accounts: string[] = []
  const types = new Uint8Array(n)
  const ats = new Float64Array(n)
  const digests = new Uint8Array(n * DIGEST_BYTES)
  const changes: StateChangingRecord[] = []
  const identifiers: (readonly Identifier[])[] = []
  const rejections: LineRejection[] = []
  for (let i = 0; i < n; i++) {
    const text = decodeText(texts, i)
    const parsed = parseRecordLine(text)
    if (!parsed.ok) {
      rejections.push({ lineNo: lineNos[i] as number, type: guessType(text), issues: parsed.error })
      continue
    }
    const { record, at, body } = parsed.value
    const k = accounts.length
    positions[k] = i
    accounts.push(record.account)
    types[k] = TYPE_CODES.get(record.type) as number
    ats[k] = at
    // A body is its line trimmed, most often the whole line: then its UTF-8 is at hand, and hashing it spares
    // encoding the text again.
    const whole = body.length === text.length && !texts.irregular.has(i)
    digests.set(whole ? digestBytes(bytesOf(texts, i)) : digestBody(body), k * DIGEST_BYTES)
    // Of a verification only its kind and outcome: its face and document need not cross the thread boundary.
    const change = toStateChange(record)
    if (change !== undefined) changes.push(change)
    if (record.type === 'account') identifiers.push(registrationIdentifiers(record))
  }
  const m = accounts.length
  return {
    positions: positions.slice(0, m),
    accounts,
    types: types.slice(0, m),
    ats: ats.slice(0, m),
    digests: digests.slice(0, m * DIGEST_BYTES),
    changes: JSON.stringify(changes),
    identifiers: JSON.stringify(identifiers),
    rejections,
  }
}

/** The lines of a batch as sent to be parsed: the texts, their line numbers, and the lines that are not text. */
export interface LineTexts {
  readonly texts: string[]
  readonly lineNos: Int32Array
  /** Lines that could not be read as text (too long, not UTF-8), already rejected; in line order. */
  readonly problems: LineRejection[]
}

/** Splits lines into what a parser needs (texts and their numbers) and the lines already rejected. */
export function toLineTexts(lines: readonly SourceLine[]): LineTexts {
  const texts: string[] = []
  const lineNos = new Int32Array(lines.length)
  const problems: LineRejection[] = []
  for (const line of lines) {
    if ('text' in line) {
      lineNos[texts.length] = line.lineNo
      texts.push(line.text)
    } else {
      problems.push({ lineNo: line.lineNo, type: 'unknown', issues: [{ field: '(line)', message: line.problem }] })
    }
  }
  return { texts, lineNos: lineNos.subarray(0, texts.length), problems }
}

/** The records of a batch as the store takes them (the receiving side, which still holds the lines it sent). */
export function fromParsedBatch(sourceName: string, sent: LineTexts, b: ParsedBatch): ParsedLines {
  const changes = JSON.parse(b.changes) as StateChangingRecord[]
  const identifiers = JSON.parse(b.identifiers) as Identifier[][]
  let nextChange = 0
  let nextIdentifiers = 0
  const n = b.accounts.length
  const events: EventInput[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const type = RECORD_TYPES[b.types[i] as number] as RecordType
    const stateChanging = STATE_CHANGING_TYPES.has(type)
    const position = b.positions[i] as number
    events[i] = {
      account: b.accounts[i] as AccountId,
      type,
      at: b.ats[i] as Instant,
      change: stateChanging ? changes[nextChange++] : undefined,
      identifiers: type === 'account' ? identifiers[nextIdentifiers++] : undefined,
      // What parseRecordLine stores as the body: the line, trimmed.
      body: (sent.texts[position] as string).trim(),
      digest: b.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES),
      source: { name: sourceName, line: sent.lineNos[position] as number },
    }
  }
  return { events, rejections: mergeByLine(sent.problems, b.rejections) }
}

/** Two lists of rejections, each in line order, as one list in line order. */
function mergeByLine(a: readonly LineRejection[], b: readonly LineRejection[]): readonly LineRejection[] {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const out: LineRejection[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && x.lineNo < y.lineNo)) {
      out.push(x as LineRejection)
      i++
    } else {
      out.push(y)
      j++
    }
  }
  return out
}
