import { WEAK_BRIDGE_SUPPORT } from './cluster-accounts.ts'
import type { LinkageWeights } from './weights.ts'

/** A live link of the account: the other account, the score, and the cluster the other account is in now. */
export interface LiveCandidate {
  readonly other: string
  readonly score: number
  readonly cluster: string
  /** Accounts in that cluster. */
  readonly clusterSize: number
}

export interface LiveJoin {
  /** The clusters the account is one with now: its own first, then those its links joined, strongest first. */
  readonly clusters: readonly string[]
  /** The links that joined a cluster or fall inside the joined ones, strongest first. */
  readonly links: readonly LiveCandidate[]
  /** Weak links that alone would have joined two groups, left out as a bulk run leaves them out. */
  readonly refused: readonly LiveCandidate[]
}

/**
 * Which clusters an account joins through its live links, by the rules of a bulk run (clusterAccounts): a link at
 * or above the strong threshold joins; a weaker one (at or above the link threshold) joins when one side is a single
 * account, and two groups of two or more only on WEAK_BRIDGE_SUPPORT weak links between them. Links below the link
 * threshold join nothing. `own` is the account's cluster now (its own id when it is in none) and `ownSize` its size.
 */
export function joinClusters(
  own: string,
  ownSize: number,
  candidates: readonly LiveCandidate[],
  w: LinkageWeights,
): LiveJoin {
  const clusters = [own]
  const joined = new Set([own])
  let size = ownSize
  const links: LiveCandidate[] = []
  const pending = new Map<string, LiveCandidate[]>()
  const ranked = candidates.filter((c) => c.score >= w.linkThreshold).sort((x, y) => y.score - x.score)
  for (const c of ranked) {
    if (joined.has(c.cluster)) {
      links.push(c)
      continue
    }
    let support = [c]
    if (c.score < w.strongThreshold && size > 1 && c.clusterSize > 1) {
      support = [...(pending.get(c.cluster) ?? []), c]
      pending.set(c.cluster, support)
      if (support.length < WEAK_BRIDGE_SUPPORT) continue
    }
    pending.delete(c.cluster)
    joined.add(c.cluster)
    clusters.push(c.cluster)
    size += c.clusterSize
    links.push(...support)
  }
  const refused = [...pending.values()].flat()
  return { clusters, links: links.sort((x, y) => y.score - x.score), refused }
}

/**
 * The clusters of a live index: those of the latest run, grown by what accounts joined since (see joinClusters).
 * Disjoint sets over account numbers that grow with the index (union by size, path halving), each set with its
 * members in a circular list (merged in constant time) and a name: the run's cluster id, or the account's own id for
 * an account in no cluster yet. Clusters only grow here; the next bulk run may split them.
 */
export class LiveClusters {
  private parent = new Int32Array(1024)
  private sizes = new Int32Array(1024)
  private next = new Int32Array(1024)
  private readonly names: string[] = []
  private count = 0

  /** Makes sure account numbers up to n exist; a new account is its own cluster, named `name`. */
  ensure(n: number, name: string): void {
    while (this.count <= n) {
      if (this.count === this.parent.length) {
        this.parent = grown(this.parent)
        this.sizes = grown(this.sizes)
        this.next = grown(this.next)
      }
      const i = this.count++
      this.parent[i] = i
      this.sizes[i] = 1
      this.next[i] = i
      this.names[i] = name
    }
  }

  find(x: number): number {
    const p = this.parent
    let i = x
    while (p[i] !== i) {
      const grand = p[p[i]!]!
      p[i] = grand
      i = grand
    }
    return i
  }

  sizeOf(x: number): number {
    return this.sizes[this.find(x)]!
  }

  nameOf(x: number): string {
    return this.names[this.find(x)]!
  }

  /** Names x's cluster. */
  rename(x: number, name: string): void {
    this.names[this.find(x)] = name
  }

  /** Joins the clusters of a and b under `name` (a's cluster's name when not given). */
  union(a: number, b: number, name = this.nameOf(a)): void {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return
    if (this.sizes[ra]! < this.sizes[rb]!) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.sizes[ra]! += this.sizes[rb]!
    // Splicing two circular lists: swap the successors of one element of each.
    const t = this.next[ra]!
    this.next[ra] = this.next[rb]!
    this.next[rb] = t
    this.names[ra] = name
  }

  /** The account numbers of x's cluster (x first). */
  members(x: number): number[] {
    const out = [x]
    for (let i = this.next[x]!; i !== x; i = this.next[i]!) out.push(i)
    return out
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2)
  out.set(a)
  return out
}
