import type { ParsedLines, RecordParser, SourceLine } from '../../ports/index.ts'
import { parseLines } from './parse-lines.ts'

/** Parses on the calling thread: for tests, small inputs and the HTTP path. */
export class InProcessRecordParser implements RecordParser {
  /** `fold`: derive the states of new accounts ahead too (see `ParsedLines.folded`). */
  constructor(private readonly options: { readonly fold?: boolean } = {}) {}

  async parse(
    sourceName: string,
    lines: readonly SourceLine[],
    options: { readonly fold?: boolean } = {},
  ): Promise<ParsedLines> {
    return parseLines(sourceName, lines, (this.options.fold ?? false) && (options.fold ?? true))
  }

  async close(): Promise<void> {}
}
