import { renameSync, writeFileSync } from 'node:fs'
import { Argument } from 'commander'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { UsageError } from '../usage-error.ts'
import { parseCount } from './parse-count.ts'

export const postcardCommand = defineCommand<{
  db?: string
  json?: boolean
  out?: string
  limit?: string
  by?: string
}>({
  name: 'postcard',
  configure: (cmd) =>
    cmd
      .description(
        'Postcard verification: "print --out batch.pdf" issues a card with a fresh secret code for every open requirement that asks for a postcard and has none, and writes the print batch for the mail house (one card per page; only a keyed hash of each code is kept, ONESELLER_POSTCARD_SECRET); "enter ACCOUNT CODE" checks a code the seller typed (5 entries per card, each code works once, 30 days)',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['print', 'enter']))
      .argument('[args...]', 'enter: ACCOUNT CODE')
      .option('--out <file>', 'print: where to write the PDF')
      .option('--limit <n>', 'print: at most this many cards (default and most 5000)')
      .option('--by <actor>', 'enter: who typed it (default seller:ACCOUNT)')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, ...rest] = args
    if (action === 'print' && options.out === undefined) throw new UsageError('postcard print: give --out FILE.pdf')
    if (action === 'enter' && rest.length !== 2) throw new UsageError('postcard enter: give ACCOUNT and CODE')
    const limit = options.limit === undefined ? undefined : parseCount(options.limit, '--limit', 5_000)
    const app = await openAppFor(io.env, options.db)
    try {
      if (action === 'print') {
        const batch = await app.printPostcards(limit === undefined ? {} : { limit })
        const file = options.out ?? ''
        if (batch.pdf !== null) {
          // Written in full before the codes become enterable: a batch that never reaches the disk is voided later.
          writeFileSync(`${file}.tmp`, batch.pdf)
          renameSync(`${file}.tmp`, file)
          await app.markPostcardsPrinted(batch.batch)
        }
        const { pdf: _, ...summary } = batch
        out.result({ ...summary, file: batch.pdf === null ? null : file }, (b) =>
          [
            b.cards === 0 ? 'no postcard to print' : `${b.cards} postcards in batch ${b.batch}: ${file}`,
            ...b.skipped.map((s) => `  skipped ${s.account} (requirement ${s.requirement}): ${s.reason}`),
            ...b.warnings.map((w) => `  warning: ${w}`),
            ...(b.voided > 0 ? [`  ${b.voided} cards of batches never printed were voided and issued again`] : []),
          ].join('\n'),
        )
        return EXIT.OK
      }
      const [account, code] = rest as [string, string]
      const entry = await app.enterPostcardCode({ account, code, actor: options.by ?? `seller:${account}` })
      out.result(
        entry,
        (e) =>
          `${e.outcome}: ${e.message}${e.outcome === 'wrong_code' || e.outcome === 'malformed' ? ` (${e.attemptsLeft} entries left)` : ''}`,
      )
      return entry.outcome === 'accepted' ? EXIT.OK : EXIT.DATA
    } finally {
      await app.close()
    }
  },
})
