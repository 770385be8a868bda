import type { ImpactReport, PlannedAction } from '../../core/policy/index.ts'
import { formatCount, renderTable } from '../render.ts'

const pct = (n: number, of: number): string => (of === 0 ? '-' : `${((100 * n) / of).toFixed(n * 1000 < of ? 2 : 1)}%`)

function describeAction(p: PlannedAction): string {
  const a = p.action
  switch (a.type) {
    case 'require_verification':
      return `require ${a.methods.join(' + ')} within ${a.deadlineDays} d, else ${a.onExpiry.replace('_', ' ')}`
    case 'review':
      return `review (${a.priority})`
    case 'suspend':
    case 'deactivate':
      return a.noticeDays > 0 ? `${a.type} after ${a.noticeDays} d notice` : a.type
    default:
      return a.type.replace('_', ' ')
  }
}

function renderEvidence(p: PlannedAction): string[] {
  const lines = Object.entries(p.evidence).map(([k, v]) => `      ${k} = ${JSON.stringify(v)}`)
  if (p.via !== undefined) lines.unshift(`      through its cluster: rule hit ${p.via}`)
  return lines
}

/** The dry-run report as a terminal reads it: totals first, then where the hits fall, then a sample. */
export function renderImpact(r: ImpactReport, heading: string): string {
  const lines = [
    heading,
    `${formatCount(r.evaluated)} accounts evaluated; ${formatCount(r.hit)} would be hit (${pct(r.hit, r.evaluated)})` +
      (r.exempted > 0 ? `; ${formatCount(r.exempted)} spared by exceptions` : '') +
      (r.capped > 0 ? `; ${formatCount(r.capped)} held back by daily caps` : ''),
    '',
    'by rule',
    renderTable(
      ['rule', 'action', 'reason', 'matched', 'hit', 'exempted', 'capped'],
      r.byRule.map((x) => [x.rule, x.action, x.reason, x.matched, x.kept, x.exempted, x.capped]),
    ),
    '',
    'by action',
    renderTable(
      ['action', 'accounts'],
      Object.entries(r.byAction)
        .filter(([, n]) => n > 0)
        .map(([a, n]) => [a, n]),
    ),
    '',
    'by marketplace',
    renderTable(
      ['marketplace', 'hit', 'require verification', 'review', 'hold', 'suspend', 'deactivate'],
      r.byMarketplace.map((m) => [
        m.marketplace || '-',
        m.hit,
        m.byAction.require_verification,
        m.byAction.review,
        m.byAction.hold_payouts,
        m.byAction.suspend,
        m.byAction.deactivate,
      ]),
    ),
    '',
    'by cluster size',
    renderTable(
      ['cluster size', 'hit'],
      r.byClusterSize.map((b) => [b.bucket, b.hit]),
    ),
    '',
    'care',
    renderTable(
      ['', 'accounts'],
      [
        ['hit on weak link evidence only (no personal identifier shared)', r.weakEvidenceOnly],
        ['active accounts losing selling privileges at once', r.losingPrivileges.immediately],
        ['… if they miss the verification deadline', r.losingPrivileges.onMissedDeadline],
        ['long-standing (1 year+) active accounts losing them at once', r.longStandingLosingPrivileges.immediately],
        ['… if they miss the verification deadline', r.longStandingLosingPrivileges.onMissedDeadline],
      ],
    ),
  ]
  if (r.truth !== undefined) {
    const t = r.truth
    lines.push(
      '',
      `against ground truth: precision ${t.precision === null ? '-' : t.precision.toFixed(4)} (${formatCount(t.honestHit)} honest accounts hit${t.unknown > 0 ? `, ${formatCount(t.unknown)} hits not in the truth file` : ''})`,
      renderTable(
        ['role', 'accounts', 'hit', 'share hit'],
        t.roles.map((x) => [x.role, x.accounts, x.hit, pct(x.hit, x.accounts)]),
      ),
    )
  }
  if (r.errorCount > 0) {
    lines.push('', `${formatCount(r.errorCount)} conditions failed to evaluate (they did not hit):`)
    for (const e of r.errors) lines.push(`  ${e.account}: rule ${e.rule}: ${e.message}`)
  }
  if (r.sample.length > 0) {
    lines.push('', 'sample of hits')
    for (const p of r.sample) {
      lines.push(`  ${p.account} — rule ${p.rule.id}: ${describeAction(p)} [${p.action.reason}]`, ...renderEvidence(p))
    }
  }
  return lines.join('\n')
}
