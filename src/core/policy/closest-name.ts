/** The longest name distance still offered as a suggestion: further than this, a guess only misleads. */
const MAX_SUGGESTION_DISTANCE = 6

/**
 * The candidate nearest to `name` by edit distance (ties: the first), or `undefined` when none is close enough
 * to be a plausible typo. Used to suggest a feature, a method or a key in load errors.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(2, Math.ceil(name.length / 2)))
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate)
    if (distance >= name.length) continue // nothing in common: not a typo of it
    if (distance < bestDistance || (distance === bestDistance && best === undefined)) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** Levenshtein distance (insertions, deletions and substitutions cost 1). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}
