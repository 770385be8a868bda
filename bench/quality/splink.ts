// Splink's labelled person data sets through oneseller (deduplication): "historical figures with errors" (50k) and
// "fake 1000". Each row becomes an interchange `account`, imported into a temporary store, linked in bulk and scored.
// Usage: node --import tsx bench/quality/splink.ts [--missed N] [DATA_DIR | file.csv ...]
// With no file, the data folder is $ONESELLER_DATA. A file's columns say which data set it is. `--missed N` prints
// N of the true pairs left apart, with what each side declared.
// The `cluster` column (and the id inside `unique_id`) is read only for the truth, never while linking.
import { basename } from 'node:path'
import { compareNames, normalisePersonName } from '../../src/core/identifiers/index.ts'
import { isMain } from '../harness.ts'
import {
  address,
  dataFiles,
  isoDate,
  linkPersons,
  type PersonResult,
  type PersonTask,
  present,
  printResult,
  REGISTERED_AT,
  readCsvRows,
  representative,
} from './febrl.ts'

type Row = Record<string, string>

const value = (row: Row, column: string) => (row[column] ?? '').trim()

/**
 * A row of historical_figures_with_errors_50k: first name and surname as the representative (not `full_name`, which
 * carries titles such as "1st baron clifford of"), the birth date when it exists (`1850-81-01` does not), and an
 * address of the fake postcode with the birth place as its city, in GB (the people are British, the postcodes are UK
 * postcodes). Gender and occupation are not something a marketplace declares.
 */
export function historicalToAccount(row: Row, at: string): Record<string, unknown> {
  const rep = representative({
    givenName: value(row, 'first_name'),
    familyName: value(row, 'surname'),
    birthDate: isoDate(value(row, 'dob')),
  })
  const addr = address({
    lines: [],
    city: value(row, 'birth_place'),
    postalCode: value(row, 'postcode_fake'),
    country: 'GB',
  })
  return {
    type: 'account',
    account: value(row, 'unique_id'),
    at,
    marketplace: 'UK',
    kind: 'individual',
    ...(rep ? { representative: rep } : {}),
    ...(addr ? { addresses: [addr] } : {}),
  }
}

/**
 * A row of fake_1000: first name and surname, birth date, email, and the city as an address in GB: the cities are
 * British (London, Birmingham, Swansea, Belfast, Aberdeen...) and the data comes from the UK Ministry of Justice.
 */
export function fake1000ToAccount(row: Row, at: string): Record<string, unknown> {
  const rep = representative({
    givenName: value(row, 'first_name'),
    familyName: value(row, 'surname'),
    birthDate: isoDate(value(row, 'dob')),
  })
  const addr = address({ lines: [], city: value(row, 'city'), country: 'GB' })
  return {
    type: 'account',
    account: value(row, 'unique_id'),
    at,
    marketplace: 'UK',
    kind: 'individual',
    ...present({ email: value(row, 'email') }),
    ...(rep ? { representative: rep } : {}),
    ...(addr ? { addresses: [addr] } : {}),
  }
}

/** The task of one Splink file, recognised by its columns. */
export function splinkTask(file: string): PersonTask {
  const rows = readCsvRows(file)
  const columns = new Set(Object.keys(rows[0] ?? {}))
  const toAccount = columns.has('full_name')
    ? historicalToAccount
    : columns.has('email') && columns.has('city')
      ? fake1000ToAccount
      : undefined
  if (toAccount === undefined || !columns.has('unique_id') || !columns.has('cluster'))
    throw new Error(`${file}: neither historical_figures_with_errors_50k nor fake_1000 (columns ${[...columns]})`)
  return {
    name: basename(file),
    accounts: rows.map((r) => toAccount(r, REGISTERED_AT)),
    truth: rows.map((r) => ({ account: value(r, 'unique_id'), operator: value(r, 'cluster'), role: 'person' })),
  }
}

/** What an account declared that linkage can use on these data sets. */
interface Declared {
  readonly name: string
  readonly birthDate: string
  readonly email: string
}

function declared(account: Record<string, unknown>): Declared {
  const rep = (account.representative ?? {}) as Record<string, string | undefined>
  return {
    name: normalisePersonName(rep.givenName ?? '', rep.familyName ?? '').key,
    birthDate: rep.birthDate ?? '',
    email: String(account.email ?? '').toLowerCase(),
  }
}

/** Why a true pair may have been left apart, judged from what the two accounts declared (first cause that applies). */
function missedCause(a: Declared, b: Declared): string {
  if (a.email !== '' && a.email === b.email) return 'same email, not linked'
  if (a.name === '' || b.name === '') return 'no name on one side'
  if (a.birthDate === '' || b.birthDate === '') return 'no (valid) birth date on one side'
  if (a.birthDate !== b.birthDate) return 'birth dates differ'
  if (a.name === b.name) return 'same name and birth date, not linked'
  return compareNames(a.name, b.name) >= 0.9
    ? 'same birth date, similar names (>= 0.9), not linked'
    : 'same birth date, names not similar (< 0.9)'
}

/** The true pairs the clustering left apart, counted by cause; `sample` of them printed with what each side declared. */
function printMissedPairs(task: PersonTask, result: PersonResult, sample: number): void {
  const byId = new Map(task.accounts.map((a) => [String(a.account), declared(a)]))
  const groups = new Map<string, string[]>()
  for (const t of task.truth) groups.set(t.operator, [...(groups.get(t.operator) ?? []), t.account])
  const causes = new Map<string, number>()
  const missed: [string, string][] = []
  for (const members of groups.values())
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] = [members[i]!, members[j]!]
        const cx = result.clusters.get(x)
        if (cx !== undefined && cx === result.clusters.get(y)) continue
        const cause =
          cx === undefined || result.clusters.get(y) === undefined
            ? 'not imported'
            : missedCause(byId.get(x)!, byId.get(y)!)
        causes.set(cause, (causes.get(cause) ?? 0) + 1)
        missed.push([x, y])
      }
  const total = missed.length
  console.log(`  true pairs left apart: ${total}`)
  for (const [cause, n] of [...causes].sort((p, q) => q[1] - p[1]))
    console.log(`    ${n} (${((100 * n) / Math.max(1, total)).toFixed(1)}%) ${cause}`)
  const step = Math.max(1, Math.floor(total / Math.max(1, sample)))
  const show = (id: string) => {
    const d = byId.get(id)!
    return `${id} [${d.name || '-'} | ${d.birthDate || '-'}${d.email ? ` | ${d.email}` : ''}]`
  }
  for (let i = 0; i < total && i / step < sample; i += step) {
    const [x, y] = missed[i]!
    console.log(`    ${show(x)}  ~  ${show(y)}`)
  }
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2)
  const at = args.indexOf('--missed')
  const sample = at === -1 ? 0 : Number(args[at + 1] ?? 0)
  if (at !== -1) args.splice(at, 2)
  const files = dataFiles(
    args,
    ['splink_historical_50k/historical_figures_with_errors_50k.csv', 'splink_fake_1000/fake_1000.csv'],
    'usage: node --import tsx bench/quality/splink.ts [--missed N] [DATA_DIR | file.csv ...]  (or set ONESELLER_DATA=DATA_DIR)',
  )
  for (const file of files) {
    const task = splinkTask(file)
    const result = await linkPersons(task)
    printResult(result)
    printMissedPairs(task, result, sample)
  }
}
