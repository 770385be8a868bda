// FEBRL person deduplication through oneseller: map each record to an interchange `account`, import, link, score.
// Usage: node --import tsx bench/quality/febrl.ts [DATA_DIR | path/to/datasetN.csv ...]
// With no argument, the data folder is $ONESELLER_DATA (its febrl/dataset1.csv, dataset2.csv, dataset3.csv).
// The ground truth (rec-N-org / rec-N-dup-k) is read only for scoring, never while linking.
// The helpers below (mapping, import/link/score, data folder) are shared with the other person data sets.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { evaluateClusters } from '../../src/app/index.ts'
import { openApp, openLineFile } from '../../src/compose.ts'
import type { ClusterQuality, TruthRow } from '../../src/core/evaluation/index.ts'
import { isMain } from '../harness.ts'

/** The registration time given to every mapped account: the data sets have no time. */
export const REGISTERED_AT = '2024-01-01T00:00:00Z'

/** Exit code of a usage error (as the CLI). */
const EX_USAGE = 64

/** Reads a CSV with a header row into objects (values trimmed; an empty field is ''). */
export function readCsvRows(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[]
}

/** A `YYYY-MM-DD` date that exists, else undefined (`1850-81-01`, `1971-02-30` and partial dates are dropped). */
export function isoDate(text: string | undefined): string | undefined {
  const t = (text ?? '').trim()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return undefined
  const ms = Date.parse(`${t}T00:00:00Z`)
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(t) ? t : undefined
}

/**
 * The object without its missing values: a field that is undefined or a blank string is left out, so that nothing
 * empty is ever declared (a blank name, city or postcode is not a value the seller gave).
 */
export function present(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) continue
    out[k] = typeof v === 'string' ? v.trim() : v
  }
  return out
}

/**
 * The `representative` of an account, or undefined when the record has no name at all: the interchange format
 * requires a name for a representative (oneseller accepts one of the two), so a nameless record registers without
 * one instead of being rejected whole (its other evidence, such as an email, is kept; its birth date and identity
 * document, which belong to the representative, are lost).
 */
export function representative(fields: {
  givenName?: string | undefined
  familyName?: string | undefined
  birthDate?: string | undefined
  document?: Record<string, unknown> | undefined
}): Record<string, unknown> | undefined {
  const rep = present(fields)
  return rep.givenName === undefined && rep.familyName === undefined ? undefined : rep
}

/**
 * An address made of what exists, or undefined when none of its parts does. `lines` is required by the format and
 * may be empty (oneseller derives no address identifier from an address without a street line).
 */
export function address(fields: {
  lines: readonly (string | undefined)[]
  city?: string | undefined
  region?: string | undefined
  postalCode?: string | undefined
  country: string
}): Record<string, unknown> | undefined {
  const lines = fields.lines.map((l) => (l ?? '').trim()).filter((l) => l !== '')
  const parts = present({ city: fields.city, region: fields.region, postalCode: fields.postalCode })
  if (lines.length === 0 && Object.keys(parts).length === 0) return undefined
  return { role: 'business', lines, ...parts, country: fields.country }
}

/** The exact mapping from a FEBRL record to an interchange account record (documented in docs/quality.md). */
export function febrlToAccount(row: Record<string, string>, at: string): Record<string, unknown> {
  const v = (k: string) => (row[k] ?? '').trim()
  const dob = v('date_of_birth')
  const birthDate = /^\d{8}$/.test(dob) ? isoDate(`${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6)}`) : undefined
  const street = [v('street_number'), v('address_1')].filter(Boolean).join(' ')
  const rep = representative({
    givenName: v('given_name'),
    familyName: v('surname'),
    birthDate,
    document: v('soc_sec_id') ? { type: 'national_id', country: 'AU', number: v('soc_sec_id') } : undefined,
  })
  const addr = address({
    lines: [street, v('address_2')],
    city: v('suburb'),
    region: v('state'),
    postalCode: v('postcode'),
    country: 'AU',
  })
  return {
    type: 'account',
    account: v('rec_id'),
    at,
    marketplace: 'AU',
    kind: 'individual',
    ...(rep ? { representative: rep } : {}),
    ...(addr ? { addresses: [addr] } : {}),
  }
}

/** One deduplication task: the mapped account records (one per input row, in row order) and the ground truth. */
export interface PersonTask {
  readonly name: string
  readonly accounts: readonly Record<string, unknown>[]
  readonly truth: readonly TruthRow[]
}

export interface PersonResult {
  readonly name: string
  readonly records: number
  readonly imported: number
  readonly duplicate: number
  readonly rejected: number
  /** Rejected lines by `field: reason`, with a few of their account ids. */
  readonly rejectedBy: ReadonlyMap<string, { count: number; examples: string[] }>
  readonly importSeconds: number
  readonly linkSeconds: number
  readonly quality: ClusterQuality
  /** account → predicted cluster. */
  readonly clusters: ReadonlyMap<string, string>
}

/** An account id that says nothing of the truth: the data sets' ids hold it (`rec-223-dup-1`, `Q2296770-3`). */
function opaqueId(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 16)
}

