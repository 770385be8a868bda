// The stores the HTTP benchmark serves: a generated marketplace imported (and linked) once into SQLite and kept in the
// temporary folder between runs, or imported into a PostgreSQL schema of its own; each copy gets the shipped policies
// and an API key. Also the account records the registrations send and the accounts the reads ask for.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { escapeIdentifier, Pool } from 'pg'
import { type App, openApp, openLineFile, shippedPolicyPath } from '../src/compose.ts'
import { writeMarketplace } from '../src/sim/index.ts'

/** How a store was built: seconds per step (link undefined when not run). */
export interface StorePrep {
  readonly accounts: number
  readonly records: number
  readonly importSeconds: number
  readonly linkSeconds: number | undefined
  readonly linkedAccounts: number | undefined
}

export type Engine = 'sqlite' | 'postgres'

/** The marketplace the store holds (seed 7, as the other benchmarks) and the registrations' templates (another seed). */
const STORE_SEED = 7
const TEMPLATE_SEED = 11

/**
 * The onboarding cap (50,000 decisions per rule per day) would hold back every registration after the first 50,000
 * of a day, and a benchmark sends more than that: it is raised so that every request is decided and recorded.
 */
const BENCH_CAP = 10_000_000

export function cacheDir(accounts: number): string {
  return join(tmpdir(), `oneseller-bench-http-${accounts}`)
}

/** Generates the marketplace once (kept for the PostgreSQL import) and returns its NDJSON file. */
export async function marketplaceFile(accounts: number): Promise<string> {
  const dir = cacheDir(accounts)
  const file = join(dir, 'events.ndjson')
  if (existsSync(join(dir, 'generated'))) return file
  mkdirSync(dir, { recursive: true })
  await writeMarketplace({ accounts, seed: STORE_SEED, outDir: dir })
  writeFileSync(join(dir, 'generated'), '')
  return file
}

/** Imports the marketplace into an opened store and, when asked, links it, timing both. */
async function fill(app: App, file: string, link: boolean, log: (s: string) => void): Promise<StorePrep> {
  let t = performance.now()
  const report = await app.importRecords([openLineFile(file)])
  const importSeconds = (performance.now() - t) / 1000
  const stats = await app.stats()
  log(`  imported ${report.stored.toLocaleString('en-US')} records in ${importSeconds.toFixed(0)} s`)
  if (!link)
    return {
      accounts: stats.accounts,
      records: report.stored,
      importSeconds,
      linkSeconds: undefined,
      linkedAccounts: undefined,
    }
  t = performance.now()
  const { summary } = await app.runLinkage({ actor: 'bench' })
  const linkSeconds = (performance.now() - t) / 1000
  log(`  linked in ${linkSeconds.toFixed(0)} s`)
  return {
    accounts: stats.accounts,
    records: report.stored,
    importSeconds,
    linkSeconds,
    linkedAccounts: summary.linkedAccounts,
  }
}

/**
 * The SQLite store, imported (and linked) once and kept in the temporary folder; every benchmark run serves a fresh
 * copy, since registrations write to it. Returns the copy's path, how the original was built, and `drop`, which
 * removes the copy.
 */
export async function sqliteStore(
  accounts: number,
  link: boolean,
  log: (s: string) => void,
): Promise<{ file: string; prep: StorePrep; drop: () => Promise<void> }> {
  const dir = cacheDir(accounts)
  const original = join(dir, link ? 'linked.db' : 'imported.db')
  const prepFile = `${original}.json`
  if (!existsSync(prepFile)) {
    const file = await marketplaceFile(accounts)
    for (const s of ['', '-wal', '-shm']) rmSync(original + s, { force: true })
    log(`building the SQLite store (${accounts.toLocaleString('en-US')} accounts${link ? ', linked' : ''})`)
    const app = await openApp({ database: { kind: 'sqlite', file: original } })
    try {
      writeFileSync(prepFile, JSON.stringify(await fill(app, file, link, log)))
    } finally {
      await app.close()
    }
  }
  const copy = join(dir, 'served.db')
  for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true })
  const source = new Database(original, { readonly: true })
  await source.backup(copy)
  source.close()
  const drop = async () => {
    for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true })
  }
  return { file: copy, prep: JSON.parse(readFileSync(prepFile, 'utf8')) as StorePrep, drop }
}

