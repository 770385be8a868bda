import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BenchTable, isMain, renderMarkdown, summarise } from './harness.ts'
import { type LoadRun, type RequestShape, sendLoad, startServer } from './http-load.ts'
import {
  type Engine,
  postgresStore,
  readyToServe,
  registrationTemplates,
  type StorePrep,
  sqliteStore,
} from './http-store.ts'

export interface HttpBenchOptions {
  readonly accounts: number
  readonly runs: number
  readonly seconds: number
  readonly warmupSeconds: number
  readonly connections: number
  readonly engines: readonly Engine[]
  /** Link the store before serving (clusters and links then feed every decision). */
  readonly link: boolean
  /** The PostgreSQL database to make a schema in; without it the PostgreSQL rows are skipped. */
  readonly postgresUrl: string | undefined
  /** Write the server's CPU profiles (one per engine) to this folder. */
  readonly profileDir?: string | undefined
  /** Measure only these endpoints (to profile one alone). */
  readonly endpoints: readonly Endpoint[]
}

type Endpoint = 'registrations' | 'reads'

const DEFAULTS: HttpBenchOptions = {
  accounts: 100_000,
  runs: 3,
  seconds: 10,
  warmupSeconds: 3,
  connections: 10,
  engines: ['sqlite', 'postgres'],
  link: true,
  postgresUrl: undefined,
  endpoints: ['registrations', 'reads'],
}

/** The bar for the registration decision (and the same numbers reported for a read). */
const BAR_RPS = 2_000
const BAR_P99_MS = 50
/** Declarations of this many other generated accounts are sent again and again, each time under a new id. */
const TEMPLATES = 20_000
/** Accounts of the store the reads ask for, in a random order. */
const READ_SAMPLE = 20_000

interface EngineResult {
  readonly engine: Engine
  readonly prep: StorePrep
  readonly registration: readonly LoadRun[] | undefined
  readonly read: readonly LoadRun[] | undefined
  readonly peakRssMb: number | undefined
}

/**
 * The HTTP API under load, on loopback, against the real server (`oneseller serve` in a child process) over a store
 * of `accounts` generated accounts: `POST /v1/registrations` with a new account record per request (the record stored,
 * its identifiers derived, the live policies evaluated and the decision recorded with its requirement) and
 * `GET /v1/accounts/:id` of random existing accounts; on SQLite and on PostgreSQL.
 */
export async function benchHttp(given: Partial<HttpBenchOptions> = {}): Promise<BenchTable> {
  const opts = { ...DEFAULTS, ...given }
  const log = (s: string) => process.stderr.write(`${s}\n`)
  const templates = await registrationTemplates(TEMPLATES)
  const results: EngineResult[] = []
  const notes: string[] = []
  for (const engine of opts.engines) {
    if (engine === 'postgres' && opts.postgresUrl === undefined) {
      notes.push('PostgreSQL skipped: set DATABASE_URL to a postgres:// URL (a schema of its own is made and dropped).')
      continue
    }
    results.push(await benchEngine(engine, opts, templates, log))
  }
  const rows = results.flatMap((r) => [
    ...(r.registration === undefined ? [] : [row(r, 'POST /v1/registrations', r.registration)]),
    ...(r.read === undefined ? [] : [row(r, 'GET /v1/accounts/:id', r.read)]),
  ])
  for (const r of results) {
    const p = r.prep
    notes.push(
      `${r.engine}: ${p.accounts.toLocaleString('en-US')} accounts, ${p.records.toLocaleString('en-US')} records imported in ${p.importSeconds.toFixed(0)} s; ` +
        (p.linkSeconds === undefined
          ? 'not linked (no clusters: decisions read no cluster members)'
          : `linked in ${p.linkSeconds.toFixed(0)} s, ${p.linkedAccounts?.toLocaleString('en-US')} accounts in clusters of two or more`),
    )
    if (r.registration === undefined) continue
    const reg = summarise(r.registration.map((x) => x.requestsPerSecond))
    const p99 = summarise(r.registration.map((x) => x.p99Ms))
    const met = reg.median >= BAR_RPS && p99.median <= BAR_P99_MS
    notes.push(
      `${r.engine}: the registration bar (≥ ${BAR_RPS.toLocaleString('en-US')} requests/s, p99 ≤ ${BAR_P99_MS} ms) is ${met ? 'met' : 'NOT met'}: ${Math.round(reg.median)} requests/s, p99 ${p99.median} ms (medians).`,
    )
  }
  notes.push(
    `${opts.connections} connections, one request in flight on each; ${opts.runs} runs of ${opts.seconds} s per endpoint after a ${opts.warmupSeconds} s warm-up; requests/s counts every answer. ` +
      'Policies loaded live: onboarding (its daily cap raised so that no registration is held back), second-review, video-sweep.',
  )
  return {
    name: `HTTP API under load (${opts.accounts.toLocaleString('en-US')} accounts; server and load generator share the machine)`,
    rows,
    notes,
  }
}

