// Test support for the browser tests and the screenshots: a real server (the API and the built console) on a loopback
// port over a small generated marketplace with policies, decisions, an appeal and a postcard to enter; and Debian's
// Chromium driven by playwright-core.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { type Browser, chromium, type Page } from 'playwright-core'
import sharp from 'sharp'
import type { SqliteEventStore } from '../../src/adapters/storage/sqlite/sqlite-event-store.ts'
import { type App, openApp, openLineFile, readPolicyFile, shippedPolicyPath } from '../../src/compose.ts'
import { loadConfig, loadServerConfig } from '../../src/config/index.ts'
import type { Action } from '../../src/core/policy/policy.ts'
import { WEB_DIST } from '../../src/http/routes/web-routes.ts'
import { buildServer } from '../../src/http/server.ts'
import type { NewDecision } from '../../src/ports/index.ts'
import { writeMarketplace } from '../../src/sim/index.ts'

/** Where Debian's package puts Chromium (`apt-get install -y chromium`; .ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const VIEWPORT = { width: 1280, height: 800 } as const

const PORTAL_SECRET = 'portal-secret-of-the-browser-tests-0123456789'
const POSTCARD_SECRET = 'postcard-secret-of-the-browser-tests'
export const PASSWORD = 'correct horse battery staple'

export interface Scenario {
  /** Reviewers by role, each with {@link PASSWORD}. */
  readonly reviewers: { readonly reviewer: string; readonly lead: string }
  /** An account in a cluster of several, to open and inspect. */
  readonly clustered: string
  /** An open review case of {@link clustered}. */
  readonly caseAccount: string
  /** An open appeal of a cluster-wide suspension. */
  readonly appeal: { readonly id: number; readonly account: string }
  /**
   * A seller asked to enter a postcard code and to upload an identity document, with their portal token, the code
   * printed on the card, and a picture to upload.
   */
  readonly seller: { readonly account: string; readonly token: string; readonly code: string; readonly picture: string }
  /** A stored live policy to sweep with. */
  readonly sweepPolicy: string
  /** An identity document of {@link clustered} in review, sent through its portal with the number it declares. */
  readonly submission: { readonly id: number; readonly account: string; readonly documentNumber: string }
}

export interface ConsoleServer {
  readonly url: string
  readonly app: App
  readonly scenario: Scenario
  close(): Promise<void>
}

/** Fails with what to do when the console was not built (npm test and npm start build it first). */
export function requireBuiltConsole(): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`the console is not built (${WEB_DIST} has no index.html): run "npm run build:web" first`)
  }
}

