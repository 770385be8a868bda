import {
  registrationIdentifiers,
  STATE_CHANGING_TYPES,
  type StateChangingRecord,
  toStateChange,
} from '../../core/accounts/index.ts'
import type { Identifier } from '../../core/identifiers/index.ts'
import type { AccountId } from '../../core/ids.ts'
import { type InterchangeRecord, parseRecordLine, RECORD_TYPES, type RecordType } from '../../core/interchange/index.ts'
import type { Instant } from '../../core/time.ts'
import type {
  EventInput,
  EventSource,
  FoldedAccount,
  LineRejection,
  ParsedLines,
  SourceLine,
} from '../../ports/index.ts'
import { bytesOf, decodeText, type EncodedTexts, type LineContent } from './encoded-texts.ts'
import { type FoldableEvent, foldAccounts } from './fold-accounts.ts'
import { DIGEST_BYTES, guessType, writeDigest } from './parse-lines.ts'

/**
 * The outcome of parsing a batch of lines, in columns, for crossing a thread boundary: typed arrays and strings clone
 * several times faster than an object per record. Bodies do not travel back: a body is its line trimmed, and the
 * sending side still holds the lines. Nor do the records: a store takes the state of an account new to it as folded
 * here ({@link FoldedColumns}), and for the others, the few state-changing records are validated again from their
 * bodies when it asks for them (see {@link ParsedEvent}).
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
  /** In line order. */
  readonly rejections: LineRejection[]
  readonly folded: FoldedColumns
}

/** The states {@link foldAccounts} gives, in columns. */
export interface FoldedColumns {
  readonly ids: string[]
  /** {@link FOLDED_TEXTS} per account. */
  readonly texts: (string | null)[]
  /** {@link FOLDED_NUMBERS} per account; NaN for no time of registration. */
  readonly numbers: Float64Array
}

const FOLDED_TEXTS = 9
const FOLDED_NUMBERS = 5 + RECORD_TYPES.length

const TYPE_CODES = new Map<RecordType, number>(RECORD_TYPES.map((t, i) => [t, i]))

/** A batch of lines as the parser thread takes it. */
export interface LineBatch {
  readonly texts: EncodedTexts
  /** `lineNos[i]` is the line number of text `i`. */
  readonly lineNos: Int32Array
  /** Fold the states of the accounts too (see {@link foldAccounts}). */
  readonly fold: boolean
  /**
   * {@link DIGEST_BYTES} per text: the digest of each text's UTF-8 (of a text that travels as it is, none), when the
   * sending side has them: hashing takes a sixth of the parser thread's time, and the storing thread has time to spare.
   */
  readonly digests?: Uint8Array
}

/** The digest of each text's UTF-8 in `texts`, for {@link LineBatch.digests}. */
export function digestTexts(texts: EncodedTexts): Uint8Array {
  const n = texts.ends.length
  const digests = new Uint8Array(n * DIGEST_BYTES)
  for (let i = 0; i < n; i++) {
    if (!texts.irregular.has(i)) writeDigest(bytesOf(texts, i), digests, i * DIGEST_BYTES)
  }
  return digests
}

/** Validates lines and prepares the valid ones for the store, straight into columns (the worker side). */
export function parseToBatch({ texts, lineNos, fold, digests: lineDigests }: LineBatch): ParsedBatch {
  const n = texts.ends.length
  const positions = new Int32Array(n)
  const accounts: string[] = []
  const types = new Uint8Array(n)
  const ats = new Float64Array(n)
  const digests = new Uint8Array(n * DIGEST_BYTES)
  const rejections: LineRejection[] = []
  const foldable: FoldableEvent[] = []
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
    if (!whole) writeDigest(body, digests, k * DIGEST_BYTES)
    else if (lineDigests !== undefined)
      digests.set(lineDigests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), k * DIGEST_BYTES)
    else writeDigest(bytesOf(texts, i), digests, k * DIGEST_BYTES)
    if (fold) {
      const change = toStateChange(record)
      const declared = record.type === 'account' ? registrationIdentifiers(record) : undefined
      foldable.push({ account: record.account, type: record.type, at, change, identifiers: declared })
    }
  }
  const m = accounts.length
  return {
    positions: positions.slice(0, m),
    accounts,
    types: types.slice(0, m),
    ats: ats.slice(0, m),
    digests: digests.slice(0, m * DIGEST_BYTES),
    rejections,
    folded: toFoldedColumns(foldAccounts(foldable)),
  }
}

