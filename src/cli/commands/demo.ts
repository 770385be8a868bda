import { once } from 'node:events'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { evaluateClusters } from '../../app/index.ts'
import { type App, openLineFile, readPolicyFile, readTruthFile, shippedPolicyPath } from '../../compose.ts'
import { loadServerConfig, type ServerConfig } from '../../config/index.ts'
import { buildServer } from '../../http/server.ts'
import { writeMarketplace } from '../../sim/index.ts'
import { defineCommand } from '../command.ts'
import { EXIT } from '../exit-codes.ts'
import { openAppFor } from '../open-app.ts'
import type { Io, Output } from '../output.ts'
import { renderCounts } from '../render.ts'
import { startLiveLinkage } from '../start-live-linkage.ts'
import { UsageError } from '../usage-error.ts'
import { renderQuality } from './eval.ts'
import { renderImportReport } from './import.ts'
import { renderLinkage } from './link.ts'
import { parseCount } from './parse-count.ts'
import { renderStats } from './stats.ts'
import { renderSweep } from './sweep.ts'

/** Ports tried after the default one when it is taken (another demo, another service), before any free port. */
const PORT_TRIES = 20
/** The console's reviewer in the demo database, with a generated password printed once. */
const DEMO_REVIEWER = 'demo'
/** Shipped policies loaded for the console's Sweeps page. */
const DEMO_POLICIES = ['second-review', 'video-sweep'] as const
/** Random bytes of the portal secret of a demo server run without ONESELLER_PORTAL_SECRET. */
const PORTAL_SECRET_BYTES = 32
/** The printed seller link works this long (the longest a portal token may live). */
const PORTAL_LINK_SECONDS = 86_400

