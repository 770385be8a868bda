import { Option } from 'commander'
import type { SweepOutcome, SweepPhase } from '../../app/index.ts'
import { readPolicyFile, readTruthFile } from '../../compose.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import type { Output, Progress } from '../output.ts'
import { parseCount } from './parse-count.ts'
import { renderImpact } from './render-sweep.ts'

export const sweepCommand = defineCommand<{
  policy: string
  db?: string
  apply?: boolean
  truth?: string
  sample?: string
  trigger?: string
  json?: boolean
}>({
  name: 'sweep',
  configure: (cmd) =>
    cmd
      .description(
        'Evaluate a policy over every account as of now. A dry run by default: prints who would be hit, by rule, action, marketplace and cluster size, how many on weak evidence only, how many long-standing sellers would lose selling privileges, and a sample with its evidence. --apply records the decisions and verification requirements (with deadlines), each audited; applying the same policy version again changes nothing, and an interrupted apply resumes when run again',
      )
      .requiredOption('--policy <file>', 'policy YAML (see docs/policies.md)')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--apply', 'record the decisions (stores the policy as a new version when it changed)')
      .option('--truth <file>', 'ground truth CSV (account,operator,role): report whom the hits fall on, by role')
      .option('--sample <n>', 'hits shown with their evidence', '10')
      .addOption(
        new Option(
          '--trigger <trigger>',
          'which rules run: "sweep", or "schedule" as a timer (cron) runs them, deciding at most once a day per account',
        )
          .choices(['sweep', 'schedule'])
          .default('sweep'),
      )
      .option('--json', 'print the report as one JSON document'),
  async run({ options, out, io }) {
    const sampleSize = parseCount(options.sample ?? '10', '--sample', 10_000)
    const policy = readPolicyFile(options.policy)
    const truth =
      options.truth === undefined ? undefined : new Map(readTruthFile(options.truth).map((r) => [r.account, r.role]))
    const app = await openAppFor(io.env, options.db)
    const bars = progressBars(out)
    try {
      const outcome = await app.runSweep({
        ...policy,
        apply: options.apply === true,
        trigger: options.trigger === 'schedule' ? 'schedule' : 'sweep',
        actor: `cli:${io.env.USER ?? io.env.LOGNAME ?? 'unknown'}`,
        sampleSize,
        ...(truth === undefined ? {} : { truth }),
        onProgress: bars.update,
      })
      bars.stop()
      out.result(outcome, renderSweep)
      return EXIT.OK
    } finally {
      bars.stop()
      await app.close()
    }
  },
})

function progressBars(out: Output): { update: (phase: SweepPhase, done: number, total: number) => void; stop(): void } {
  let current: { phase: SweepPhase; bar: Progress } | undefined
  const unit: Record<SweepPhase, string> = { reading: 'steps', evaluating: 'accounts', applying: 'decisions' }
  return {
    update(phase, done, total) {
      if (current?.phase !== phase) {
        current?.bar.stop()
        current = { phase, bar: out.progress(phase, total, unit[phase]) }
      }
      current.bar.update(done, total)
    },
    stop() {
      current?.bar.stop()
      current = undefined
    },
  }
}

export function renderSweep(o: SweepOutcome): string {
  const name = `${o.policy.name}${o.policy.version === null ? ' (not stored yet)' : ` version ${o.policy.version}`}`
  const lines = [renderImpact(o.report, `sweep of policy ${name} — ${o.applied === undefined ? 'dry run' : 'applied'}`)]
  if (o.alreadyApplied > 0)
    lines.push('', `${o.alreadyApplied.toLocaleString('en-US')} hits were recorded by an earlier apply of this version`)
  if (o.applied === undefined) {
    lines.push('', 'nothing was written; run again with --apply to record these decisions')
  } else {
    lines.push(
      '',
      `sweep ${o.applied.sweep}: ${o.applied.recorded.toLocaleString('en-US')} decisions recorded` +
        (o.applied.existing > 0 ? `, ${o.applied.existing.toLocaleString('en-US')} already there` : ''),
    )
  }
  return lines.join('\n')
}
