import { Argument } from 'commander'
import { formatTime } from '../../app/index.ts'
import type { Reviewer } from '../../core/access/reviewer.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

const toReviewerJson = (r: Reviewer) => ({
  name: r.name,
  role: r.role,
  createdAt: formatTime(r.createdAt),
  disabledAt: r.disabledAt === null ? null : formatTime(r.disabledAt),
})

export const reviewerCommand = defineCommand<{ db?: string; json?: boolean; role?: string }>({
  name: 'reviewer',
  configure: (cmd) =>
    cmd
      .description(
        'Manage the reviewers who sign in to the API: "add NAME --role ROLE" prints a generated password once (only its scrypt hash is stored), "list" shows every reviewer, "disable NAME" stops one at once (sessions end)',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['add', 'list', 'disable']))
      .argument('[name]', 'add, disable: the sign-in name (letters, digits, . _ @ -; case-insensitive)')
      .option('--role <role>', 'add: reviewer (reads), lead (also lists reviewers) or admin (also manages them)')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, name] = args
    if (action !== 'list' && name === undefined) throw new UsageError(`reviewer ${action}: give the reviewer's name`)
    if (action === 'add' && options.role === undefined) {
      throw new UsageError('reviewer add: give --role reviewer, lead or admin')
    }
    const actor = `cli:${io.env.USER ?? io.env.LOGNAME ?? 'unknown'}`
    const app = await openAppFor(io.env, options.db)
    try {
      switch (action) {
        case 'add': {
          const created = await app.createReviewer({ name: name ?? '', role: options.role ?? '' }, actor)
          out.result({ ...toReviewerJson(created.reviewer), password: created.generatedPassword }, (r) =>
            [`${r.password}`, `  ${r.name}, ${r.role}`].join('\n'),
          )
          out.info(
            'Hand the password over now: it is not stored and cannot be shown again (only its scrypt hash is kept).',
          )
          return EXIT.OK
        }
        case 'list': {
          const reviewers = (await app.listReviewers()).map(toReviewerJson)
          out.result(reviewers, (rs) =>
            rs.length === 0
              ? 'no reviewers yet: oneseller reviewer add NAME --role admin'
              : renderTable(
                  ['name', 'role', 'created', 'disabled'],
                  rs.map((r) => [r.name, r.role, r.createdAt, r.disabledAt ?? '-']),
                ),
          )
          return EXIT.OK
        }
        default: {
          const disabled = toReviewerJson(await app.disableReviewer(name ?? '', actor))
          out.result(disabled, (r) => `disabled ${r.name} at ${r.disabledAt}: its sessions have ended`)
          return EXIT.OK
        }
      }
    } finally {
      await app.close()
    }
  },
})
