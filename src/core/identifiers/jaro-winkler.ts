const PREFIX_SCALE = 0.1 // Winkler's standard boost per common leading character
const MAX_PREFIX = 4

/**
 * Jaro similarity of two strings (by UTF-16 code unit), in [0, 1]; 1 for two equal strings, 0 when nothing matches.
 * Two empty strings are equal (1).
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1)
  const matchedB = new Uint8Array(lb)
  const matchedA = new Uint8Array(la)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window)
    const to = Math.min(lb - 1, i + window)
    const c = a.charCodeAt(i)
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1
        matchedB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  for (let i = 0, j = 0; i < la; i++) {
    if (matchedA[i] === 0) continue
    while (matchedB[j] === 0) j++
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++
    j++
  }
  const m = matches
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3
}

/**
 * Jaro-Winkler similarity (Winkler 1990): Jaro plus a boost of 0.1 per common leading character, up to 4.
 * In [0, 1]; symmetric.
 *
 * @example jaroWinkler('martha', 'marhta') // ≈ 0.961
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b)
  if (j === 1 || j === 0) return j
  let prefix = 0
  const limit = Math.min(MAX_PREFIX, a.length, b.length)
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return j + prefix * PREFIX_SCALE * (1 - j)
}