function toFoldedColumns(folded: ReadonlyMap<string, FoldedAccount>): FoldedColumns {
  const ids: string[] = []
  const texts: (string | null)[] = []
  const numbers = new Float64Array(folded.size * FOLDED_NUMBERS)
  let k = 0
  for (const [id, f] of folded) {
    ids.push(id)
    texts.push(f.marketplace, f.kind, f.channelType, f.channelRef, f.status)
    texts.push(f.verifications, f.problems, f.profile, f.identifiers)
    numbers[k++] = f.records
    numbers[k++] = f.registered ? 1 : 0
    numbers[k++] = f.registeredAt ?? Number.NaN
    numbers[k++] = f.firstEventAt
    numbers[k++] = f.lastEventAt
    for (const t of RECORD_TYPES) numbers[k++] = f.eventCounts[t]
  }
  return { ids, texts, numbers }
}

function fromFoldedColumns(c: FoldedColumns): Map<string, FoldedAccount> {
  const folded = new Map<string, FoldedAccount>()
  c.ids.forEach((id, i) => {
    const t = i * FOLDED_TEXTS
    const x = i * FOLDED_NUMBERS
    const text = (j: number) => c.texts[t + j] as string
    const num = (j: number) => c.numbers[x + j] as number
    const eventCounts = {} as Record<RecordType, number>
    RECORD_TYPES.forEach((type, j) => {
      eventCounts[type] = num(5 + j)
    })
    folded.set(id, {
      records: num(0),
      registered: num(1) === 1,
      marketplace: c.texts[t] ?? null,
      kind: (c.texts[t + 1] ?? null) as FoldedAccount['kind'],
      channelType: (c.texts[t + 2] ?? null) as FoldedAccount['channelType'],
      channelRef: c.texts[t + 3] ?? null,
      status: text(4) as FoldedAccount['status'],
      registeredAt: (Number.isNaN(num(2)) ? null : num(2)) as Instant | null,
      firstEventAt: num(3) as Instant,
      lastEventAt: num(4) as Instant,
      eventCounts,
      verifications: text(5),
      problems: text(6),
      profile: text(7),
      identifiers: text(8),
    })
  })
  return folded
}

/** The lines of a batch as sent to be parsed: the lines that are text, their numbers, and the lines that are not. */
export interface LineTexts {
  /** The lines read as text, or as UTF-8 to be decoded when needed. */
  readonly texts: LineContent[]
  readonly lineNos: Int32Array
  /** Lines that could not be read as text (too long, not UTF-8), already rejected; in line order. */
  readonly problems: LineRejection[]
}

/** Splits lines into what a parser needs (texts and their numbers) and the lines already rejected. */
export function toLineTexts(lines: readonly SourceLine[]): LineTexts {
  const texts: LineContent[] = []
  const lineNos = new Int32Array(lines.length)
  const problems: LineRejection[] = []
  for (const line of lines) {
    if ('problem' in line) {
      problems.push({ lineNo: line.lineNo, type: 'unknown', issues: [{ field: '(line)', message: line.problem }] })
      continue
    }
    lineNos[texts.length] = line.lineNo
    texts.push('text' in line ? line.text : line)
  }
  return { texts, lineNos: lineNos.subarray(0, texts.length), problems }
}

const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d

