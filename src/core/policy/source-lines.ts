import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, Scalar } from 'yaml'

/** A path into a policy file as messages print it: `rules[2].action.deadline_days`. */
export type SourcePath = readonly (string | number)[]

export function formatPath(path: SourcePath): string {
  let out = ''
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`
  }
  return out
}

/**
 * Finds the lines of YAML nodes by path. A path that does not exist (a missing key) resolves to the deepest node
 * that does, so "deadline_days is required" points at the action that lacks it.
 */
export class SourceLines {
  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  /** 1-based line of a byte offset in the file. */
  lineOfOffset(offset: number): number {
    return this.counter.linePos(offset).line
  }

  /** Line of the value at `path`; with `key`, the line of that key inside the map at `path`. */
  lineOf(path: SourcePath, opts: { readonly key?: boolean } = {}): number {
    const found = this.find(path)
    const node = opts.key === true && found.key !== undefined ? found.key : found.node
    return node?.range ? this.lineOfOffset(node.range[0]) : 1
  }

  /**
   * The line of offset `offset` inside the string value at `path` (a condition). Exact for single-line values and
   * literal blocks (`when: |`); folded values report the line they start on.
   */
  lineInString(path: SourcePath, offset: number, text: string): number {
    const { node } = this.find(path)
    if (!node?.range) return 1
    const start = this.lineOfOffset(node.range[0])
    if (isScalar(node) && node.type === Scalar.BLOCK_LITERAL) {
      const before = text.slice(0, offset).split('\n').length - 1
      return start + 1 + before
    }
    return start
  }

  private find(path: SourcePath): { node: Node | undefined; key: Node | undefined } {
    let node: unknown = this.doc.contents
    let key: Node | undefined
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment)
        if (pair === undefined) return { node: node as Node, key: undefined }
        key = pair.key as Node
        if (pair.value === null || pair.value === undefined) return { node: key, key }
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        key = undefined
        node = node.items[segment]
      } else {
        return { node: node as Node | undefined, key: undefined }
      }
    }
    return { node: node as Node | undefined, key }
  }
}
