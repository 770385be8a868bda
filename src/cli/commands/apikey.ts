import { Argument } from 'commander'
import { formatTime } from '../../app/index.ts'
import type { ApiKey } from '../../core/access/api-key.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { renderTable } from '../render.ts'
import { UsageError } from '../usage-error.ts'

const toKeyJson = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  scopes: k.scopes,
  createdAt: formatTime(k.createdAt),
  revokedAt: k.revokedAt === null ? null : formatTime(k.revokedAt),
})

export const apikeyCommand = defineCommand<{ db?: string; json?: boolean; name?: string; scope?: string }>({
  name: 'apikey',
  configure: (cmd) =>
    cmd
      .description(
        'Manage the API keys of marketplace integrations: "create" prints a new key once (only its SHA-256 is stored), "list" shows every key, "revoke ID" stops one at once',
      )
      .addArgument(new Argument('<action>', 'what to do').choices(['create', 'list', 'revoke']))
      .argument('[id]', 'the key to revoke (an id from "apikey list")')
      .option('--name <name>', 'create: what the key is for, e.g. "shop-eu ingest"')
      .option('--scope <scopes>', 'create: comma-separated, from ingest, read, metrics, policies:write, portal:issue')
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--json', 'print one JSON document'),
  async run({ args, options, out, io }) {
    const [action, id] = args
    if (action === 'create' && (options.name === undefined || options.scope === undefined)) {
      throw new UsageError('apikey create: give --name and --scope, e.g. --name "shop-eu" --scope ingest,read')
    }
    if (action === 'revoke' && id === undefined) throw new UsageError('apikey revoke: give the id of the key')
    const app = await openAppFor(io.env, options.db)
    try {
      switch (action) {
        case 'create': {
          const created = await app.createApiKey({ name: options.name ?? '', scopes: options.scope ?? '' })
          out.result({ ...toKeyJson(created.key), key: created.secret }, (c) =>
            [`${c.key}`, `  ${c.id} "${c.name}", scopes ${c.scopes.join(', ')}`].join('\n'),
          )
          out.info('Keep the key now: it is not stored and cannot be shown again (only its SHA-256 is kept).')
          return EXIT.OK
        }
        case 'list': {
          const keys = (await app.listApiKeys()).map(toKeyJson)
          out.result(keys, (ks) =>
            ks.length === 0
              ? 'no API keys yet: oneseller apikey create --name NAME --scope ingest,read'
              : renderTable(
                  ['id', 'name', 'scopes', 'created', 'revoked'],
                  ks.map((k) => [k.id, k.name, k.scopes.join(','), k.createdAt, k.revokedAt ?? '-']),
                ),
          )
          return EXIT.OK
        }
        default: {
          const revoked = toKeyJson(await app.revokeApiKey(id ?? ''))
          out.result(revoked, (k) => `revoked ${k.id} "${k.name}" at ${k.revokedAt}`)
          return EXIT.OK
        }
      }
    } finally {
      await app.close()
    }
  },
})