interface ReceivedBatch {
  readonly sourceName: string
  readonly sent: LineTexts
  readonly parsed: ParsedBatch
}

/**
 * An event as the parser thread sent it. Its state change (and a registration's identifiers) did not travel: a store
 * asks for them only for an account it already held (it takes the folded state of a new one), and then they are
 * derived again from the body, which gives the very record the parser validated.
 */
class ParsedEvent implements EventInput {
  private record: InterchangeRecord | undefined
  private changeRead: StateChangingRecord | undefined
  private identifiersRead: readonly Identifier[] | undefined

  /**
   * Every field is read from the batch's columns when asked for (the body decoded from the line sent, the digest a
   * view of the batch's digests): what lives while a batch waits to be stored is one small object per record.
   */
  constructor(
    private readonly batch: ReceivedBatch,
    private readonly i: number,
  ) {}

  get account(): AccountId {
    return this.batch.parsed.accounts[this.i] as AccountId
  }

  get type(): RecordType {
    return RECORD_TYPES[this.batch.parsed.types[this.i] as number] as RecordType
  }

  get at(): Instant {
    return this.batch.parsed.ats[this.i] as Instant
  }

  get digest(): Uint8Array {
    return this.batch.parsed.digests.subarray(this.i * DIGEST_BYTES, (this.i + 1) * DIGEST_BYTES)
  }

  get source(): EventSource {
    return { name: this.batch.sourceName, line: this.lineNo }
  }

  private get lineNo(): number {
    return this.batch.sent.lineNos[this.batch.parsed.positions[this.i] as number] as number
  }

  /** The line the record was read from, as it was sent to the parser. */
  private get line(): LineContent {
    return this.batch.sent.texts[this.batch.parsed.positions[this.i] as number] as LineContent
  }

  /**
   * What parseRecordLine stores as the body: the line, trimmed. A line read as UTF-8 is decoded each time it is asked
   * for (a store asks once, to write it): a string per record kept while its batch waits for the store cost the
   * storing thread more in garbage collection than decoding it late.
   */
  get body(): string {
    const line = this.line
    return (typeof line === 'string' ? line : line.utf8.toString('utf8', line.start, line.end)).trim()
  }

  get bodyUtf8(): Uint8Array | undefined {
    const line = this.line
    if (typeof line === 'string') return undefined
    // A line that begins and ends with a brace has nothing to trim: its body is the line as read.
    const { utf8, start, end } = line
    return utf8[start] === OPEN_BRACE && utf8[end - 1] === CLOSE_BRACE ? utf8.subarray(start, end) : undefined
  }

  get change(): StateChangingRecord | undefined {
    if (!STATE_CHANGING_TYPES.has(this.type)) return undefined
    this.changeRead ??= toStateChange(this.validated())
    return this.changeRead
  }

  get identifiers(): readonly Identifier[] | undefined {
    const record = this.type === 'account' ? this.validated() : undefined
    if (record?.type === 'account') this.identifiersRead ??= registrationIdentifiers(record)
    return this.identifiersRead
  }

  private validated(): InterchangeRecord {
    if (this.record === undefined) {
      const parsed = parseRecordLine(this.body)
      if (!parsed.ok) throw new Error(`line ${this.lineNo} validated on the parser thread, not here`)
      this.record = parsed.value.record
    }
    return this.record
  }
}

/** The records of a batch as the store takes them (the receiving side, which still holds the lines it sent). */
export function fromParsedBatch(sourceName: string, sent: LineTexts, b: ParsedBatch): ParsedLines {
  const n = b.accounts.length
  const events: EventInput[] = new Array(n)
  const batch: ReceivedBatch = { sourceName, sent, parsed: b }
  for (let i = 0; i < n; i++) events[i] = new ParsedEvent(batch, i)
  return { events, rejections: mergeByLine(sent.problems, b.rejections), folded: fromFoldedColumns(b.folded) }
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
