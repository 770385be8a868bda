// Test support: a generated marketplace parsed once per test file, grouped by account.
import { type InterchangeRecord, parseRecordLine } from '../core/interchange/index.ts'
import type { TruthRow } from './cohort.ts'
import { generateMarketplace } from './generate-marketplace.ts'

/** One generated account: its records in file order and its truth row. */
export interface FixtureAccount {
  readonly id: string
  readonly records: readonly InterchangeRecord[]
  readonly truth: TruthRow
}

/** A parsed marketplace and the lines that failed to parse. */
export interface Fixture {
  readonly accounts: readonly FixtureAccount[]
  readonly lineCount: number
  readonly rejected: readonly string[]
}

const cache = new Map<string, Fixture>()

/** Generates and parses `accounts` accounts for `seed` (memoised: tests share one marketplace). */
export function loadFixture(accounts: number, seed: number): Fixture {
  const key = `${accounts}/${seed}`
  const hit = cache.get(key)
  if (hit) return hit
  const out: FixtureAccount[] = []
  const rejected: string[] = []
  let lineCount = 0
  for (const cohort of generateMarketplace({ accounts, seed })) {
    let at = 0
    cohort.truth.forEach((truth, k) => {
      const span = cohort.spans[k] ?? 0
      const records: InterchangeRecord[] = []
      for (const line of cohort.lines.slice(at, at + span)) {
        lineCount++
        const parsed = parseRecordLine(line)
        if (parsed.ok) records.push(parsed.value.record)
        else rejected.push(`${JSON.stringify(parsed.error)} in ${line.slice(0, 200)}`)
      }
      at += span
      out.push({ id: truth.account, records, truth })
    })
  }
  const fixture = { accounts: out, lineCount, rejected }
  cache.set(key, fixture)
  return fixture
}

/** All records of one type across the fixture, with their account. */
export function recordsOfType<T extends InterchangeRecord['type']>(
  fixture: Fixture,
  type: T,
): { readonly account: FixtureAccount; readonly record: Extract<InterchangeRecord, { type: T }> }[] {
  const out: { account: FixtureAccount; record: Extract<InterchangeRecord, { type: T }> }[] = []
  for (const account of fixture.accounts) {
    for (const record of account.records) {
      if (record.type === type) out.push({ account, record: record as Extract<InterchangeRecord, { type: T }> })
    }
  }
  return out
}
