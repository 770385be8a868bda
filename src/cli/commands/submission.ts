import { Argument } from 'commander'
import { formatTime, REVIEW_CHECKLISTS, type SubmissionCheck } from '../../app/index.ts'
import { OnesellerError } from '../../core/errors.ts'
import type { Submission, SubmissionState } from '../../ports/index.ts'
import { SUBMISSION_STATES } from '../../ports/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

interface SubmissionOptions {
  db?: string
  json?: boolean
  state?: string
  account?: string
  pass?: boolean
  fail?: boolean
  reason?: string
  final?: boolean
  tick?: string[]
  by?: string
}

const toSubmissionJson = (s: Submission) => ({
  ...s,
  createdAt: formatTime(s.createdAt),
  decidedAt: s.decidedAt === null ? null : formatTime(s.decidedAt),
})

const itemsOf = (s: Pick<Submission, 'checks'>) =>
  Array.isArray(s.checks.items) ? (s.checks.items as SubmissionCheck[]) : []

function renderSubmission(s: ReturnType<typeof toSubmissionJson>): string {
  const lines = [
    `submission ${s.id} of ${s.account}: ${s.method}, ${s.state} (received ${s.createdAt} from ${s.createdBy})`,
    ...(s.decidedAt === null
      ? []
      : [`decided ${s.decidedAt} by ${s.decidedBy}${s.final ? ' (final)' : ''}: ${s.reason}`]),
    `files: ${s.files.map((f) => `${f.id} ${f.role} ${f.mime} ${f.size} B`).join('; ')}`,
    ...itemsOf(s).map((c) => `  ${c.outcome.padEnd(13)} ${c.kind.padEnd(20)} ${c.detail}`),
  ]
  return lines.join('\n')
}

export const submissionCommand = defineCommand<SubmissionOptions>({
  name: 'submission',
  configure: (cmd) =>
    cmd
      .description(
        'Evidence sellers submitted (documents, utility bills, videos): "list [--state in_review] [--account ID]" is the review queue; "show ID" the checks; "decide ID --pass|--fail --reason TEXT --tick ITEM… [--final]" records the outcome (a pass needs every checklist item ticked; --final on a failure refuses the requirement for good). The next scheduler run moves the requirement',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['list', 'show', 'decide']))
      .argument('[id]', 'show, decide: the submission')
      .option('--state <state>', `list: only this state (${SUBMISSION_STATES.join(', ')})`)
      .option('--account <id>', "list: only this account's")
      .option('--pass', 'decide: the evidence holds')
      .option('--fail', 'decide: the evidence does not hold')
      .option('--reason <text>', 'decide: why, told to the seller')
      .option('--final', 'decide --fail: refuse the requirement for good (a forged document)')
      .option('--tick <items...>', 'decide: the checklist items that hold ("all" for every one); the others do not')
      .option('--by <actor>', 'decide: who decides (default reviewer:$USER)')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, id] = args
    if (action !== 'list' && (id === undefined || !/^\d+$/.test(id))) {
      throw new UsageError(`submission ${action}: give the submission number (see "oneseller submission list")`)
    }
    if (options.state !== undefined && !(SUBMISSION_STATES as readonly string[]).includes(options.state)) {
      throw new UsageError(`submission list: --state is one of ${SUBMISSION_STATES.join(', ')}`)
    }
    const app = await openAppFor(io.env, options.db)
    try {
      switch (action) {
        case 'list': {
          const state = options.state as SubmissionState | undefined
          const all =
            options.account === undefined
              ? await app.submissions.listSubmissions({ ...(state === undefined ? {} : { state }), limit: 10_000 })
              : (await app.submissions.submissionsOf(options.account)).filter(
                  (s) => state === undefined || s.state === state,
                )
          out.result(all.map(toSubmissionJson), (list) =>
            list.length === 0
              ? 'no submissions'
              : renderTable(
                  ['submission', 'account', 'method', 'state', 'received', 'checks', 'other accounts'],
                  list.map((s) => [
                    String(s.id),
                    s.account,
                    s.method,
                    s.state,
                    s.createdAt,
                    s.checks.passed === true ? 'passed' : 'failed',
                    (Array.isArray(s.checks.elsewhere) ? (s.checks.elsewhere as string[]) : []).join(' '),
                  ]),
                ),
          )
          return EXIT.OK
        }
        case 'show': {
          const s = await app.submissions.get(Number(id))
          if (s === undefined) throw new OnesellerError('not_found', `there is no submission ${id}`)
          out.result(toSubmissionJson(s), renderSubmission)
          return EXIT.OK
        }
        default: {
          if (options.pass === options.fail) throw new UsageError('submission decide: give one of --pass or --fail')
          if (options.reason === undefined) {
            throw new UsageError('submission decide: give --reason: the seller is told why')
          }
          const s = await app.submissions.get(Number(id))
          const items = s === undefined ? [] : REVIEW_CHECKLISTS[s.method]
          const ticked = new Set(options.tick ?? [])
          const checklist = Object.fromEntries(items.map((k) => [k, ticked.has('all') || ticked.has(k)]))
          const unknown = [...ticked].filter((k) => k !== 'all' && !items.includes(k))
          if (s !== undefined && unknown.length > 0) {
            throw new UsageError(
              `submission decide: not on the ${s.method} checklist: ${unknown.join(', ')} (${items.join(', ')})`,
            )
          }
          const outcome = await app.decideSubmission({
            submission: Number(id),
            outcome: options.pass === true ? 'passed' : 'failed',
            reason: options.reason,
            checklist,
            final: options.final === true,
            actor: options.by ?? `reviewer:${io.env.USER ?? 'cli'}`,
          })
          out.result(
            { submission: toSubmissionJson(outcome.submission), refused: outcome.refused },
            (o) =>
              `submission ${o.submission.id}: ${o.submission.state}${
                o.refused.length > 0 ? `; requirement ${o.refused.join(', ')} refused for good` : ''
              }`,
          )
          return EXIT.OK
        }
      }
    } finally {
      await app.close()
    }
  },
})
