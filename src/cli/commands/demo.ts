import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { evaluateClusters } from '../../app/index.ts'
import { openLineFile, readPolicyFile, readTruthFile, shippedPolicyPath } from '../../compose.ts'
import { writeMarketplace } from '../../sim/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderCounts } from '../render.ts'
import { renderQuality } from './eval.ts'
import { renderImportReport } from './import.ts'
import { renderLinkage } from './link.ts'
import { parseCount } from './parse-count.ts'
import { renderStats } from './stats.ts'
import { renderSweep } from './sweep.ts'

export const demoCommand = defineCommand<{ accounts: string; seed: string; dir: string }>({
  name: 'demo',
  configure: (cmd) =>
    cmd
      .description(
        'The guided demo: generate a synthetic marketplace, import it into a fresh embedded database and summarise it',
      )
      .option('--accounts <n>', 'number of seller accounts', '20000')
      .option('--seed <n>', 'random seed', '42')
      .option('--dir <dir>', 'where the demo writes its files and database', './data/demo'),
  async run({ options, out, io }) {
    const accounts = parseCount(options.accounts, '--accounts', 10_000_000)
    const seed = parseCount(options.seed, '--seed', 2 ** 32 - 1, 0)
    const dir = resolve(options.dir)
    const db = join(dir, 'oneseller.db')
    const say = (s: string) => io.stdout.write(`${s}\n`)

    say(`oneseller demo: one seller, one account.\n`)
    say(`1. Generating a synthetic marketplace of ${accounts.toLocaleString('en-US')} seller accounts (seed ${seed})`)
    say('   independent sellers, honest sellers who share a building or an IP, multi-account operators,')
    say('   service-provider farms and purchased accounts, with the ground truth kept apart in truth.csv.')
    const started = performance.now()
    const bar = out.progress('generate', accounts, 'accounts')
    const summary = await writeMarketplace({ accounts, seed, outDir: dir, onProgress: (n) => bar.update(n) })
    bar.stop()
    say(`   ${summary.records.toLocaleString('en-US')} records: ${renderCounts(summary.byType)}`)
    say(`   roles in the ground truth: ${renderCounts(summary.byRole)}\n`)

    say(`2. Importing ${join(dir, 'events.ndjson')} into a fresh embedded database (${db})`)
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true })
    const app = await openAppFor(io.env, db)
    try {
      const report = await app.importRecords([openLineFile(join(dir, 'events.ndjson'))])
      say(indent(renderImportReport(report)))
      say('\n3. What the store now knows')
      say(indent(renderStats(await app.stats())))
      say('\n4. Linking the accounts run by one party (weights learned from this data, no labels)')
      const { summary, run } = await app.runLinkage()
      say(indent(renderLinkage(summary)))
      say('\n5. How well that matches the ground truth the generator kept apart')
      const truth = readTruthFile(join(dir, 'truth.csv'))
      say(indent(renderQuality(evaluateClusters(truth, run.clusters))))
      say('\n6. The second review, as a dry run: who policies/second-review.yaml would hit today, and why')
      say('   (nothing is written; `oneseller sweep --policy FILE --apply` records the decisions)')
      const sweep = await app.runSweep({
        ...readPolicyFile(shippedPolicyPath('second-review')),
        apply: false,
        actor: 'demo',
        sampleSize: 3,
        truth: new Map(truth.map((r) => [r.account, r.role])),
      })
      say(indent(renderSweep(sweep)))
    } finally {
      await app.close()
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    say(`\nDone in ${seconds} s. Explore it yourself:`)
    say(`  npx oneseller stats --db ${options.dir}/oneseller.db`)
    say(`  npx oneseller cluster ACCOUNT --db ${options.dir}/oneseller.db      # an account's cluster and its evidence`)
    say(`  npx oneseller explain ACCOUNT OTHER --db ${options.dir}/oneseller.db  # why two accounts are linked`)
    say(
      `  npx oneseller sweep --policy policies/video-sweep.yaml --truth ${options.dir}/truth.csv --db ${options.dir}/oneseller.db  # another dry run`,
    )
    say(
      `  npx oneseller import ${options.dir}/events.ndjson --db ${options.dir}/oneseller.db   # a re-import adds nothing`,
    )
    return EXIT.OK
  },
})

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n')
}
