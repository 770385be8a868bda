import { type AccountDescription, toAccountView } from '../../app/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'

export const accountCommand = defineCommand<{ db?: string; json?: boolean }>({
  name: 'account',
  configure: (cmd) =>
    cmd
      .description(
        'Show one account: its status, declarations, normalised identifiers with their problems, and the history of its changes',
      )
      .argument('<id>', "the marketplace's account id")
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      const described = await app.describeAccount(args[0] ?? '')
      out.result(toAccountView(described), () => renderAccount(described))
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
