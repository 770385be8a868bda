import { RECORD_TYPES, type RecordType } from '../core/interchange/index.ts'
import type {
  AppendOutcome,
  Clock,
  EventInput,
  EventStore,
  LineSource,
  ParsedLines,
  RecordParser,
  SourceLine,
} from '../ports/index.ts'

export interface ImportDeps {
  readonly events: EventStore
  readonly parser: RecordParser
  readonly clock: Clock
}

/** A line that was not imported, located precisely: `file:line: field: reason`. */
export interface RejectedLine {
  readonly source: string
  readonly lineNo: number
  readonly field: string
  readonly message: string
}

export interface TypeCounts {
  stored: number
  duplicate: number
  rejected: number
}

export type ImportCountKey = RecordType | 'unknown'

export interface ImportReport {
  readonly sources: readonly string[]
  readonly lines: number
  readonly stored: number
  readonly duplicate: number
  readonly rejected: number
  readonly byType: Readonly<Record<ImportCountKey, TypeCounts>>
  /** The first {@link MAX_REPORTED_REJECTIONS} rejections; all of them go to `onRejected`. */
  readonly rejections: readonly RejectedLine[]
  /** True when the import stopped early on request; what was stored stays stored and a re-run completes it. */
  readonly interrupted: boolean
}

export interface ImportProgress {
  readonly source: string
  readonly lines: number
  readonly bytesRead: number
  readonly size: number | undefined
}

export interface ImportOptions {
  /** Records stored per transaction: a crash loses at most the batch in flight, and a re-run stores it. */
  readonly batchSize?: number
  readonly onRejected?: (r: RejectedLine) => void
  readonly onProgress?: (p: ImportProgress) => void
  /** When aborted, the batch in flight is committed and the import stops. */
  readonly signal?: AbortSignal
}

export const DEFAULT_IMPORT_BATCH = 5_000
export const MAX_REPORTED_REJECTIONS = 1_000

/**
 * Batches handed to the parser while the oldest one is stored, unless the parser says how many it can use. Storing a
 * batch and reading the lines of the next both take this thread: with one batch ahead, a parser on another thread ran
 * out of work during either and sat idle for a third of an import; with two, it has work through both.
 */
const PARSED_AHEAD = 2

/**
 * Imports interchange records: validates each line, appends the valid ones (idempotently) and derives account state.
 * A bad line is rejected with its location and the rest imports. Parsing of the next batch overlaps with storing the
 * current one, and batches are stored in order.
 */
export async function importRecords(
  deps: ImportDeps,
  sources: readonly LineSource[],
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = opts.batchSize ?? DEFAULT_IMPORT_BATCH
  const ahead = deps.parser.ahead ?? PARSED_AHEAD
  const tally = newTally(opts)
  let interrupted = false
  for (const source of sources) {
    let lines: SourceLine[] = []
    // Batches sent to the parser and not stored yet, oldest first.
    const parsing: { readonly parsed: Promise<ParsedLines>; readonly last: SourceLine }[] = []
    // New accounts' states are worth deriving ahead until a batch turns out to be stored already (a re-run).
    let folding = true
    const storeOldest = async (): Promise<void> => {
      const { parsed, last } = parsing.shift() as (typeof parsing)[number]
      const { events, rejections, folded } = await parsed
      if (opts.signal?.aborted) return
      for (const r of rejections)
        tally.reject(
          r.type,
          r.issues.map((i) => ({ source: source.name, lineNo: r.lineNo, ...i })),
        )
      if (events.length > 0) {
        const outcomes = await deps.events.append(events, deps.clock.now(), folded)
        tally.count(events, outcomes, source.name)
        folding = outcomes.some((o) => o.kind === 'stored')
      }
      opts.onProgress?.({ source: source.name, lines: last.lineNo, bytesRead: last.endOffset, size: source.size })
    }
    const dispatch = (): void => {
      const last = lines[lines.length - 1]
      if (last === undefined) return
      const parsed = deps.parser.parse(source.name, lines, { fold: folding })
      // Awaited when stored; a batch never stored (an abort, an earlier failure) must not count as unhandled.
      parsed.catch(() => {})
      parsing.push({ parsed, last })
      lines = []
    }
    reading: for await (const chunk of source.chunks ?? oneByOne(source.lines)) {
      for (const line of chunk) {
        tally.lines += 1
        lines.push(line)
        if (lines.length >= batchSize) {
          dispatch()
          while (parsing.length > ahead) await storeOldest()
          if (opts.signal?.aborted) break reading
        }
      }
    }
    if (!opts.signal?.aborted) dispatch()
    while (parsing.length > 0 && !opts.signal?.aborted) await storeOldest()
    if (opts.signal?.aborted) {
      interrupted = true
      break
    }
  }
  return tally.report(sources, interrupted)
}

async function* oneByOne(lines: AsyncIterable<SourceLine>): AsyncGenerator<readonly SourceLine[]> {
  for await (const line of lines) yield [line]
}

function newTally(opts: ImportOptions) {
  const byType = Object.fromEntries(
    [...RECORD_TYPES, 'unknown'].map((t) => [t, { stored: 0, duplicate: 0, rejected: 0 }]),
  ) as Record<ImportCountKey, TypeCounts>
  const rejections: RejectedLine[] = []
  const tally = {
    lines: 0,
    /** Counts one rejected line, and reports each of its problems. */
    reject(type: ImportCountKey, problems: readonly RejectedLine[]): void {
      byType[type].rejected += 1
      for (const r of problems) {
        if (rejections.length < MAX_REPORTED_REJECTIONS) rejections.push(r)
        opts.onRejected?.(r)
      }
    },
    count(events: readonly EventInput[], outcomes: readonly AppendOutcome[], sourceName: string): void {
      outcomes.forEach((o, i) => {
        const e = events[i]!
        if (o.kind === 'rejected') {
          tally.reject(e.type, [{ source: sourceName, lineNo: e.source.line, field: o.field, message: o.message }])
        } else byType[e.type][o.kind] += 1
      })
    },
    report(sources: readonly LineSource[], interrupted: boolean): ImportReport {
      const sum = (k: keyof TypeCounts) => Object.values(byType).reduce((n, c) => n + c[k], 0)
      return {
        sources: sources.map((s) => s.name),
        lines: tally.lines,
        stored: sum('stored'),
        duplicate: sum('duplicate'),
        rejected: sum('rejected'),
        byType,
        rejections,
        interrupted,
      }
    },
  }
  return tally
}
