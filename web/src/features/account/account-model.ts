// The account page's figures, from the API's answers. Pure.
import type { Identifier, Requirement } from '../../api/types.ts'

export interface DeclarationRow {
  readonly path: string
  readonly value: string
}

/** Declarations as rows of dotted paths ("bank.accountNumber", "addresses[0].city") and their values as text. */
export function flattenDeclarations(value: unknown, prefix = ''): DeclarationRow[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return prefix === '' ? [] : [{ path: prefix, value: '(none)' }]
    return value.flatMap((v, i) => flattenDeclarations(v, `${prefix}[${i}]`))
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flattenDeclarations(v, prefix === '' ? k : `${prefix}.${k}`),
    )
  }
  return [{ path: prefix, value: value === null || value === undefined ? '—' : String(value) }]
}

/** Identifiers a reviewer must look at: invalid, with problems, or flagged (disposable email, VoIP phone, …). */
export function identifierProblems(identifiers: readonly Identifier[]): Identifier[] {
  return identifiers.filter((i) => !i.valid || i.problems.length > 0 || i.flags.length > 0)
}

const OPEN_STATES = new Set(['requested', 'reminded'])

export type DeadlineUrgency = 'overdue' | 'soon' | 'later' | 'closed'

/** How pressing a requirement is: closed once resolved; overdue past its deadline; soon within 3 days. */
export function deadlineUrgency(r: Requirement, now: number): DeadlineUrgency {
  if (!OPEN_STATES.has(r.state)) return 'closed'
  const left = Date.parse(r.deadline) - now
  if (left <= 0) return 'overdue'
  return left <= 3 * 86_400_000 ? 'soon' : 'later'
}

export function isOpenRequirement(r: Requirement): boolean {
  return OPEN_STATES.has(r.state)
}
