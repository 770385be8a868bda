import { OnesellerError } from '../../core/errors.ts'
import { CLOSE_IN_TIME_DAYS, SAME_FACE_MIN_COSINE } from '../../core/linkage/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { parseCount } from './parse-count.ts'

export const weightsCommand = defineCommand<{ db?: string; json?: boolean }>({
  name: 'weights',
  configure: (cmd) =>
    cmd
      .description(
        'Show the linkage weights a run learned (one version per `oneseller link`): m per evidence group, the time levels and the thresholds; with no version given, the latest; and the list of versions stored',
      )
      .argument('[version]', 'the weights version to show (default: the latest)')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const wanted = args[0] === undefined ? undefined : parseCount(args[0], 'version', 2 ** 31 - 1)
    const app = await openAppFor(io.env, options.db)
    try {
      const versions = await app.listWeights()
      const shown = wanted === undefined ? versions[0] : versions.find((v) => v.version === wanted)
      if (shown === undefined) {
        throw new OnesellerError(
          'not_found',
          wanted === undefined
            ? 'no linkage weights are stored yet: run "oneseller link" first'
            : `weights version ${wanted} is not stored (versions held: ${versions.map((v) => v.version).join(', ')})`,
        )
      }
      const result = {
        version: shown.version,
        at: new Date(shown.at).toISOString(),
        weights: shown.weights,
        versions: versions.map((v) => ({
          version: v.version,
          at: new Date(v.at).toISOString(),
          accounts: v.weights.accounts,
        })),
      }
      out.result(result, (r) => {
        const w = r.weights
        const time = w.time ?? {}
        return [
          `weights version ${r.version}, learned ${r.at} over ${w.accounts.toLocaleString('en-US')} accounts`,
          `link threshold ${w.linkThreshold.toFixed(1)} bits, strong ${w.strongThreshold.toFixed(1)}; circumstantial evidence capped at ${w.circumstantialCap.toFixed(1)}, listing content at ${w.contentCap.toFixed(1)}`,
          w.face === undefined
            ? `one face from cosine ${SAME_FACE_MIN_COSINE} (the default: this version learned none, from too few faces or before faces were learned)`
            : `one face from cosine ${w.face.minCosine.toFixed(3)} (strangers at ${w.face.strangersMedian.toFixed(3)} ± ${w.face.strangersSpread.toFixed(3)} over ${w.face.pairs.toLocaleString('en-US')} pairs)`,
          '',
          renderTable(
            ['group', 'm', `within ${CLOSE_IN_TIME_DAYS} days (bits)`, 'further apart (bits)'],
            Object.entries(w.m)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([group, m]) => {
                const t = time[group]
                return [group, m.toFixed(3), t ? t.closeBits.toFixed(2) : '-', t ? t.apartBits.toFixed(2) : '-']
              }),
          ),
          '',
          `versions stored: ${r.versions.map((v) => v.version).join(', ')}`,
        ].join('\n')
      })
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})