/**
 * Imports a task's accounts into a fresh temporary store, links them in bulk and scores the clusters. The engine
 * sees opaque account ids, in an order unrelated to the truth (the files list each entity's records together, and
 * the order of holders matters where a large key pairs its holders in a chain).
 */
export async function linkPersons(task: PersonTask): Promise<PersonResult> {
  const idOf = new Map(task.accounts.map((a) => [opaqueId(String(a.account)), String(a.account)]))
  const accounts = task.accounts
    .map((a) => ({ ...a, account: opaqueId(String(a.account)) }))
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0))
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-quality-'))
  try {
    const events = join(dir, 'events.ndjson')
    writeFileSync(events, `${accounts.map((a) => JSON.stringify(a)).join('\n')}\n`)
    const app = await openApp({ database: { kind: 'sqlite', file: join(dir, 'store.db') } })
    try {
      const rejectedBy = new Map<string, { count: number; examples: string[] }>()
      const seenLines = new Set<number>()
      const started = performance.now()
      const report = await app.importRecords([openLineFile(events)], {
        onRejected: (r) => {
          // A line with several problems is counted once, under its first.
          if (seenLines.has(r.lineNo)) return
          seenLines.add(r.lineNo)
          const reason = `${r.field}: ${r.message}`
          const held = rejectedBy.get(reason) ?? { count: 0, examples: [] }
          held.count += 1
          if (held.examples.length < 5) held.examples.push(idOf.get(accounts[r.lineNo - 1]?.account ?? '') ?? '?')
          rejectedBy.set(reason, held)
        },
      })
      const imported = performance.now()
      const { run } = await app.runLinkage()
      const linked = performance.now()
      const clusters = new Map([...run.clusters].map(([a, c]) => [idOf.get(a) ?? a, idOf.get(c) ?? c]))
      return {
        name: task.name,
        records: task.accounts.length,
        imported: report.stored,
        duplicate: report.duplicate,
        rejected: report.rejected,
        rejectedBy,
        importSeconds: (imported - started) / 1000,
        linkSeconds: (linked - imported) / 1000,
        quality: evaluateClusters(task.truth, clusters),
        clusters,
      }
    } finally {
      await app.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Prints one task's figures. */
export function printResult(r: PersonResult): void {
  const p = r.quality.pairwise
  const b = r.quality.bcubed
  const f = (x: number) => x.toFixed(4)
  console.log(
    `${r.name}: ${r.records} records, ${r.imported} imported, ${r.duplicate} duplicate, ${r.rejected} rejected`,
  )
  for (const [reason, { count, examples }] of r.rejectedBy)
    console.log(`  rejected ${count}: ${reason} (e.g. ${examples.join(', ')})`)
  console.log(
    `  pairwise P ${f(p.precision)} R ${f(p.recall)} F1 ${f(p.f1)} (true pairs ${p.truePairs}, predicted ${p.predictedPairs}, correct ${p.correctPairs})`,
  )
  console.log(`  B-cubed P ${f(b.precision)} R ${f(b.recall)} F1 ${f(b.f1)}; clusters ${r.quality.clusters}`)
  console.log(`  import ${r.importSeconds.toFixed(1)} s, link ${r.linkSeconds.toFixed(1)} s`)
}

/**
 * The input files of a quality script. Each argument is a CSV file, or a data folder (the shared data sets) whose
 * `defaults` are used; with no argument the data folder is $ONESELLER_DATA. Exits with a usage error when there is
 * neither, or when a file is missing.
 */
export function dataFiles(args: readonly string[], defaults: readonly string[], usage: string): string[] {
  const fail = (message: string): never => {
    console.error(`${message}\n${usage}`)
    process.exit(EX_USAGE)
  }
  const env = process.env.ONESELLER_DATA
  const given = args.length > 0 ? args : env !== undefined && env !== '' ? [env] : []
  if (given.length === 0) fail('no data: pass the data folder or the CSV files, or set ONESELLER_DATA')
  const files = given.flatMap((a) =>
    existsSync(a) && statSync(a).isDirectory() ? defaults.map((d) => join(a, d)) : [a],
  )
  for (const f of files) if (!existsSync(f)) fail(`no such file: ${f}`)
  return files
}

/** The FEBRL task of one file: the truth is the number in `rec_id` (rec-N-org, rec-N-dup-k). */
export function febrlTask(file: string): PersonTask {
  const rows = readCsvRows(file)
  return {
    name: basename(file),
    accounts: rows.map((r) => febrlToAccount(r, REGISTERED_AT)),
    truth: rows.map((r) => ({
      account: r.rec_id!,
      operator: r.rec_id!.replace(/-(org|dup-\d+)$/, ''),
      role: 'person',
    })),
  }
}

/** Links one FEBRL file and returns its figures. */
export async function linkFebrl(file: string): Promise<PersonResult> {
  return linkPersons(febrlTask(file))
}

if (isMain(import.meta.url)) {
  const files = dataFiles(
    process.argv.slice(2),
    ['febrl/dataset1.csv', 'febrl/dataset2.csv', 'febrl/dataset3.csv'],
    'usage: node --import tsx bench/quality/febrl.ts [DATA_DIR | datasetN.csv ...]  (or set ONESELLER_DATA=DATA_DIR)',
  )
  for (const file of files) printResult(await linkFebrl(file))
}
