// FEBRL person deduplication through oneseller: map each record to an interchange `account`, import, link, score.
// Usage: node --import tsx bench/quality/febrl.ts [path/to/datasetN.csv ...]
// The ground truth (rec-N-org / rec-N-dup-k) is read only for scoring, never while linking.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { evaluateClusters } from '../../src/app/index.ts'
import { openApp, openLineFile } from '../../src/compose.ts'
import { isMain } from '../harness.ts'

/** The exact mapping from a FEBRL record to an interchange account record (documented in docs/quality.md). */
export function febrlToAccount(row: Record<string, string>, at: string): Record<string, unknown> {
  const v = (k: string) => (row[k] ?? '').trim()
  const dob = v('date_of_birth')
  const birthDate = /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6)}` : ''
  const validDate =
    birthDate !== '' &&
    !Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`)) &&
    new Date(`${birthDate}T00:00:00Z`).toISOString().startsWith(birthDate)
  const street = [v('street_number'), v('address_1')].filter(Boolean).join(' ')
  return {
    type: 'account',
    account: v('rec_id'),
    at,
    marketplace: 'AU',
    kind: 'individual',
    representative: {
      givenName: v('given_name'),
      familyName: v('surname'),
      ...(validDate ? { birthDate } : {}),
      ...(v('soc_sec_id') ? { document: { type: 'national_id', country: 'AU', number: v('soc_sec_id') } } : {}),
    },
    addresses: [
      {
        role: 'business',
        lines: [street, v('address_2')].filter(Boolean),
        city: v('suburb'),
        region: v('state'),
        postalCode: v('postcode'),
        country: 'AU',
      },
    ],
  }
}

/** Links one FEBRL file and returns its pairwise and B-cubed scores. */
export async function linkFebrl(file: string) {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[]
  const dir = mkdtempSync(join(tmpdir(), 'oneseller-febrl-'))
  try {
    const events = join(dir, 'events.ndjson')
    writeFileSync(events, `${rows.map((r) => JSON.stringify(febrlToAccount(r, '2024-01-01T00:00:00Z'))).join('\n')}\n`)
    const truth = rows.map((r) => ({
      account: r.rec_id!,
      operator: r.rec_id!.replace(/-(org|dup-\d+)$/, ''),
      role: 'person',
    }))
    const app = await openApp({ database: { kind: 'sqlite', file: join(dir, 'store.db') } })
    try {
      const report = await app.importRecords([openLineFile(events)])
      const { run } = await app.runLinkage()
      return {
        file: basename(file),
        records: rows.length,
        imported: report.stored,
        quality: evaluateClusters(truth, run.clusters),
      }
    } finally {
      await app.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  const files = process.argv.slice(2)
  for (const file of files) {
    const r = await linkFebrl(file)
    const p = r.quality.pairwise
    console.log(
      `${r.file}: ${r.imported}/${r.records} imported; pairwise P ${p.precision.toFixed(4)} R ${p.recall.toFixed(4)} F1 ${p.f1.toFixed(4)}; B-cubed F1 ${r.quality.bcubed.f1.toFixed(4)}`,
    )
  }
}
