/**
 * One line of an NDJSON input: its text, or its UTF-8 where it was read (`utf8[start, end)`, checked to be UTF-8:
 * a file's lines stay bytes until what needs them as text decodes them), or why it could not be read as text.
 */
export type SourceLine =
  | { readonly lineNo: number; readonly text: string; readonly endOffset: number }
  | {
      readonly lineNo: number
      readonly utf8: Buffer
      readonly start: number
      readonly end: number
      readonly endOffset: number
    }
  | { readonly lineNo: number; readonly problem: string; readonly endOffset: number }

/** The text of a line that was read as text or as UTF-8; undefined for one that could not be read. */
export function textOf(line: SourceLine): string | undefined {
  if ('text' in line) return line.text
  if ('utf8' in line) return line.utf8.toString('utf8', line.start, line.end)
  return undefined
}

/** A named stream of lines (a file, standard input, an upload). `size` is in bytes, when known, for progress. */
export interface LineSource {
  readonly name: string
  readonly size: number | undefined
  readonly lines: AsyncIterable<SourceLine>
  /** The same lines, several at a time (those of one read of the input), when the source can give them so. */
  readonly chunks?: AsyncIterable<readonly SourceLine[]>
}