/** Starts the server over a fresh store of `accounts` generated sellers, set up as {@link Scenario} says. */
export async function startConsoleServer(opts: {
  readonly accounts: number
  readonly seed: number
}): Promise<ConsoleServer> {
  requireBuiltConsole()
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-browser-'))
  const env = { ONESELLER_POSTCARD_SECRET: POSTCARD_SECRET, ONESELLER_OUTBOX: join(dir, 'outbox') }
  const database = loadConfig(env, { db: join(dir, 'store.db') })
  const settings = loadServerConfig(
    { ONESELLER_LOG_LEVEL: 'warn', ONESELLER_PORTAL_SECRET: PORTAL_SECRET },
    { port: '0' },
  )
  if (!database.ok || !settings.ok) throw new Error('the browser tests configuration is invalid')
  const app = await openApp(database.value)
  const server = await buildServer({
    app,
    config: { ...settings.value, jobPollMs: 50, tickSeconds: 0 },
    logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
  })
  try {
    const scenario = await setUp(app, dir, opts)
    const url = await server.listen({ port: 0, host: '127.0.0.1' })
    return {
      url,
      app,
      scenario,
      close: async () => {
        await server.close()
        await app.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    await server.close()
    await app.close()
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
}

const SUSPEND: Action = { type: 'suspend', reason: 'linked_to_deactivated', scope: 'cluster', noticeDays: 0 }
const REVIEW: Action = { type: 'review', reason: 'cluster_failed_verifications', scope: 'account', priority: 'high' }
const POSTCARD: Action = {
  type: 'require_verification',
  reason: 'address_unconfirmed',
  scope: 'account',
  methods: ['postcard', 'id_document'],
  deadlineDays: 21,
  onExpiry: 'hold_payouts',
  reinstateOnLatePass: true,
}

async function setUp(app: App, dir: string, opts: { accounts: number; seed: number }): Promise<Scenario> {
  await writeMarketplace({ accounts: opts.accounts, seed: opts.seed, outDir: dir })
  await app.importRecords([openLineFile(join(dir, 'events.ndjson'))])
  const { summary } = await app.runLinkage()
  for (const name of ['video-sweep', 'second-review']) {
    await app.loadPolicy({ ...readPolicyFile(shippedPolicyPath(name)), mode: 'live', actor: 'cli:setup' })
  }
  await app.createReviewer({ name: 'ana', role: 'reviewer', password: PASSWORD }, 'cli:setup')
  await app.createReviewer({ name: 'lee', role: 'lead', password: PASSWORD }, 'cli:setup')

  // The largest cluster: one member to inspect, the others suspended cluster-wide through it, one of which appeals.
  const biggest = summary.biggest[0]
  const clustered = biggest?.strongest?.a
  const members = clustered === undefined ? undefined : (await app.clusterOf(clustered))?.members
  if (clustered === undefined || members === undefined || members.length < 3) {
    throw new Error('the generated marketplace has no cluster of 3 or more accounts: raise accounts or change the seed')
  }
  const appellant = members.find((m) => m !== clustered)!
  // A seller with a business address that is in no cluster of note, to be asked for a postcard.
  const seller = await accountWithAddress(app, join(dir, 'events.ndjson'), new Set(members))
  const now = app.clock.now()
  const decision = (key: string, account: string, action: Action, via?: string): NewDecision => ({
    key,
    account,
    policy: 'second-review',
    policyVersion: 1,
    rule:
      { suspend: 'linked-to-deactivated', review: 'cluster-failed-verifications' }[action.type as string] ??
      'address-check',
    trigger: 'sweep',
    action,
    evidence: {
      features: { 'cluster.deactivated': 1, 'cluster.strong_evidence': true },
      links: [],
      ...(via === undefined ? {} : { via }),
    },
    mode: 'live',
    sweep: null,
    actor: 'reviewer:lee',
    at: now,
  })
  const policies = (app.events as SqliteEventStore).policyStore()
  await policies.recordDecisions([
    decision('browser:suspend:root', clustered, SUSPEND),
    ...members.filter((m) => m !== clustered).map((m) => decision(`browser:suspend:${m}`, m, SUSPEND, clustered)),
    decision('browser:postcard', seller, POSTCARD),
    decision('browser:review', clustered, REVIEW),
  ])
  const appealed = (await app.decisionsOf(appellant)).find((d) => d.action.type === 'suspend')!
  const appeal = await app.fileAppeal({
    account: appellant,
    decision: appealed.id,
    statement: 'We share an accountant, not an owner. Our shop is ours alone.',
    uploads: [{ name: 'accountant-letter.jpg', bytes: new Uint8Array(await documentPicture('#806040')) }],
    actor: `seller:${appellant}`,
  })
  await app.tick()
  const code = await printedCode(app, dir)
  const { token } = await app.issuePortalToken({ account: seller, ttlSeconds: 3600, secret: PORTAL_SECRET })
  const picture = join(dir, 'passport.jpg')
  writeFileSync(picture, await documentPicture())
  const submission = await documentInReview(app, clustered)
  return {
    reviewers: { reviewer: 'ana', lead: 'lee' },
    clustered,
    caseAccount: clustered,
    appeal: { id: appeal.id, account: appellant },
    seller: { account: seller, token, code, picture },
    sweepPolicy: 'video-sweep',
    submission,
  }
}

/** The account's seller sends a picture of their identity document with the number they declared: it waits in review. */
async function documentInReview(app: App, account: string): Promise<Scenario['submission']> {
  const { state } = await app.describeAccount(account)
  const documentNumber = state.profile.representative?.document?.number ?? 'L898902C3'
  const front = await documentPicture('#2f6f4f')
  const { submission } = await app.submitEvidence({
    account,
    method: 'id_document',
    files: [{ role: 'front', bytes: new Uint8Array(front), mime: 'image/jpeg' }],
    fields: { documentNumber },
    actor: `seller:${account}`,
  })
  return { id: submission.id, account, documentNumber }
}

/** The first generated account outside `avoid`, still active, that declares a business address. */
async function accountWithAddress(app: App, events: string, avoid: ReadonlySet<string>): Promise<string> {
  for (const line of readFileSync(events, 'utf8').split('\n')) {
    if (!line.includes('"type":"account"')) continue
    const record = JSON.parse(line) as { account: string; addresses?: { role?: string }[] }
    if (avoid.has(record.account) || !(record.addresses ?? []).some((a) => a.role === 'business')) continue
    if ((await app.describeAccount(record.account)).state.status === 'active') return record.account
  }
  throw new Error('no generated account declares a business address')
}

/** Prints the postcards due, keeps the batch, and reads the one code off the PDF as the seller would read the card. */
async function printedCode(app: App, dir: string): Promise<string> {
  const batch = await app.printPostcards()
  if (batch.cards !== 1 || batch.pdf === null) {
    throw new Error(`expected one postcard to print, got ${batch.cards}: ${JSON.stringify(batch.skipped)}`)
  }
  await app.markPostcardsPrinted(batch.batch)
  const pdf = join(dir, 'postcards.pdf')
  writeFileSync(pdf, batch.pdf)
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
  const code = /\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b/.exec(text)?.[1]
  if (code === undefined) throw new Error(`no code found on the printed postcard:\n${text}`)
  return code
}

/** A document-like picture (a JPEG drawn here), as a seller's phone would take one; `photo` colours its photo. */
function documentPicture(photo = '#405870'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#e0e8f0"/>
    <rect x="40" y="40" width="160" height="200" fill="${photo}"/><circle cx="480" cy="300" r="60" fill="#a02020"/></svg>`
  return sharp(Buffer.from(svg)).jpeg().toBuffer()
}

/** Debian's Chromium through playwright-core; fails saying how to install it when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does)`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
}

/** A fresh page (its own cookies and storage) that records what the browser complains of: errors, CSP refusals. */
export async function newPage(
  browser: Browser,
  opts: { readonly locale?: string; readonly timezoneId?: string } = {},
): Promise<{ readonly page: Page; readonly problems: string[] }> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: opts.locale ?? 'en-GB',
    timezoneId: opts.timezoneId ?? 'Europe/Berlin',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    // A refused request shows as a 4xx in the console: the tests see those in the page itself.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`)
  })
  return { page, problems }
}

/** Signs a reviewer in through the sign-in page. */
export async function signIn(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/console`)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
}
