import type { Evidence } from '../../core/linkage/index.ts'
import type { StoredLink } from '../../ports/index.ts'

/** One link and its evidence, as lines a reviewer (or the seller who appeals) can read. */
export function renderLink(l: StoredLink, indent = '  ', most = Number.POSITIVE_INFINITY): string[] {
  const shown = l.evidence.slice(0, most)
  const rest = l.evidence.length - shown.length
  return [
    `${indent}${l.a} — ${l.b}   score ${l.score.toFixed(1)} bits`,
    ...shown.map((e) => `${indent}   ${renderEvidence(e)}`),
    ...(rest > 0 ? [`${indent}   … and ${rest} more (oneseller explain ${l.a} ${l.b})`] : []),
  ]
}

export function renderEvidence(e: Evidence): string {
  const weight = e.weight > 0 ? `+${e.weight.toFixed(1)}` : '  0.0'
  return `${weight.padStart(6)}  ${e.kind.padEnd(22)} ${truncate(e.value, 40).padEnd(40)}  ${e.reason}`
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`
}
