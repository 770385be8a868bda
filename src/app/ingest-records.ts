import { OnesellerError } from '../core/errors.ts'
import type { EventSeq } from '../core/ids.ts'
import type { RecordIssue, RecordType } from '../core/interchange/index.ts'
import type { Clock, EventStore, LineSource, RecordParser, SourceLine } from '../ports/index.ts'

export interface IngestDeps {
  readonly events: EventStore
  readonly parser: RecordParser
  readonly clock: Clock
}

/** What became of one record of an ingested batch; `line` is its line number in the batch (1-based). */
export type IngestOutcome =
  | {
      readonly line: number
      readonly status: 'stored' | 'duplicate'
      readonly type: RecordType
      readonly account: string
      readonly seq: EventSeq
    }
  | {
      readonly line: number
      readonly status: 'rejected'
      readonly type: RecordType | 'unknown'
      readonly issues: readonly RecordIssue[]
    }

export interface IngestReport {
  readonly stored: number
  readonly duplicate: number
  readonly rejected: number
  /** One outcome per record, in the order of the batch. */
  readonly outcomes: readonly IngestOutcome[]
}

/** The most records one call takes: one call is one transaction, and its lines are held in memory. */
export const MAX_INGEST_RECORDS = 10_000

/**
 * Ingests one small batch of interchange records (an HTTP request): the same parser and the same idempotent append as
 * `importRecords`, in one transaction, but answering for every record instead of counting.
 * Throws `invalid_input` when the batch holds more than {@link MAX_INGEST_RECORDS} records (nothing is stored).
 */
export async function ingestRecords(deps: IngestDeps, source: LineSource): Promise<IngestReport> {
  const lines: SourceLine[] = []
  for await (const line of source.lines) {
    lines.push(line)
    if (lines.length > MAX_INGEST_RECORDS) {
      throw new OnesellerError(
        'invalid_input',
        `a batch holds at most ${MAX_INGEST_RECORDS.toLocaleString('en-US')} records: send the rest in another request`,
        { details: { limit: MAX_INGEST_RECORDS } },
      )
    }
  }
  const parsed = await deps.parser.parse(source.name, lines)
  const byLine = new Map<number, IngestOutcome>()
  for (const r of parsed.rejections) {
    byLine.set(r.lineNo, { line: r.lineNo, status: 'rejected', type: r.type, issues: r.issues })
  }
  if (parsed.events.length > 0) {
    const appended = await deps.events.append(parsed.events, deps.clock.now())
    parsed.events.forEach((e, i) => {
      const o = appended[i]
      if (o === undefined) throw new Error(`the store answered ${appended.length} outcomes for ${parsed.events.length}`)
      byLine.set(
        e.source.line,
        o.kind === 'rejected'
          ? { line: e.source.line, status: 'rejected', type: e.type, issues: [{ field: o.field, message: o.message }] }
          : { line: e.source.line, status: o.kind, type: e.type, account: e.account, seq: o.seq },
      )
    })
  }
  const outcomes = lines.map((l) => byLine.get(l.lineNo)).filter((o): o is IngestOutcome => o !== undefined)
  const count = (s: IngestOutcome['status']) => outcomes.filter((o) => o.status === s).length
  return { stored: count('stored'), duplicate: count('duplicate'), rejected: count('rejected'), outcomes }
}
