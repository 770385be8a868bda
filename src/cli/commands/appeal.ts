import { Argument } from 'commander'
import { formatTime } from '../../app/index.ts'
import type { Appeal } from '../../core/verification/appeal.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

interface AppealOptions {
  db?: string
  json?: boolean
  statement?: string
  file?: string[]
  by?: string
  open?: boolean
  uphold?: boolean
  overturn?: boolean
  reason?: string
  cluster?: boolean
}

const toAppealJson = (a: Appeal) => ({
  ...a,
  filedAt: formatTime(a.filedAt),
  decidedAt: a.decidedAt === null ? null : formatTime(a.decidedAt),
})

export const appealCommand = defineCommand<AppealOptions>({
  name: 'appeal',
  configure: (cmd) =>
    cmd
      .description(
        'Appeals against decisions: "file ACCOUNT DECISION --statement TEXT" records a seller\'s appeal (within the appeal period, one open per decision); "list [--open]" shows them; "decide APPEAL --uphold|--overturn --reason TEXT [--cluster]" records the outcome: overturning lifts what the decision imposed and withdraws what it asked, and --cluster does so for every account a cluster-wide decision reached. The seller gets a notice of each step',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['file', 'list', 'decide']))
      .argument('[ids...]', 'file: ACCOUNT DECISION; decide: APPEAL')
      .option('--statement <text>', "file: the seller's statement")
      .option('--file <ref...>', 'file: references to attached files (kept as given)')
      .option('--by <actor>', 'who acts: file: default seller:ACCOUNT; decide: default reviewer:$USER', undefined)
      .option('--open', 'list: only open appeals')
      .option('--uphold', 'decide: the decision stands')
      .option('--overturn', 'decide: the decision falls')
      .option('--reason <text>', 'decide: why, told to the seller')
      .option('--cluster', 'decide --overturn: for every account the same cluster-wide decision reached')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, ...ids] = args
    const app = await openAppFor(io.env, options.db)
    try {
      switch (action) {
        case 'file': {
          const [account, decision] = ids
          if (account === undefined || decision === undefined || !/^\d+$/.test(decision)) {
            throw new UsageError('appeal file: give ACCOUNT and the DECISION number (see "oneseller account ACCOUNT")')
          }
          if (options.statement === undefined)
            throw new UsageError('appeal file: give --statement "why the decision is wrong"')
          const appeal = await app.fileAppeal({
            account,
            decision: Number(decision),
            statement: options.statement,
            files: options.file ?? [],
            actor: options.by ?? `seller:${account}`,
          })
          out.result(toAppealJson(appeal), (a) => `appeal ${a.id} filed against decision ${a.decision} of ${a.account}`)
          return EXIT.OK
        }
        case 'list': {
          const appeals = await app.listAppeals({ ...(options.open === true ? { open: true } : {}), limit: 10_000 })
          out.result(appeals.map(toAppealJson), (as) =>
            as.length === 0
              ? 'no appeals'
              : renderTable(
                  ['appeal', 'account', 'decision', 'state', 'filed', 'statement'],
                  as.map((a) => [
                    String(a.id),
                    a.account,
                    String(a.decision),
                    a.state,
                    a.filedAt,
                    a.statement.slice(0, 60),
                  ]),
                ),
          )
          return EXIT.OK
        }
        default: {
          const [id] = ids
          if (id === undefined || !/^\d+$/.test(id)) throw new UsageError('appeal decide: give the APPEAL number')
          if (options.uphold === options.overturn)
            throw new UsageError('appeal decide: give one of --uphold or --overturn')
          if (options.reason === undefined) throw new UsageError('appeal decide: give --reason: the seller is told why')
          const outcome = await app.decideAppeal({
            appeal: Number(id),
            outcome: options.overturn === true ? 'overturned' : 'upheld',
            reason: options.reason,
            actor: options.by ?? `reviewer:${io.env.USER ?? 'cli'}`,
            cluster: options.cluster === true,
          })
          out.result(
            {
              appeal: toAppealJson(outcome.appeal),
              overturned: outcome.overturned,
              toReconsider: outcome.toReconsider.map((d) => ({ decision: d.id, account: d.account })),
            },
            (o) =>
              [
                `appeal ${o.appeal.id}: ${o.appeal.state}${o.overturned.length > 0 ? `; decisions overturned: ${o.overturned.join(', ')}` : ''}`,
                ...(o.toReconsider.length > 0
                  ? [
                      `the same cluster-wide decision still stands for ${o.toReconsider.length} other accounts: ${o.toReconsider.map((d) => d.account).join(', ')}`,
                      '(decide with --cluster to overturn it for all of them)',
                    ]
                  : []),
              ].join('\n'),
          )
          return EXIT.OK
        }
      }
    } finally {
      await app.close()
    }
  },
})
