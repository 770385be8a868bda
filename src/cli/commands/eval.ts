import { evaluateClusters } from '../../app/index.ts'
import { readClustersFile, readTruthFile } from '../../compose.ts'
import { OnesellerError } from '../../core/errors.ts'
import type { ClusterQuality } from '../../core/evaluation/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

export const evalCommand = defineCommand<{ truth: string; clusters?: string; db?: string; json?: boolean }>({
  name: 'eval',
  configure: (cmd) =>
    cmd
      .description(
        'Score a clustering against the ground truth: pairwise and B-cubed precision/recall/F1, exact placement per role, and the false-link rate among innocently-sharing honest sellers',
      )
      .requiredOption('--truth <file>', 'ground truth CSV: account,operator,role')
      .option('--clusters <file>', 'clustering CSV: account,cluster (accounts missing from it are singletons)')
      .option(
        '--db <path|url>',
        "score the store's latest linkage run instead (SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db)",
      )
      .option('--json', 'print one JSON document'),
  async run({ options, out, io }) {
    if (options.clusters !== undefined && options.db !== undefined) {
      throw new UsageError('--clusters and --db: give one clustering to score, not both')
    }
    const truth = readTruthFile(options.truth)
    const clusters =
      options.clusters === undefined ? await latestClusters(io.env, options.db) : readClustersFile(options.clusters)
    out.result(evaluateClusters(truth, clusters), renderQuality)
    return EXIT.OK
  },
})

/** The latest run's clustering in the store (the default store when no --db is given). */
async function latestClusters(env: NodeJS.ProcessEnv, db: string | undefined): Promise<ReadonlyMap<string, string>> {
  const app = await openAppFor(env, db)
  try {
    const clusters = await app.latestClusters()
    if (clusters.size === 0) {
      throw new OnesellerError(
        'not_found',
        `${app.storeLabel} holds no linkage run yet: run "oneseller link" first, or give --clusters FILE`,
      )
    }
    return clusters
  } finally {
    await app.close()
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const f3 = (x: number) => x.toFixed(4)

export function renderQuality(q: ClusterQuality): string {
  return [
    `${q.accounts.toLocaleString('en-US')} accounts, ${q.operators.toLocaleString('en-US')} true operators, ${q.clusters.toLocaleString('en-US')} predicted clusters`,
    '',
    renderTable(
      ['measure', 'precision', 'recall', 'F1'],
      [
        ['pairwise', f3(q.pairwise.precision), f3(q.pairwise.recall), f3(q.pairwise.f1)],
        ['B-cubed', f3(q.bcubed.precision), f3(q.bcubed.recall), f3(q.bcubed.f1)],
      ],
    ),
    `pairs: ${q.pairwise.correctPairs.toLocaleString('en-US')} correct of ${q.pairwise.predictedPairs.toLocaleString('en-US')} predicted; ${q.pairwise.truePairs.toLocaleString('en-US')} true`,
    `false-link rate among innocently-sharing honest sellers: ${pct(q.innocentFalseLinkRate)} of ${q.innocentAccounts.toLocaleString('en-US')}`,
    '',
    renderTable(
      ['role', 'accounts', 'placed exactly right', 'linked to another operator'],
      q.byRole.map((r) => [r.role, r.accounts, pct(r.exact), pct(r.falseLinked)]),
    ),
    ...(q.mostSplit.length === 0
      ? []
      : [
          '',
          'operators split the most (where recall is lost)',
          renderTable(
            ['operator', 'role', 'accounts', 'clusters', 'missed pairs'],
            q.mostSplit.map((o) => [o.operator, o.role, o.accounts, o.clusters, o.missedPairs]),
          ),
        ]),
    ...(q.mostMixed.length === 0
      ? []
      : [
          '',
          'clusters mixing the most operators (where precision is lost)',
          renderTable(
            ['cluster', 'accounts', 'wrong pairs', 'operators (role × accounts)'],
            q.mostMixed.map((c) => [
              c.cluster,
              c.accounts,
              c.wrongPairs,
              c.operators
                .slice(0, 4)
                .map((o) => `${o.operator} (${o.role} × ${o.accounts})`)
                .join(', ') + (c.operators.length > 4 ? `, … ${c.operators.length - 4} more` : ''),
            ]),
          ),
        ]),
  ].join('\n')
}
