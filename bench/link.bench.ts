import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeMarketplace } from '../src/sim/index.ts'
import { type BenchTable, isMain, median, renderMarkdown, runChild, summarise } from './harness.ts'
import type { PeerReport, PeerRun } from './peers/peer-run.ts'
import { displayUrl } from './peers/postgres-peer.ts'

interface LinkRun {
  accounts: number
  clusters: number
  candidatePairs: number
  links: number
  seconds: number
  peakRssMb: number
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test'

/** The peers' PostgreSQL: DATABASE_URL when it names one (it may also name the engine's SQLite file), else the default. */
function postgresUrl(): string {
  const url = process.env.DATABASE_URL
  return url && /^postgres(ql)?:\/\//.test(url) ? url : DEFAULT_POSTGRES_URL
}

type Row = Record<string, string | number>

function linkRow(runs: readonly LinkRun[], label: { system: string; reads: string }): Row {
  const s = summarise(runs.map((r) => r.seconds))
  return {
    system: label.system,
    'what it does': `${label.reads}, index, block, EM weights, score every pair, guarded clustering, explain and store the links`,
    'load s': '-',
    'blocking s': '-',
    'components s': '-',
    'seconds (median)': s.median,
    min: s.min,
    max: s.max,
    'ratio to engine': '-',
    'candidate pairs': runs[0]?.candidatePairs ?? 0,
    components: '-',
    'peak RSS MB': Math.round(median(runs.map((r) => r.peakRssMb))),
  }
}

function computeSeconds(r: PeerRun): number {
  return r.blockingSeconds + r.componentsSeconds
}

function peerRow(
  label: { system: string; rss: boolean; loads: boolean },
  report: PeerReport,
  engine: { seconds: number; components: number; candidatePairs: number },
): Row {
  if (report.kind === 'unavailable') {
    return { system: label.system, 'what it does': `not measured: ${report.reason}` }
  }
  const runs = report.runs
  const s = summarise(runs.map(computeSeconds))
  const components = runs[0]?.components ?? 0
  const agrees = runs.every((r) => r.components === engine.components && r.candidatePairs === engine.candidatePairs)
  return {
    system: label.system,
    'what it does': report.detail,
    'load s': label.loads ? median(runs.map((r) => r.loadSeconds)) : '-',
    'blocking s': median(runs.map((r) => r.blockingSeconds)),
    'components s': median(runs.map((r) => r.componentsSeconds)),
    'seconds (median)': s.median,
    min: s.min,
    max: s.max,
    'ratio to engine': agrees ? `${(s.median / engine.seconds).toFixed(1)}×` : 'invalid: output differs',
    'candidate pairs': runs[0]?.candidatePairs ?? 0,
    components,
    'peak RSS MB': label.rss ? Math.round(report.peakRssMb) : '-',
  }
}

/**
 * The bulk link (`oneseller link`) on an imported marketplace, and beside it, on the same data, what a data team
 * would do instead: the same blocking and connected components in SQL on DuckDB and on PostgreSQL, against the
 * engine's own blocking and components.
 */
export async function benchLink(accounts = 100_000, runs = 3): Promise<BenchTable> {
  const dir = join(tmpdir(), `oneseller-bench-link-${accounts}`)
  const file = join(dir, 'events.ndjson')
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true })
    await writeMarketplace({ accounts, seed: 7, outDir: dir })
  }
  const db = join(dir, 'bench.db')
  const copy = join(dir, 'bench-linked.db')
  const csv = join(dir, 'blocking-keys.csv')
  const url = postgresUrl()
  try {
    runChild('./import-child.ts', [file, db])
    // Each first link on a copy of the store as the import left it (no linkage profile kept yet); then, on the same
    // copy, a link again with nothing stored in between (every account read from its profile).
    const links: LinkRun[] = []
    const again: LinkRun[] = []
    for (let i = 0; i < runs; i++) {
      for (const suffix of ['', '-wal']) {
        rmSync(`${copy}${suffix}`, { force: true })
        if (existsSync(`${db}${suffix}`)) copyFileSync(`${db}${suffix}`, `${copy}${suffix}`)
      }
      links.push(runChild<LinkRun>('./link-child.ts', [copy]))
      again.push(runChild<LinkRun>('./link-child.ts', [copy]))
    }
    const engine = runChild<PeerReport & { accounts: number }>('./peers/peer-child.ts', ['engine', db, csv, `${runs}`])
    if (engine.kind !== 'measured') throw new Error('the engine is always measured')
    const n = `${engine.accounts}`
    const duckdb = runChild<PeerReport>('./peers/peer-child.ts', ['duckdb', csv, n, `${runs}`])
    const postgres = runChild<PeerReport>('./peers/peer-child.ts', ['postgres', csv, n, `${runs}`, url])
    const reference = {
      seconds: median(engine.runs.map(computeSeconds)),
      components: engine.runs[0]?.components ?? 0,
      candidatePairs: engine.runs[0]?.candidatePairs ?? 0,
    }
    const csvMb = (statSync(csv).size / 1e6).toFixed(0)
    return {
      name: `link, and the same blocking and components in SQL (${accounts.toLocaleString('en-US')} accounts, seed 7, ${runs} run${runs === 1 ? '' : 's'})`,
      rows: [
        linkRow(links, {
          system: 'oneseller link',
          reads: 'read every account from its records (the first link after the import), derive, keep its profile',
        }),
        linkRow(again, {
          system: 'oneseller link again',
          reads: 'read every account from its linkage profile (nothing stored since)',
        }),
        peerRow({ system: 'engine: blocking + components', rss: false, loads: false }, engine, reference),
        peerRow({ system: 'DuckDB (SQL)', rss: true, loads: true }, duckdb, reference),
        peerRow({ system: 'PostgreSQL (SQL)', rss: false, loads: true }, postgres, reference),
      ],
      notes: notes({ clusters: links[0]?.clusters ?? 0, csvMb, url }),
    }
  } finally {
    for (const f of [db, copy]) for (const suffix of ['', '-wal', '-shm']) rmSync(`${f}${suffix}`, { force: true })
    rmSync(csv, { force: true })
  }
}

