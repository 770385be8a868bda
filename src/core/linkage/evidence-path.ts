/** A link as explanation needs it. */
export interface PathLink<E> {
  readonly a: string
  readonly b: string
  readonly score: number
  readonly evidence: readonly E[]
}

/**
 * The chain of links that joins two accounts of one cluster, strongest path first: a widest-path search (maximise the
 * weakest link on the way), so the explanation leans on the best evidence there is. Undefined when no path exists.
 */
export function evidencePath<E>(links: readonly PathLink<E>[], from: string, to: string): PathLink<E>[] | undefined {
  if (from === to) return []
  const adjacent = new Map<string, PathLink<E>[]>()
  for (const l of links) {
    adjacent.set(l.a, [...(adjacent.get(l.a) ?? []), l])
    adjacent.set(l.b, [...(adjacent.get(l.b) ?? []), l])
  }
  const width = new Map<string, number>([[from, Number.POSITIVE_INFINITY]])
  const via = new Map<string, PathLink<E>>()
  const done = new Set<string>()
  while (true) {
    let best: string | undefined
    for (const [node, w] of width) if (!done.has(node) && (best === undefined || w > width.get(best)!)) best = node
    if (best === undefined) return undefined
    if (best === to) break
    done.add(best)
    for (const l of adjacent.get(best) ?? []) {
      const next = l.a === best ? l.b : l.a
      const w = Math.min(width.get(best)!, l.score)
      if (!done.has(next) && w > (width.get(next) ?? Number.NEGATIVE_INFINITY)) {
        width.set(next, w)
        via.set(next, l)
      }
    }
  }
  const path: PathLink<E>[] = []
  for (let node = to; node !== from; ) {
    const l = via.get(node)!
    path.unshift(l)
    node = l.a === node ? l.b : l.a
  }
  return path
}
