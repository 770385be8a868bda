// Two accounts side by side: their declarations aligned by field, and the identifiers they share. Pure.
import type { Account } from '../../api/types.ts'
import { flattenDeclarations } from '../account/account-model.ts'

export interface CompareRow {
  readonly path: string
  readonly a: string | null
  readonly b: string | null
  /** Both declare it, with the same value (as declared; linking compares normalised keys, listed apart). */
  readonly same: boolean
}

/** Every declared field of either account, in the first account's order, then the second's own. */
export function alignDeclarations(a: Account, b: Account): CompareRow[] {
  const left = new Map(flattenDeclarations(a.declarations).map((r) => [r.path, r.value]))
  const right = new Map(flattenDeclarations(b.declarations).map((r) => [r.path, r.value]))
  const paths = [...left.keys(), ...[...right.keys()].filter((p) => !left.has(p))]
  return paths.map((path) => {
    const x = left.get(path) ?? null
    const y = right.get(path) ?? null
    return { path, a: x, b: y, same: x !== null && x === y }
  })
}

/** Identifiers both accounts hold (same kind and normalised key): what linkage compares. */
export function sharedIdentifiers(a: Account, b: Account): { readonly kind: string; readonly key: string }[] {
  const theirs = new Set(b.identifiers.map((i) => `${i.kind}\u0000${i.key}`))
  const seen = new Set<string>()
  return a.identifiers
    .filter((i) => {
      const k = `${i.kind}\u0000${i.key}`
      if (!theirs.has(k) || seen.has(k)) return false
      seen.add(k)
      return true
    })
    .map((i) => ({ kind: i.kind, key: i.key }))
}
