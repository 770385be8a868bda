import type { StoreStats } from '../../ports/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderCounts, renderTable } from '../render.ts'

export const statsCommand = defineCommand<{ db?: string; json?: boolean }>({
  name: 'stats',
  configure: (cmd) =>
    cmd
      .description(
        'Summarise the store: accounts by status, marketplace, kind and channel; records by type; date range',
      )
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      out.result(await app.stats(), renderStats)
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})

export function renderStats(s: StoreStats): string {
  const day = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().slice(0, 10))
  return [
    `accounts        ${s.accounts.toLocaleString('en-US')}${s.unregistered > 0 ? ` (+${s.unregistered} with events but no account record yet)` : ''}`,
    `by status       ${renderCounts(s.byStatus)}`,
    `by marketplace  ${renderCounts(s.byMarketplace)}`,
    `by kind         ${renderCounts(s.byKind)}`,
    `by channel      ${renderCounts(s.byChannel)}`,
    `events          ${day(s.firstEventAt)} .. ${day(s.lastEventAt)}`,
    '',
    renderTable(
      ['record type', 'stored'],
      Object.entries(s.recordsByType).map(([t, n]) => [t, n]),
    ),
  ].join('\n')
}
