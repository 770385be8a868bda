// Not part of `npm test` (bench code): node --import tsx --test bench/peers/*.test.ts
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  type EvidenceKind,
  forEachCandidatePair,
  type LinkageAccount,
  LinkageIndex,
  type LinkageKey,
} from '../../src/core/linkage/index.ts'
import { UnionFind } from '../../src/core/linkage/union-find.ts'
import { writeBlockingKeys } from './blocking-keys.ts'
import { blockCandidates, connectComponents, DUCKDB_DIALECT, type SqlSession } from './component-sql.ts'
import { measureDuckdb, openDuckdbSession } from './duckdb-peer.ts'
import { linkComponents } from './engine-components.ts'

const dir = mkdtempSync(join(tmpdir(), 'oneseller-component-sql-'))
after(() => rmSync(dir, { recursive: true, force: true }))

type KeySpec = readonly [kind: EvidenceKind, key: string, flags?: readonly string[]]

function anAccount(n: number, keys: readonly KeySpec[], listingImages: readonly string[] = []): LinkageAccount {
  return {
    id: `acct-${String(n).padStart(4, '0')}`,
    status: 'active',
    controlChangedAt: null,
    keys: keys.map(([kind, key, flags]): LinkageKey => ({ kind, key, flags, from: 0, until: null })),
    documentImages: [],
    listingImages,
    faces: [],
  }
}

function indexOf(accounts: readonly LinkageAccount[]): LinkageIndex {
  const index = new LinkageIndex()
  for (const a of accounts) index.add(a)
  index.finish()
  return index
}

/** A small deterministic generator (tests take no randomness from the environment). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

/** Loads the index's blocking keys into DuckDB, runs the SQL, and counts where it departs from the engine. */
async function departures(
  index: LinkageIndex,
): Promise<{ pairs: number; missing: number; extra: number; wrongLabels: number }> {
  const csv = join(dir, `keys-${index.size}.csv`)
  writeBlockingKeys(index, csv)
  const { session, close } = await openDuckdbSession()
  try {
    await session.run(
      `CREATE TABLE holders AS SELECT * FROM read_csv('${csv}', header = true, columns = {'account': 'INTEGER', 'key': 'INTEGER'})`,
    )
    await blockCandidates(session, DUCKDB_DIALECT)
    await connectComponents(session, DUCKDB_DIALECT)
    const expected = new Set<string>()
    const uf = new UnionFind(index.size)
    forEachCandidatePair(index, (a, b) => {
      expected.add(`(${a}, ${b})`)
      uf.union(a, b)
    })
    await insert(session, 'expected_pairs (a integer, b integer)', [...expected])
    const minOf = new Map<number, number>()
    for (let a = 0; a < index.size; a++) if (!minOf.has(uf.find(a))) minOf.set(uf.find(a), a)
    const labels = [...expected].length === 0 ? [] : nodesOf(index, uf, minOf)
    await insert(session, 'expected_labels (node integer, label integer)', labels)
    return {
      pairs: await session.value('SELECT count(*) FROM pairs'),
      missing: await session.value(
        'SELECT count(*) FROM (SELECT a, b FROM expected_pairs EXCEPT SELECT a, b FROM pairs) d',
      ),
      extra: await session.value(
        'SELECT count(*) FROM (SELECT a, b FROM pairs EXCEPT SELECT a, b FROM expected_pairs) d',
      ),
      wrongLabels: await session.value(
        'SELECT count(*) FROM expected_labels e FULL JOIN labels l ON l.node = e.node WHERE l.label IS DISTINCT FROM e.label',
      ),
    }
  } finally {
    close()
  }
}

/** The accounts in some candidate pair, each labelled with the smallest account of its component. */
function nodesOf(index: LinkageIndex, uf: UnionFind, minOf: Map<number, number>): string[] {
  const out: string[] = []
  for (let a = 0; a < index.size; a++) if (uf.sizeOf(a) > 1) out.push(`(${a}, ${minOf.get(uf.find(a))})`)
  return out
}

async function insert(session: SqlSession, table: string, rows: readonly string[]): Promise<void> {
  await session.run(`CREATE TABLE ${table}`)
  const name = table.split(' ')[0]
  for (let i = 0; i < rows.length; i += 1000)
    await session.run(`INSERT INTO ${name} VALUES ${rows.slice(i, i + 1000).join(', ')}`)
}

describe('blocking and components in SQL', () => {
  it('draws the pairs the engine draws and finds its components, key by key', async () => {
    const accounts: LinkageAccount[] = []
    // A key of 30 holders (a chain and 4 hubs), then a path of 40 accounts linked one to the next by phones (many
    // rounds of label propagation), then keys that must bring nothing: an address, a value shared by design.
    for (let i = 0; i < 30; i++) accounts.push(anAccount(accounts.length, [['email', 'big@example.com']]))
    for (let i = 0; i < 40; i++)
      accounts.push(
        anAccount(accounts.length, [
          ['phone', `+3361000${i}`],
          ['phone', `+3361000${i + 1}`],
        ]),
      )
    accounts.push(anAccount(accounts.length, [['address', 'FR|1 rue de la Paix']]))
    accounts.push(anAccount(accounts.length, [['address', 'FR|1 rue de la Paix']]))
    accounts.push(anAccount(accounts.length, [['email', 'agent@example.com', ['shared_by_design']]]))
    accounts.push(anAccount(accounts.length, [['email', 'agent@example.com', ['shared_by_design']]]))
    // Two listing photos 1 bit apart meet through a near-match band.
    accounts.push(anAccount(accounts.length, [], ['0123456789abcdef']))
    accounts.push(anAccount(accounts.length, [], ['0123456789abcdee']))
    accounts.push(anAccount(accounts.length, [['email', 'alone@example.com']]))
    const index = indexOf(accounts)
    const engine = linkComponents(index)
    assert.deepEqual(await departures(index), { pairs: engine.candidatePairs, missing: 0, extra: 0, wrongLabels: 0 })
    // 30 + 40 (+ the path's last phone) joined; the address and the shared-by-design pairs stay apart; the photos join.
    assert.equal(engine.components, 1 + 1 + 2 + 2 + 1 + 1)
  })

  it('agrees with the engine on many keys of every degree', async () => {
    const random = lcg(7)
    const accounts: LinkageAccount[] = []
    for (let n = 0; n < 600; n++) {
      const keys: KeySpec[] = []
      const count = 1 + Math.floor(random() * 3)
      // Squaring skews the draw: a few values are held by dozens of accounts, most by one or two.
      for (let k = 0; k < count; k++) keys.push(['device', `d${Math.floor(random() ** 2 * 400)}`])
      accounts.push(anAccount(n, keys))
    }
    const index = indexOf(accounts)
    const engine = linkComponents(index)
    assert.deepEqual(await departures(index), { pairs: engine.candidatePairs, missing: 0, extra: 0, wrongLabels: 0 })
    const csv = join(dir, 'measured.csv')
    writeBlockingKeys(index, csv)
    const report = await measureDuckdb(csv, { accounts: index.size, runs: 1 })
    assert.equal(report.kind, 'measured')
    if (report.kind === 'measured') assert.equal(report.runs[0]?.components, engine.components)
  })
})
