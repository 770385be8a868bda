import { UnionFind } from './union-find.ts'
import type { LinkageWeights } from './weights.ts'

/** A linked pair: its score decides how it may join clusters. */
export interface Link {
  readonly a: number
  readonly b: number
  readonly score: number
}

export interface Clustering {
  /** Cluster number per account (0..clusters-1). */
  readonly labels: Int32Array
  readonly clusters: number
  /** The links that joined accounts, strong first. */
  readonly links: readonly Link[]
  /** Weak links that would have joined two groups on their own and were left out (guard against chaining). */
  readonly refused: readonly Link[]
}

/** Weak links between two groups must be at least this many before the groups join. */
export const WEAK_BRIDGE_SUPPORT = 2

/**
 * Clusters accounts from scored pairs, guarded against chaining through weak links:
 * 1. pairs at or above the strong threshold join their accounts unconditionally;
 * 2. weaker pairs (at or above the link threshold) join a single account to a group freely, but join two groups of
 *    two or more accounts only when at least WEAK_BRIDGE_SUPPORT distinct weak links connect them. A lone weak
 *    bridge between two groups (one shared phone between two families of shops) is refused and reported.
 */
export function clusterAccounts(count: number, pairs: readonly Link[], w: LinkageWeights): Clustering {
  const uf = new UnionFind(count)
  const strong = pairs.filter((p) => p.score >= w.strongThreshold).sort((x, y) => y.score - x.score)
  const weak = pairs
    .filter((p) => p.score >= w.linkThreshold && p.score < w.strongThreshold)
    .sort((x, y) => y.score - x.score)
  const links: Link[] = []
  for (const p of strong) if (uf.union(p.a, p.b) !== -1) links.push(link(p))
  const refused: Link[] = []
  const pending = new Map<string, Link[]>()
  for (const p of weak) {
    const ra = uf.find(p.a)
    const rb = uf.find(p.b)
    if (ra === rb) continue
    if (uf.sizeOf(ra) === 1 || uf.sizeOf(rb) === 1) {
      uf.union(ra, rb)
      links.push(link(p))
      continue
    }
    const key = ra < rb ? `${ra}:${rb}` : `${rb}:${ra}`
    const support = [...(pending.get(key) ?? []), p]
    pending.set(key, support)
    if (support.length >= WEAK_BRIDGE_SUPPORT) {
      uf.union(ra, rb)
      links.push(...support.map(link))
      pending.delete(key)
    }
  }
  for (const [key, support] of pending) {
    const [ra, rb] = key.split(':').map(Number) as [number, number]
    if (uf.find(ra) !== uf.find(rb)) refused.push(...support.map(link))
  }
  const labels = uf.labels()
  let clusters = 0
  for (const l of labels) clusters = Math.max(clusters, l + 1)
  return { labels, clusters, links, refused }
}

function link(p: Link): Link {
  return { a: p.a, b: p.b, score: p.score }
}
