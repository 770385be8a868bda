import { Argument } from 'commander'
import { formatTime } from '../../app/index.ts'
import { CASE_OUTCOMES, type CaseOutcome, type ReviewCase } from '../../core/verification/review-case.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

interface CaseOptions {
  db?: string
  json?: boolean
  state?: string
  by?: string
  steal?: boolean
  outcome?: string
  note?: string
}

const toCaseJson = (c: ReviewCase) => ({
  ...c,
  createdAt: formatTime(c.createdAt),
  dueAt: formatTime(c.dueAt),
  assignedAt: c.assignedAt === null ? null : formatTime(c.assignedAt),
  closedAt: c.closedAt === null ? null : formatTime(c.closedAt),
})

export const caseCommand = defineCommand<CaseOptions>({
  name: 'case',
  configure: (cmd) =>
    cmd
      .description(
        'The review queue: cases opened by policies\' review actions, each due by its priority (urgent 4 h, high 24 h, normal 72 h, low 7 days). "list [--state open|assigned|closed]"; "assign CASE [--steal]" takes one; "close CASE --outcome no_action|action_taken|escalated --note TEXT"',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['list', 'assign', 'close']))
      .argument('[case]', 'the case number')
      .option('--state <state>', 'list: open, assigned or closed (default: not closed)')
      .option('--by <actor>', 'who acts (default reviewer:$USER)')
      .option('--steal', 'assign: take it from the reviewer who holds it')
      .option('--outcome <outcome>', `close: ${CASE_OUTCOMES.join(', ')}`)
      .option('--note <text>', 'close: what was found')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, id] = args
    const by = options.by ?? `reviewer:${io.env.USER ?? 'cli'}`
    if (action !== 'list' && (id === undefined || !/^\d+$/.test(id)))
      throw new UsageError(`case ${action}: give the CASE number`)
    if (options.state !== undefined && !['open', 'assigned', 'closed'].includes(options.state)) {
      throw new UsageError(`--state: one of open, assigned, closed; got ${JSON.stringify(options.state)}`)
    }
    if (action === 'close' && !CASE_OUTCOMES.includes(options.outcome as CaseOutcome)) {
      throw new UsageError(`case close: give --outcome, one of ${CASE_OUTCOMES.join(', ')}`)
    }
    const app = await openAppFor(io.env, options.db)
    try {
      if (action === 'list') {
        const cases = await app.listCases({
          ...(options.state === undefined ? {} : { state: options.state as ReviewCase['state'] }),
          limit: 10_000,
        })
        const now = app.clock.now()
        out.result(cases.map(toCaseJson), () =>
          cases.length === 0
            ? 'no cases'
            : renderTable(
                ['case', 'account', 'priority', 'reason', 'state', 'assignee', 'due'],
                cases.map((c) => [
                  String(c.id),
                  c.account,
                  c.priority,
                  c.reason,
                  c.state,
                  c.assignee ?? '-',
                  `${formatTime(c.dueAt)}${c.state !== 'closed' && now > c.dueAt ? ' OVERDUE' : ''}`,
                ]),
              ),
        )
        return EXIT.OK
      }
      const c =
        action === 'assign'
          ? await app.assignCase({ id: Number(id), to: by, steal: options.steal === true })
          : await app.closeCase({
              id: Number(id),
              outcome: options.outcome as CaseOutcome,
              note: options.note ?? '',
              actor: by,
            })
      out.result(
        toCaseJson(c),
        (x) => `case ${x.id}: ${x.state}${x.assignee ? ` (${x.assignee})` : ''}${x.outcome ? `, ${x.outcome}` : ''}`,
      )
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})
