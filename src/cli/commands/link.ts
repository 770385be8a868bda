import { writeFileSync } from 'node:fs'
import type { LinkageSummary } from '../../app/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { renderLink } from './render-evidence.ts'

/** Evidence lines shown per link in the summary; `explain` shows them all. */
const EVIDENCE_LINES = 6

export const linkCommand = defineCommand<{ db?: string; out?: string; json?: boolean }>({
  name: 'link',
  configure: (cmd) =>
    cmd
      .description(
        'Link the accounts run by one party: learn the weights from the store, score candidate pairs, cluster them, and store the clusters with their evidence (a new weights version)',
      )
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--out <file>', 'also write the clustering as CSV: account,cluster (a singleton is its own cluster)')
      .option('--json', 'print the summary as one JSON document'),
  async run({ options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      const started = performance.now()
      const { summary, run } = await app.runLinkage()
      if (options.out) {
        const rows = [...run.clusters].map(([account, cluster]) => `${csv(account)},${csv(cluster)}`)
        writeFileSync(options.out, `account,cluster\n${rows.join('\n')}\n`)
      }
      const seconds = (performance.now() - started) / 1000
      out.result({ ...summary, seconds }, (s) => renderLinkage(s, seconds))
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})

function csv(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

export function renderLinkage(s: LinkageSummary, seconds?: number): string {
  const lines = [
    `${s.accounts.toLocaleString('en-US')} accounts → ${s.clusters.toLocaleString('en-US')} clusters; ${s.linkedAccounts.toLocaleString('en-US')} accounts linked to at least one other${seconds === undefined ? '' : ` (${seconds.toFixed(1)} s)`}`,
    `${s.candidatePairs.toLocaleString('en-US')} candidate pairs scored, ${s.links.toLocaleString('en-US')} links kept, ${s.refusedBridges} weak bridges refused; weights version ${s.weightsVersion}, link threshold ${s.linkThreshold.toFixed(1)} bits`,
    '',
    'biggest clusters',
    renderTable(
      ['cluster', 'accounts', 'deactivated', 'strongest link (bits)'],
      s.biggest.map((c) => [c.cluster, c.size, c.deactivated, c.strongest ? c.strongest.score.toFixed(1) : '-']),
    ),
  ]
  for (const c of s.biggest.filter((c) => c.strongest)) {
    lines.push(
      '',
      `strongest evidence in ${c.cluster} (${c.size} accounts)`,
      ...renderLink(c.strongest!, '  ', EVIDENCE_LINES),
    )
  }
  return lines.join('\n')
}