async function benchEngine(
  engine: Engine,
  opts: HttpBenchOptions,
  templates: readonly Record<string, unknown>[],
  log: (s: string) => void,
): Promise<EngineResult> {
  const store =
    engine === 'sqlite'
      ? await sqliteStore(opts.accounts, opts.link, log).then((s) => ({ ...s, db: s.file }))
      : await postgresStore(opts.postgresUrl as string, opts.accounts, opts.link, log).then((s) => ({
          ...s,
          db: s.url,
        }))
  const scratch = mkdtempSync(join(tmpdir(), 'oneseller-bench-http-'))
  try {
    const database =
      engine === 'sqlite' ? { kind: 'sqlite' as const, file: store.db } : { kind: 'postgres' as const, url: store.db }
    const { key, accounts } = await readyToServe(database, READ_SAMPLE)
    const server = await startServer(store.db, join(scratch, 'server.log'), opts.profileDir)
    try {
      const at = new Date().toISOString()
      const registrations = (prefix: string): RequestShape => ({
        method: 'POST',
        path: () => '/v1/registrations',
        body: (n) => JSON.stringify({ ...templates[n % templates.length], account: `${prefix}-${n}`, at }),
      })
      const reads: RequestShape = {
        method: 'GET',
        path: (n) => `/v1/accounts/${encodeURIComponent(accounts[n % accounts.length] as string)}`,
      }
      await checkAnswers(server.url, key, registrations(`check-${engine}`), reads)
      const load = { seconds: opts.seconds, connections: opts.connections, serverPid: server.pid }
      const measure = async (label: string, shape: (run: number) => RequestShape): Promise<LoadRun[]> => {
        await sendLoad(server.url, key, shape(-1), { ...load, seconds: opts.warmupSeconds })
        const runs: LoadRun[] = []
        for (let i = 0; i < opts.runs; i++) {
          const run = await sendLoad(server.url, key, shape(i), load)
          log(
            `  ${engine} ${label} run ${i + 1}: ${Math.round(run.requestsPerSecond)} requests/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, server CPU ${run.serverCpuMsPerRequest?.toFixed(3) ?? '-'} ms/request, ${run.errors} errors, ${run.non2xx} non-2xx, load ${run.load1.toFixed(2)}`,
          )
          runs.push(run)
        }
        return runs
      }
      log(`${engine}: serving at ${server.url} (load average ${loadavg()[0]?.toFixed(2)})`)
      const wanted = new Set(opts.endpoints)
      const registration = wanted.has('registrations')
        ? await measure('registrations', (run) => registrations(`bench-${engine}-${run < 0 ? 'warm' : run}`))
        : undefined
      const read = wanted.has('reads') ? await measure('reads', () => reads) : undefined
      const peakRssMb = server.peakRssMb()
      return { engine, prep: store.prep, registration, read, peakRssMb }
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
    await store.drop()
  }
}

/** One request of each shape before the load: the answers must be what the load assumes (a decision, an account). */
async function checkAnswers(url: string, key: string, registration: RequestShape, read: RequestShape): Promise<void> {
  const auth = { authorization: `Bearer ${key}` }
  const decided = await fetch(`${url}${registration.path(0)}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: registration.body?.(0) ?? '',
  })
  const decision = (await decided.json()) as { action?: { type?: string }; decisions?: unknown[] }
  if (decided.status !== 200 || decision.action?.type !== 'require_verification' || decision.decisions?.length !== 1) {
    throw new Error(`a registration was not decided as the load assumes: ${decided.status} ${JSON.stringify(decision)}`)
  }
  const account = await fetch(`${url}${read.path(0)}`, { headers: auth })
  if (account.status !== 200) throw new Error(`a read answered ${account.status}: ${await account.text()}`)
}

function row(r: EngineResult, endpoint: string, runs: readonly LoadRun[]): Record<string, string | number> {
  const rps = summarise(runs.map((x) => x.requestsPerSecond))
  const p50 = summarise(runs.map((x) => x.p50Ms))
  const p99 = summarise(runs.map((x) => x.p99Ms))
  const load = summarise(runs.map((x) => x.load1))
  const cpu = runs.flatMap((x) => (x.serverCpuMsPerRequest === undefined ? [] : [x.serverCpuMsPerRequest]))
  return {
    engine: r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL',
    endpoint,
    'requests/s median': Math.round(rps.median),
    min: Math.round(rps.min),
    max: Math.round(rps.max),
    'p50 ms': p50.median,
    'p99 ms median': p99.median,
    'p99 min–max': `${p99.min}–${p99.max}`,
    errors: runs.reduce((s, x) => s + x.errors, 0),
    'non-2xx': runs.reduce((s, x) => s + x.non2xx, 0),
    'server CPU ms/request (median)': cpu.length === 0 ? '-' : summarise(cpu).median.toFixed(3),
    'server peak RSS MB': r.peakRssMb === undefined ? '-' : Math.round(r.peakRssMb),
    'load avg (1 min)': `${load.min.toFixed(1)}–${load.max.toFixed(1)}`,
  }
}

/** `node --import tsx bench/http.bench.ts [ACCOUNTS] [--engine sqlite|postgres] [--no-link] [--seconds N] [--runs N]
 *  [--connections N] [--warmup N] [--endpoint registrations|reads] [--profile DIR]`; PostgreSQL runs when DATABASE_URL names a server. */
export function parseHttpBenchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Partial<HttpBenchOptions> {
  const value = (flag: string) => {
    const i = argv.indexOf(flag)
    return i < 0 ? undefined : argv[i + 1]
  }
  const count = (flag: string) => {
    const v = value(flag)
    if (v === undefined) return undefined
    if (!/^\d+$/.test(v)) throw new Error(`${flag}: expected a whole number, got ${JSON.stringify(v)}`)
    return Number(v)
  }
  const accounts = argv[0] !== undefined && /^\d+$/.test(argv[0]) ? Number(argv[0]) : undefined
  const engine = value('--engine')
  if (engine !== undefined && engine !== 'sqlite' && engine !== 'postgres') {
    throw new Error(`--engine: expected sqlite or postgres, got ${JSON.stringify(engine)}`)
  }
  const endpoint = value('--endpoint')
  if (endpoint !== undefined && endpoint !== 'registrations' && endpoint !== 'reads') {
    throw new Error(`--endpoint: expected registrations or reads, got ${JSON.stringify(endpoint)}`)
  }
  const url = env.DATABASE_URL
  const parsed: Partial<HttpBenchOptions> = {
    postgresUrl: url !== undefined && /^postgres(ql)?:\/\//i.test(url) ? url : undefined,
    ...(accounts === undefined ? {} : { accounts, link: accounts <= 100_000 }),
    ...(engine === undefined ? {} : { engines: [engine] }),
    ...(endpoint === undefined ? {} : { endpoints: [endpoint] }),
    ...(argv.includes('--no-link') ? { link: false } : {}),
    profileDir: value('--profile'),
  }
  for (const [flag, key] of [
    ['--seconds', 'seconds'],
    ['--runs', 'runs'],
    ['--connections', 'connections'],
    ['--warmup', 'warmupSeconds'],
  ] as const) {
    const n = count(flag)
    if (n !== undefined) Object.assign(parsed, { [key]: n })
  }
  return parsed
}

if (isMain(import.meta.url)) {
  console.log(renderMarkdown(await benchHttp(parseHttpBenchArgs(process.argv.slice(2), process.env))))
}
