import type { RecordIssue, RecordType } from '../core/interchange/index.ts'
import type { EventInput } from './event-store.ts'
import type { SourceLine } from './line-source.ts'

/** A line that failed validation: its number, its type when readable, and every problem found. */
export interface LineRejection {
  readonly lineNo: number
  readonly type: RecordType | 'unknown'
  readonly issues: readonly RecordIssue[]
}

export interface ParsedLines {
  readonly events: readonly EventInput[]
  readonly rejections: readonly LineRejection[]
}

/** Validates lines of interchange records and prepares them for the store (possibly on another thread). */
export interface RecordParser {
  parse(sourceName: string, lines: readonly SourceLine[]): Promise<ParsedLines>
  close(): Promise<void>
}
