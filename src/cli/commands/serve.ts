import { once } from 'node:events'
import { loadServerConfig } from '../../config/index.ts'
import { buildServer } from '../../http/server.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import { startLiveLinkage } from '../start-live-linkage.ts'

export const serveCommand = defineCommand<{
  db?: string
  port?: string
  host?: string
  bodyLimit?: string
  rateLimit?: string
  corsOrigin?: string[]
}>({
  name: 'serve',
  stopsInOrder: true,
  configure: (cmd) =>
    cmd
      .description(
        'Serve the HTTP API (docs/api.md): ingest records, read accounts, clusters and evidence, with API keys. JSON logs go to stderr; stops on Ctrl-C or SIGTERM.',
      )
      .option('--db <path|url>', 'SQLite file or postgres:// URL; default DATABASE_URL, else ./data/oneseller.db')
      .option('--port <n>', 'TCP port; default ONESELLER_PORT, else 8080 (0: any free port)')
      .option('--host <address>', 'address to listen on; default ONESELLER_HOST, else 127.0.0.1 (this machine only)')
      .option('--body-limit <bytes>', 'largest request body; default ONESELLER_BODY_LIMIT, else 10485760 (10 MiB)')
      .option('--rate-limit <n>', 'requests per minute per API key; default ONESELLER_RATE_LIMIT, else 6000')
      .option(
        '--cors-origin <origin...>',
        'origins allowed to call from a browser; default ONESELLER_CORS_ORIGINS, else none (no CORS headers)',
      ),
  async run({ options, io, out, signal }) {
    const config = loadServerConfig(io.env, options)
    if (!config.ok) {
      out.info(`oneseller serve: cannot start:\n${config.error.map((i) => `  ${i.setting}: ${i.message}`).join('\n')}`)
      return EXIT.CONFIG
    }
    const app = await openAppFor(io.env, options.db)
    try {
      const server = await buildServer({ app, config: config.value, logStream: io.stderr })
      const address = await server.listen({ port: config.value.port, host: config.value.host })
      out.info(`oneseller API on ${address} (store: ${app.storeLabel}); the operations are listed at ${address}/docs`)
      startLiveLinkage(app, (line) => out.info(line))
      if (config.value.portalSecret === null) {
        out.info(
          'ONESELLER_PORTAL_SECRET is not set: seller portal tokens are signed with a random secret of this process; they stop working when it stops and other server processes refuse them (production requires the setting)',
        )
      }
      if (!signal.aborted) await once(signal, 'abort')
      out.info('stopping: finishing the requests in flight')
      await server.close()
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})
