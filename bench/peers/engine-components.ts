// The engine's own blocking and connected components: what the SQL peers are measured against.
import { forEachCandidatePair, type LinkageIndex } from '../../src/core/linkage/index.ts'
import { UnionFind } from '../../src/core/linkage/union-find.ts'
import type { PeerRun } from './peer-run.ts'

/**
 * Candidate pairs (forEachCandidatePair, deduplicated as linkAccounts does) and connected components over all of
 * them (UnionFind), timed apart. Unlike linkAccounts it neither scores the pairs nor guards against chaining.
 */
export function linkComponents(index: LinkageIndex): PeerRun {
  const started = performance.now()
  const candidates: number[] = []
  const seen = new Set<number>()
  forEachCandidatePair(index, (a, b) => {
    const code = a * index.size + b
    if (seen.has(code)) return
    seen.add(code)
    candidates.push(a, b)
  })
  seen.clear()
  const blocked = performance.now()
  const uf = new UnionFind(index.size)
  for (let i = 0; i < candidates.length; i += 2) uf.union(candidates[i]!, candidates[i + 1]!)
  let components = 0
  for (let a = 0; a < index.size; a++) if (uf.find(a) === a) components++
  const done = performance.now()
  return {
    loadSeconds: 0,
    blockingSeconds: (blocked - started) / 1000,
    componentsSeconds: (done - blocked) / 1000,
    candidatePairs: candidates.length / 2,
    components,
  }
}