export const demoCommand = defineCommand<{
  accounts: string
  seed: string
  dir: string
  port?: string
  serve: boolean
}>({
  name: 'demo',
  stopsInOrder: true,
  configure: (cmd) =>
    cmd
      .description(
        'The guided demo: generate a synthetic marketplace, import it into a fresh embedded database, summarise it, then serve the HTTP API on it until Ctrl-C (--no-serve: stop after the summary)',
      )
      .option('--accounts <n>', 'number of seller accounts', '20000')
      .option('--seed <n>', 'random seed', '42')
      .option('--dir <dir>', 'where the demo writes its files and database', './data/demo')
      .option(
        '--port <n>',
        'TCP port of the API; default ONESELLER_PORT, else 8080 or the next free port (0: any free port)',
      )
      .option('--no-serve', 'exit after the summary instead of serving the API'),
  async run({ options, out, io, signal }) {
    const accounts = parseCount(options.accounts, '--accounts', 10_000_000)
    const seed = parseCount(options.seed, '--seed', 2 ** 32 - 1, 0)
    const dir = resolve(options.dir)
    const db = join(dir, 'oneseller.db')
    // The server's settings are checked before minutes of generating and linking, not after.
    const serverConfig = options.serve ? loadServerConfig(io.env, { db, port: options.port }) : undefined
    if (serverConfig !== undefined && !serverConfig.ok) {
      out.info(
        `oneseller demo: cannot serve the API:\n${serverConfig.error.map((i) => `  ${i.setting}: ${i.message}`).join('\n')}`,
      )
      return EXIT.CONFIG
    }
    const say = (s: string) => io.stdout.write(`${s}\n`)

    say(`oneseller demo: one seller, one account.\n`)
    say(`1. Generating a synthetic marketplace of ${accounts.toLocaleString('en-US')} seller accounts (seed ${seed})`)
    say('   independent sellers, honest sellers who share a building or an IP, multi-account operators,')
    say('   service-provider farms and purchased accounts, with the ground truth kept apart in truth.csv.')
    const started = performance.now()
    const bar = out.progress('generate', accounts, 'accounts')
    const summary = await writeMarketplace({ accounts, seed, outDir: dir, onProgress: (n) => bar.update(n) })
    bar.stop()
    say(`   ${summary.records.toLocaleString('en-US')} records: ${renderCounts(summary.byType)}`)
    say(`   roles in the ground truth: ${renderCounts(summary.byRole)}\n`)

    say(`2. Importing ${join(dir, 'events.ndjson')} into a fresh embedded database (${db})`)
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true })
    const app = await openAppFor(io.env, db)
    try {
      const report = await app.importRecords([openLineFile(join(dir, 'events.ndjson'))])
      say(indent(renderImportReport(report)))
      say('\n3. What the store now knows')
      say(indent(renderStats(await app.stats())))
      say('\n4. Linking the accounts run by one party (weights learned from this data, no labels)')
      const { summary, run } = await app.runLinkage()
      say(indent(renderLinkage(summary)))
      say('\n5. How well that matches the ground truth the generator kept apart')
      const truth = readTruthFile(join(dir, 'truth.csv'))
      say(indent(renderQuality(evaluateClusters(truth, run.clusters))))
      say('\n6. The second review, as a dry run: who policies/second-review.yaml would hit today, and why')
      say('   (nothing is written; `oneseller sweep --policy FILE --apply` records the decisions)')
      const sweep = await app.runSweep({
        ...readPolicyFile(shippedPolicyPath('second-review')),
        apply: false,
        actor: 'demo',
        sampleSize: 3,
        truth: new Map(truth.map((r) => [r.account, r.role])),
      })
      say(indent(renderSweep(sweep)))
      say(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Explore it yourself:`)
      sayExplore(say, options.dir)
      if (serverConfig === undefined || signal.aborted) return EXIT.OK
      // An example that shows evidence: an account of the largest cluster, else any account.
      const example = summary.biggest[0]?.strongest?.a ?? truth[0]?.account ?? 'ACCOUNT'
      await serveDemo({
        app,
        config: serverConfig.value,
        portGiven: options.port !== undefined || (io.env.ONESELLER_PORT ?? '').trim() !== '',
        example,
        say,
        io,
        out,
        signal,
      })
      return EXIT.OK
    } finally {
      await app.close()
    }
  },
})

function sayExplore(say: (s: string) => void, dir: string): void {
  say(`  npx oneseller stats --db ${dir}/oneseller.db`)
  say(`  npx oneseller cluster ACCOUNT --db ${dir}/oneseller.db      # an account's cluster and its evidence`)
  say(`  npx oneseller explain ACCOUNT OTHER --db ${dir}/oneseller.db  # why two accounts are linked`)
  say(
    `  npx oneseller sweep --policy policies/video-sweep.yaml --truth ${dir}/truth.csv --db ${dir}/oneseller.db  # another dry run`,
  )
  say(`  npx oneseller import ${dir}/events.ndjson --db ${dir}/oneseller.db   # a re-import adds nothing`)
}

/**
 * Serves the API on the demo's database until the signal aborts: a fresh API key (the database is the demo's own),
 * the address, the documentation page and requests to paste. Without an explicit port, the default one or the next
 * free one.
 */
async function serveDemo(ctx: {
  readonly app: App
  readonly config: ServerConfig
  readonly portGiven: boolean
  readonly example: string
  readonly say: (s: string) => void
  readonly io: Io
  readonly out: Output
  readonly signal: AbortSignal
}): Promise<void> {
  const { app, config, say, signal } = ctx
  const port = ctx.portGiven ? config.port : await firstFreePort(config.host, config.port)
  const { secret } = await app.createApiKey({ name: 'demo', scopes: 'ingest,read,metrics' })
  // The console's reviewer (an admin: every page and act), the policies its Sweeps page runs, and a portal secret of
  // the demo's own so that it can print a seller's link.
  const { generatedPassword } = await app.createReviewer({ name: DEMO_REVIEWER, role: 'admin' }, 'cli:demo')
  for (const name of DEMO_POLICIES) {
    await app.loadPolicy({ ...readPolicyFile(shippedPolicyPath(name)), mode: 'live', actor: 'cli:demo' })
  }
  const portalSecret = config.portalSecret ?? app.secrets.randomToken(PORTAL_SECRET_BYTES)
  const portal = await app.issuePortalToken({
    account: ctx.example,
    ttlSeconds: PORTAL_LINK_SECONDS,
    secret: portalSecret,
  })
  const server = await buildServer({ app, config: { ...config, port, portalSecret }, logStream: ctx.io.stderr })
  try {
    let address: string
    try {
      address = await server.listen({ port, host: config.host })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
      throw new UsageError(
        `port ${port} is in use on ${config.host}: choose another with --port or ONESELLER_PORT (0: any free port)`,
      )
    }
    const account = `${address}/v1/accounts/${encodeURIComponent(ctx.example)}`
    startLiveLinkage(ctx.app, (line) => ctx.out.info(line))
    say('\n7. The HTTP API, serving this database until Ctrl-C (`--no-serve` skips this step)')
    say(`   API:            ${address}`)
    say(`   documentation:  ${address}/docs`)
    say(`   API key:        ${secret}   (scopes ingest, read, metrics; made for this demo database)`)
    say(`   console:        ${address}/console   (reviewers: accounts, clusters, appeals, sweeps)`)
    say(`   sign in as:     ${DEMO_REVIEWER} / ${generatedPassword}   (an admin made for this demo database)`)
    say(`   seller portal:  ${address}/portal?token=${portal.token}   (the seller of ${ctx.example}, for 24 hours)`)
    say('   try:')
    say(`   curl -H "Authorization: Bearer ${secret}" ${account}`)
    say(`   curl -H "Authorization: Bearer ${secret}" ${account}/cluster`)
    if (!signal.aborted) await once(signal, 'abort')
    ctx.out.info('stopping: finishing the requests in flight')
  } finally {
    await server.close()
  }
}

/** `from` if nothing listens there, else the next free port of the few after it, else any free port (0). */
async function firstFreePort(host: string, from: number): Promise<number> {
  if (from === 0) return 0
  for (let port = from; port < Math.min(from + PORT_TRIES, 65_536); port++) {
    if (await isFree(host, port)) return port
  }
  return 0
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createServer()
    probe.once('error', () => resolveFree(false))
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolveFree(true)))
  })
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n')
}