function notes(o: { clusters: number; csvMb: string; url: string }): string[] {
  return [
    `The first two rows are the whole bulk link, as \`oneseller link\` runs it: first on a copy of the store as the import left it, then again on the same copy, reading the linkage profiles the first run kept; it cut ${o.clusters.toLocaleString('en-US')} clusters. They do much more than the rows below: they learn the weights by EM, score every candidate pair on its evidence, refuse weak bridges between groups (the guard against chaining) and store clusters and links with their evidence. Their components are therefore not comparable, and their candidate pairs are those below plus the pairs of holders of a large value that share a second one (corroborated pairs, docs/linkage.md §4), which the rows below do not look for.`,
    `The other rows only block and cluster, on the same input: the (account, key) rows of the keys that bring candidate pairs (personal values and near-match bands not shared by design; ${o.csvMb} MB of CSV), taken from the engine's own linkage index. Blocking: all pairs of the holders of a key held by at most 24 accounts; for a larger key each holder with the next and with each of the first 4. Components: all candidate pairs joined, without weights or guard; every account counts, those in no pair as components of their own.`,
    "engine: forEachCandidatePair with deduplication and UnionFind, in one process, single-threaded, on the index already in memory (so no load). DuckDB and PostgreSQL: the same rule in SQL (window functions and self-joins), then connected components by iterated min-label propagation with pointer jumping (rounds until no label changes); each run starts from an empty database and loads the CSV (DuckDB read_csv, PostgreSQL COPY), each phase timed apart. PostgreSQL's peak RSS is the server's, not measured.",
    `seconds (median), min and max are blocking + components, without the load; the ratio is that median over the engine's. Candidate pairs and components must be the same in every row for a ratio to be shown. PostgreSQL: ${displayUrl(o.url)} (DATABASE_URL), a schema of its own dropped afterwards.`,
  ]
}

if (isMain(import.meta.url)) {
  const accounts = Number(process.argv[2] ?? 100_000)
  const runs = Number(process.argv[3] ?? 3)
  console.log(renderMarkdown(await benchLink(accounts, runs)))
}
