import type { Identifier } from '../identifiers/index.ts'

/** The problems of an account's declared identifiers, as short codes a policy can test and a store can index. */
export interface ProblemCodes {
  /** `kind:code` (e.g. `national_id:bad_check_digit`), each once, in the order of the identifiers. */
  readonly problems: readonly string[]
  /** Kinds of the identifiers that are invalid, each once. */
  readonly invalidKinds: readonly string[]
}

export const NO_PROBLEM_CODES: ProblemCodes = Object.freeze({
  problems: Object.freeze([]) as readonly string[],
  invalidKinds: Object.freeze([]) as readonly string[],
})

/** The problem codes of a set of identifiers (an account's current ones). */
export function problemCodesOf(identifiers: readonly Identifier[]): ProblemCodes {
  // Most accounts have no problem: they allocate nothing.
  if (identifiers.every((i) => i.valid && i.problems.length === 0)) return NO_PROBLEM_CODES
  const problems = new Set<string>()
  const invalid = new Set<string>()
  for (const i of identifiers) {
    for (const p of i.problems) problems.add(`${i.kind}:${p.code}`)
    if (!i.valid) invalid.add(i.kind)
  }
  return { problems: [...problems], invalidKinds: [...invalid] }
}

/**
 * The stored form: space-separated tokens, `kind:code` for a problem and `!kind` for an invalid kind, problems first;
 * '' when none. Kinds and codes are snake_case, so neither holds a space, a colon or a `!`.
 * `problems LIKE '%national_id:%'` finds accounts in SQL.
 */
export function encodeProblemCodes(codes: ProblemCodes): string {
  if (codes.problems.length === 0 && codes.invalidKinds.length === 0) return ''
  return [...codes.problems, ...codes.invalidKinds.map((k) => `!${k}`)].join(' ')
}

/** Reads what {@link encodeProblemCodes} wrote. */
export function decodeProblemCodes(text: string): ProblemCodes {
  if (text === '') return NO_PROBLEM_CODES
  const problems: string[] = []
  const invalidKinds: string[] = []
  for (const token of text.split(' ')) {
    if (token.startsWith('!')) invalidKinds.push(token.slice(1))
    else if (token !== '') problems.push(token)
  }
  return { problems, invalidKinds }
}
