import type { ParsedLines, RecordParser, SourceLine } from '../../ports/index.ts'
import { parseLines } from './parse-lines.ts'

/** Parses on the calling thread: for tests, small inputs and the HTTP path. */
export class InProcessRecordParser implements RecordParser {
  async parse(sourceName: string, lines: readonly SourceLine[]): Promise<ParsedLines> {
    return parseLines(sourceName, lines)
  }

  async close(): Promise<void> {}
}
