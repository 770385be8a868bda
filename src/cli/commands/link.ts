import { writeFileSync } from 'node:fs'
import type { LinkageDecisions, LinkageSummary } from '../../app/index.ts'
import { CLOSE_IN_TIME_DAYS } from '../../core/linkage/index.ts'
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
      const { summary, run, decisions } = await app.runLinkage({
        actor: `cli:${io.env.USER ?? io.env.LOGNAME ?? 'unknown'}`,
      })
      if (options.out) {
        const rows = [...run.clusters].map(([account, cluster]) => `${csv(account)},${csv(cluster)}`)
        writeFileSync(options.out, `account,cluster\n${rows.join('\n')}\n`)
      }
      const seconds = (performance.now() - started) / 1000
      out.result({ ...summary, seconds, decisions }, (s) =>
        [renderLinkage(s, seconds), '', renderLinkageDecisions(decisions)].join('\n'),
      )
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
    `${s.derivedProfiles.toLocaleString('en-US')} accounts read from their records (new, or with records stored since the last run), the others from their linkage profiles`,
    `${s.candidatePairs.toLocaleString('en-US')} candidate pairs scored (weights learned from ${s.learnedFrom === s.learnable ? 'the' : `${s.learnedFrom.toLocaleString('en-US')} of the`} ${s.learnable.toLocaleString('en-US')} the shared values bring), ${s.links.toLocaleString('en-US')} links kept, ${s.refusedBridges} weak bridges refused; weights version ${s.weightsVersion}, link threshold ${s.linkThreshold.toFixed(1)} bits`,
    ...timeLines(s),
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

/** What the time of an agreement adds, per group compared in time (learned with the weights). */
function timeLines(s: LinkageSummary): string[] {
  const groups = Object.entries(s.time)
  if (groups.length === 0) return []
  const bits = (b: number) => `${b >= 0 ? '+' : ''}${b.toFixed(1)}`
  return [
    `time (within ${CLOSE_IN_TIME_DAYS} days / further apart): ${groups.map(([g, t]) => `${g} ${bits(t.closeBits)} / ${bits(t.apartBits)} bits`).join(', ')}`,
  ]
}

/** What the policies' event rules made of the run's changes. */
export function renderLinkageDecisions(d: LinkageDecisions): string {
  const n = (x: number) => x.toLocaleString('en-US')
  return [
    `events for the policies: ${n(d.fired.new_link)} accounts newly linked (${n(d.fired.link_to_deactivated)} to a deactivated account), ${n(d.fired.change_of_control)} changes of control`,
    `decisions recorded: ${n(d.live)} live, ${n(d.shadow)} shadow${d.heldBack > 0 ? `; ${n(d.heldBack)} held back by exceptions or daily caps` : ''}` +
      (d.live + d.shadow === 0 ? ' (load policies with `oneseller policy load`)' : ''),
  ].join('\n')
}
