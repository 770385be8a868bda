import type { RecordIssue, RecordType } from '../core/interchange/index.ts'
import type { EventInput, FoldedAccount } from './event-store.ts'
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
  /** The states of the accounts with state-changing records, as these lines make them for a new account. */
  readonly folded?: ReadonlyMap<string, FoldedAccount>
}

/** Validates lines of interchange records and prepares them for the store (possibly on another thread). */
export interface RecordParser {
  /** Batches worth handing over before the oldest is stored (to keep every thread of the parser busy), when known. */
  readonly ahead?: number
  /**
   * `fold`: whether the states of new accounts are worth deriving ahead (`ParsedLines.folded`); a caller whose records
   * turn out to be stored already says no. A parser may derive them or not either way.
   */
  parse(sourceName: string, lines: readonly SourceLine[], options?: { readonly fold?: boolean }): Promise<ParsedLines>
  close(): Promise<void>
}
