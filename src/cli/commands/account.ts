import { type AccountDescription, toAccountView } from '../../app/index.ts'
import type { Restriction } from '../../core/verification/restriction.ts'
import type { ReviewCase } from '../../core/verification/review-case.ts'
import type { Notice, Requirement } from '../../ports/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

export const accountCommand = defineCommand<{ db?: string; json?: boolean; notice?: string }>({
  name: 'account',
  configure: (cmd) =>
    cmd
      .description(
        'Show one account: its status, declarations, normalised identifiers with their problems, the history of its changes, and its standing: verification requirements, restrictions and the notices sent to the seller (--notice N prints one notice in full)',
      )
      .argument('<id>', "the marketplace's account id")
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option(
        '--notice <n>',
        'print notice N of this account (its number in the notices list) as the seller received it',
      )
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      const described = await app.describeAccount(args[0] ?? '')
      const id = described.state.id
      const [requirements, restrictions, notices, cases] = await Promise.all([
        app.requirementsOf(id),
        app.restrictionsOf(id),
        app.noticesOf(id),
        app.listCases({ account: id, limit: 1000 }),
      ])
      if (options.notice !== undefined) {
        const notice = /^\d+$/.test(options.notice) ? await app.workflows.getNotice(Number(options.notice)) : undefined
        if (notice === undefined || notice.account !== id) {
          throw new UsageError(
            `--notice: account ${id} has no notice ${JSON.stringify(options.notice)}; its notices: ${notices.map((n) => n.id).join(', ') || 'none'}`,
          )
        }
        out.result(notice, (n) =>
          [`Subject: ${n.subject}`, `To: ${n.recipient ?? '(no email declared)'}`, '', n.text].join('\n'),
        )
        return EXIT.OK
      }
      const standing = { requirements, restrictions, cases, notices: notices.map(({ text: _, html: __, ...n }) => n) }
      out.result({ ...toAccountView(described), ...standing }, () =>
        [renderAccount(described), renderStanding(standing)].join('\n'),
      )
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})

const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z'))

export function renderAccount({ state, history }: AccountDescription): string {
  const problems = state.identifiers.flatMap((i) => i.problems.map((p) => [i.kind, p.code, p.message] as const))
  const lines = [
    `account ${state.id}${state.registered ? '' : ' (no account record yet)'}`,
    `  status ${state.status} · marketplace ${state.marketplace ?? '-'} · ${state.kind ?? '-'} · channel ${state.channelType ?? '-'}${state.channelRef ? ` (${state.channelRef})` : ''}`,
    `  registered ${iso(state.registeredAt)} · events ${iso(state.firstEventAt)} .. ${iso(state.lastEventAt)}`,
    `  records ${Object.entries(state.eventCounts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(' · ')}`,
    ...Object.entries(state.verifications).map(
      ([method, v]) =>
        `  verification ${method}: ${v.outcome} ${iso(v.at)}${v.passedAt !== null && v.outcome !== 'passed' ? ` (last passed ${iso(v.passedAt)})` : ''}`,
    ),
    '',
    'declarations',
    ...JSON.stringify(state.profile, null, 2)
      .split('\n')
      .map((l) => `  ${l}`),
    '',
    renderTable(
      ['identifier', 'key', 'valid', 'flags'],
      state.identifiers.map((i) => [i.kind, i.key, i.valid ? 'yes' : 'NO', (i.flags ?? []).join(' ')]),
    ),
  ]
  if (problems.length > 0) lines.push('', renderTable(['identifier', 'problem', 'explanation'], problems))
  lines.push('', 'history')
  for (const c of history.changes) {
    const what = c.type === 'status' ? `status → ${c.status}` : `${c.type}: ${c.fields.join(', ')}`
    lines.push(`  ${iso(c.at)}  ${what}`)
    for (const i of c.added) lines.push(`      + ${i.kind} ${i.key}`)
    for (const i of c.removed) lines.push(`      - ${i.kind} ${i.key}`)
  }
  return lines.join('\n')
}

function renderStanding(s: {
  requirements: readonly Requirement[]
  restrictions: readonly Restriction[]
  cases: readonly ReviewCase[]
  notices: readonly Omit<Notice, 'text' | 'html'>[]
}): string {
  const lines = ['', 'standing']
  if (s.requirements.length + s.restrictions.length + s.cases.length + s.notices.length === 0)
    return [...lines, '  nothing asked of this account'].join('\n')
  for (const r of s.requirements) {
    lines.push(
      `  requirement ${r.id}: ${r.methods.join(' + ')} by ${iso(r.deadline)} — ${r.state}${r.remindersSent > 0 ? ` (${r.remindersSent} reminders)` : ''}; on expiry ${r.onExpiry}`,
    )
  }
  for (const r of s.restrictions) {
    const state =
      r.liftedAt !== null
        ? `lifted ${iso(r.liftedAt)} (${r.liftReason ?? ''})`
        : r.inForceAt !== null
          ? 'in force'
          : `from ${iso(r.effectiveAt)}`
    lines.push(`  restriction ${r.id}: ${r.kind} (${r.reason}) since ${iso(r.createdAt)} — ${state}`)
  }
  for (const c of s.cases) {
    lines.push(
      `  case ${c.id}: ${c.priority} review (${c.reason}) — ${c.state}${c.assignee ? ` (${c.assignee})` : ''}, due ${iso(c.dueAt)}`,
    )
  }
  for (const n of s.notices) {
    lines.push(
      `  notice ${n.id}: ${iso(n.createdAt)} ${n.kind} — ${n.subject} [${n.sentAt === null ? `not sent${n.lastError ? `: ${n.lastError}` : ''}` : `sent via ${n.channel}`}]`,
    )
  }
  return lines.join('\n')
}
