import { Argument } from 'commander'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'

export const auditCommand = defineCommand<{ db?: string; json?: boolean }>({
  name: 'audit',
  configure: (cmd) =>
    cmd
      .description(
        'The audit trail of policy loads, decisions, requirements and sweeps: "verify" checks that every record follows the one before and that its hash chains to it, and names the first record that was edited or removed (exit 65). It prints the last hash: keep it elsewhere to detect a removal of the newest records later',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['verify']))
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      const check = await app.verifyAudit()
      out.result(check, (c) =>
        c.ok
          ? `audit trail intact: ${c.checked.toLocaleString('en-US')} records; last seq ${c.last.seq}, hash ${c.last.hash || '(empty trail)'}`
          : `audit trail BROKEN at seq ${c.brokenAt}: ${c.reason} (intact up to seq ${c.last.seq})`,
      )
      return check.ok ? EXIT.OK : EXIT.DATA
    } finally {
      await app.close()
    }
  },
})
