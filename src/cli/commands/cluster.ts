import { OnesellerError } from '../../core/errors.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderLink } from './render-evidence.ts'

/** Links printed with their evidence; the rest are counted. */
const SHOWN_LINKS = 10

export const clusterCommand = defineCommand<{ db?: string; json?: boolean }>({
  name: 'cluster',
  configure: (cmd) =>
    cmd
      .description('Show the cluster of an account in the latest linkage run: its members and the strongest evidence')
      .argument('<account>', "the marketplace's account id")
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      const account = args[0] ?? ''
      const view = await app.clusterOf(account)
      if (view === undefined) {
        throw new OnesellerError(
          'not_found',
          `account ${JSON.stringify(account)} is not in the latest linkage run; run "oneseller link" first`,
        )
      }
      out.result(view, (v) =>
        [
          `cluster ${v.cluster}: ${v.members.length} account${v.members.length === 1 ? '' : 's'} (weights version ${v.weightsVersion})`,
          `  ${v.members.join(' ')}`,
          '',
          v.links.length === 0 ? 'no links: this account stands alone' : `strongest links (${v.linkCount} in all)`,
          ...v.links.slice(0, SHOWN_LINKS).flatMap((l) => renderLink(l)),
        ].join('\n'),
      )
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})
