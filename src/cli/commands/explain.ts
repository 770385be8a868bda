import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderLink } from './render-evidence.ts'

export const explainCommand = defineCommand<{ db?: string; json?: boolean }>({
  name: 'explain',
  configure: (cmd) =>
    cmd
      .description(
        'Explain why two accounts are linked: the path of links between them, each with every shared identifier, how many accounts share it, its weight and why',
      )
      .argument('<a>', 'an account id')
      .argument('<b>', 'another account id')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const app = await openAppFor(io.env, options.db)
    try {
      const x = await app.explainLink(args[0] ?? '', args[1] ?? '')
      out.result(x, (e) =>
        e.linked
          ? [
              `${e.a} and ${e.b} are in cluster ${e.cluster}, joined by ${e.path.length} link${e.path.length === 1 ? '' : 's'} (weights version ${e.weightsVersion}):`,
              ...e.path.flatMap((l) => renderLink(l)),
            ].join('\n')
          : `${e.a} and ${e.b} are not linked: they are in different clusters.`,
      )
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})