/** A schema of this process's own in the database `url` names, filled like the SQLite store; `drop` removes it. */
export async function postgresStore(
  url: string,
  accounts: number,
  link: boolean,
  log: (s: string) => void,
): Promise<{ url: string; prep: StorePrep; drop: () => Promise<void> }> {
  const schema = `oneseller_bench_http_${process.pid}`
  const admin = new Pool({ connectionString: url, max: 1 })
  const drop = async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`)
    await admin.end()
  }
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`)
    await admin.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`)
    const u = new URL(url)
    u.searchParams.set('options', `-c search_path=${schema}`)
    const file = await marketplaceFile(accounts)
    log(
      `building the PostgreSQL store in schema ${schema} (${accounts.toLocaleString('en-US')} accounts${link ? ', linked' : ''})`,
    )
    const app = await openApp({ database: { kind: 'postgres', url: u.toString() } })
    try {
      return { url: u.toString(), prep: await fill(app, file, link, log), drop }
    } finally {
      await app.close()
    }
  } catch (e) {
    await drop()
    throw e
  }
}

/**
 * Readies a store to serve: the shipped policies loaded live (onboarding with its daily cap raised, see BENCH_CAP),
 * an API key for ingest and reads, and a random sample of the accounts it holds (for the reads).
 */
export async function readyToServe(
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string },
  sample: number,
): Promise<{ key: string; accounts: readonly string[] }> {
  const app = await openApp({ database })
  try {
    for (const name of ['onboarding', 'second-review', 'video-sweep']) {
      const file = shippedPolicyPath(name)
      let source = readFileSync(file, 'utf8')
      if (name === 'onboarding') {
        const raised = source.replace(/per_rule_per_day: \d+/, `per_rule_per_day: ${BENCH_CAP}`)
        if (raised === source) throw new Error(`${file}: no per_rule_per_day cap to raise`)
        source = raised
      }
      await app.loadPolicy({ source, file, mode: 'live', actor: 'bench' })
    }
    const { secret } = await app.createApiKey({ name: 'bench', scopes: 'ingest,read' })
    const ids: string[] = []
    await app.events.scanSummaries((s) => {
      ids.push(s.id)
    })
    return { key: secret, accounts: sampleOf(ids, sample, 42) }
  } finally {
    await app.close()
  }
}

/** Account records of another generated marketplace: the declarations the registrations send, under new ids. */
export async function registrationTemplates(count: number): Promise<readonly Record<string, unknown>[]> {
  const dir = join(tmpdir(), `oneseller-bench-http-templates-${count}`)
  if (!existsSync(join(dir, 'generated'))) {
    mkdirSync(dir, { recursive: true })
    await writeMarketplace({ accounts: count, seed: TEMPLATE_SEED, outDir: dir })
    writeFileSync(join(dir, 'generated'), '')
  }
  const templates: Record<string, unknown>[] = []
  for (const line of readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n')) {
    if (!line.startsWith('{"type":"account"')) continue
    templates.push(JSON.parse(line) as Record<string, unknown>)
  }
  if (templates.length === 0) throw new Error(`${dir}/events.ndjson holds no account records`)
  return templates
}

/** `n` items drawn without replacement, in a random order fixed by `seed` (a small linear congruential generator). */
function sampleOf(items: readonly string[], n: number, seed: number): string[] {
  const copy = [...items]
  let state = seed >>> 0
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
  const take = Math.min(n, copy.length)
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(next() * (copy.length - i))
    ;[copy[i], copy[j]] = [copy[j] as string, copy[i] as string]
  }
  return copy.slice(0, take)
}
