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
