import { jaroWinkler } from './jaro-winkler.ts'
import { nameTokens } from './name-tokens.ts'

const INITIAL_SCORE = 0.9 // `J` against `John`: likely the same name, never certain
const UNMATCHED_WEIGHT = 0.5 // a middle name only one side wrote costs half its length

function tokenScore(a: string, b: string): number {
  if (a.length === 1 || b.length === 1) {
    if (a[0] === b[0]) return a.length === b.length ? 1 : INITIAL_SCORE
  }
  return jaroWinkler(a, b)
}

/** Best one-to-one pairing of the shorter list's tokens with the longer list's, weighted by token length. */
function tokenSetScore(short: readonly string[], long: readonly string[]): number {
  const used = new Uint8Array(long.length)
  let weighted = 0
  let weight = 0
  for (const s of short) {
    let best = 0
    let bestAt = -1
    for (let j = 0; j < long.length; j++) {
      if (used[j] === 1) continue
      const score = tokenScore(s, long[j] as string)
      if (score > best) {
        best = score
        bestAt = j
      }
    }
    const w = Math.max(s.length, bestAt === -1 ? 0 : (long[bestAt] as string).length)
    if (bestAt !== -1) used[bestAt] = 1
    weighted += best * w
    weight += w
  }
  for (let j = 0; j < long.length; j++) if (used[j] === 0) weight += UNMATCHED_WEIGHT * (long[j] as string).length
  return weight === 0 ? 0 : weighted / weight
}

/** Concatenations compared over every rotation of one side: `xiao ming wang` against `wang xiaoming`. */
function concatenatedScore(a: readonly string[], b: readonly string[]): number {
  const joinedA = a.join('')
  let best = 0
  for (let r = 0; r < b.length; r++) {
    const rotated = [...b.slice(r), ...b.slice(0, r)].join('')
    best = Math.max(best, jaroWinkler(joinedA, rotated))
  }
  return best
}

/**
 * Similarity of two names in [0, 1], insensitive to case, accents, punctuation, honorifics and word order:
 * Jaro-Winkler on folded tokens paired one to one (an initial scores 0.9 against a name it starts; a word only one
 * side has costs half its weight), or on the concatenated words when spacing differs (`Xiao Ming` / `Xiaoming`),
 * whichever is higher. CJK names compare character by character. Two empty names score 0.
 *
 * @example compareNames('Wang Xiaoming', 'XIAOMING WANG') // 1
 */
export function compareNames(a: string, b: string): number {
  const ta = nameTokens(a)
  const tb = nameTokens(b)
  if (ta.length === 0 || tb.length === 0) return 0
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta]
  const score = Math.max(tokenSetScore(short, long), concatenatedScore(ta, tb))
  return Math.min(1, Math.max(0, score))
}
