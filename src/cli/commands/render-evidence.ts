import type { Evidence } from '../../core/linkage/index.ts'
import type { StoredLink } from '../../ports/index.ts'

/** One link and its evidence, as lines a reviewer (or the seller who appeals) can read. */
export function renderLink(l: StoredLink, indent = '  '): string[] {
  return [
    `${indent}${l.a} — ${l.b}   score ${l.score.toFixed(1)} bits`,
    ...l.evidence.map((e) => `${indent}   ${renderEvidence(e)}`),
  ]
}

export function renderEvidence(e: Evidence): string {
  const weight = e.weight > 0 ? `+${e.weight.toFixed(1)}` : '  0.0'
  return `${weight.padStart(6)}  ${e.kind.padEnd(22)} ${truncate(e.value, 40).padEnd(40)}  ${e.reason}`
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`
}
