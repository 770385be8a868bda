import { resolve } from 'node:path'
import { writeMarketplace } from '../../sim/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { renderCounts } from '../render.ts'
import { parseCount } from './parse-count.ts'

export const generateCommand = defineCommand<{ accounts: string; seed: string; out: string; json?: boolean }>({
  name: 'generate',
  configure: (cmd) =>
    cmd
      .description(
        'Write a synthetic marketplace with ground truth: DIR/events.ndjson (interchange records) and DIR/truth.csv (account,operator,role)',
      )
      .requiredOption('--out <dir>', 'output folder (created if missing)')
      .option('--accounts <n>', 'number of seller accounts', '20000')
      .option('--seed <n>', 'random seed: the same seed writes the same files', '1')
      .option('--json', 'print the summary as one JSON document'),
  async run({ options, out }) {
    const accounts = parseCount(options.accounts, '--accounts', 100_000_000)
    const seed = parseCount(options.seed, '--seed', 2 ** 32 - 1, 0)
    const outDir = resolve(options.out)
    const bar = out.progress('generate', accounts, 'accounts')
    const summary = await writeMarketplace({ accounts, seed, outDir, onProgress: (n) => bar.update(n) })
    bar.stop()
    out.result({ ...summary, outDir }, (s) =>
      [
        `wrote ${s.accounts.toLocaleString('en-US')} accounts (${s.operators.toLocaleString('en-US')} operators), ${s.records.toLocaleString('en-US')} records`,
        `  ${outDir}/events.ndjson  ${renderCounts(s.byType)}`,
        `  ${outDir}/truth.csv      ${renderCounts(s.byRole)}`,
      ].join('\n'),
    )
    return EXIT.OK
  },
})
