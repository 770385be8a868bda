import { formatTime } from '../../app/index.ts'
import { portalSecretFrom } from '../../config/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { UsageError } from '../usage-error.ts'

export const portalTokenCommand = defineCommand<{ db?: string; json?: boolean; ttl?: string }>({
  name: 'portal-token',
  configure: (cmd) =>
    cmd
      .description(
        "Issue a seller portal token for an account, as POST /v1/portal-tokens does: the seller may read that account's own routes until it expires. Signs with ONESELLER_PORTAL_SECRET, which must be the server's.",
      )
      .argument('<account>', "the marketplace's account id (the account must be in the store)")
      .option('--ttl <seconds>', 'how long the token works, 1 to 86400; default 3600 (one hour)')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [account] = args
    if (account === undefined) throw new UsageError("portal-token: give the account's id")
    if (options.ttl !== undefined && !/^\d{1,9}$/.test(options.ttl)) {
      throw new UsageError(`portal-token: --ttl takes a whole number of seconds, got ${JSON.stringify(options.ttl)}`)
    }
    const secret = portalSecretFrom(io.env)
    if (!secret.ok) {
      out.info(`oneseller portal-token: ${secret.error.setting}: ${secret.error.message}`)
      return EXIT.CONFIG
    }
    const app = await openAppFor(io.env, options.db)
    try {
      const issued = await app.issuePortalToken({
        account,
        ttlSeconds: options.ttl === undefined ? undefined : Number(options.ttl),
        secret: secret.value,
      })
      out.result({ ...issued, expiresAt: formatTime(issued.expiresAt) }, (t) =>
        [t.token, `  for the seller of ${t.account}, until ${t.expiresAt}`].join('\n'),
      )
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})
