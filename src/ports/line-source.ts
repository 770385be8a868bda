/** One line of an NDJSON input, or why it could not be read as text. */
export type SourceLine =
  | { readonly lineNo: number; readonly text: string; readonly endOffset: number }
  | { readonly lineNo: number; readonly problem: string; readonly endOffset: number }

/** A named stream of lines (a file, standard input, an upload). `size` is in bytes, when known, for progress. */
export interface LineSource {
  readonly name: string
  readonly size: number | undefined
  readonly lines: AsyncIterable<SourceLine>
  /** The same lines, several at a time (those of one read of the input), when the source can give them so. */
  readonly chunks?: AsyncIterable<readonly SourceLine[]>
}
