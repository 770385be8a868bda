// Blocking and connected components in plain SQL, as a data team would write them; the same text runs on DuckDB and
// PostgreSQL. Input: a table holders(account integer, key integer), one row per account holding a blocking key.
import { HUBS_PER_KEY } from '../../src/core/linkage/candidate-pairs.ts'
import { ALL_PAIRS_MAX_DEGREE } from '../../src/core/linkage/index.ts'

/** The little the SQL needs to know of a database. */
export interface SqlSession {
  run(sql: string): Promise<void>
  /** The first column of the first row, as a number. */
  value(sql: string): Promise<number>
}

/** Where the two databases want different statements. */
export interface SqlDialect {
  /** How a scratch table is created: PostgreSQL need not write-ahead-log tables that are rebuilt every run. */
  readonly createTable: 'CREATE TABLE' | 'CREATE UNLOGGED TABLE'
  /** PostgreSQL keeps no statistics of a table made by CREATE TABLE AS until ANALYZE; DuckDB keeps them itself. */
  readonly analyze: boolean
}

export const DUCKDB_DIALECT: SqlDialect = { createTable: 'CREATE TABLE', analyze: false }
export const POSTGRES_DIALECT: SqlDialect = { createTable: 'CREATE UNLOGGED TABLE', analyze: true }

async function createTable(s: SqlSession, d: SqlDialect, name: string, query: string): Promise<void> {
  await s.run(`${d.createTable} ${name} AS ${query}`)
  if (d.analyze) await s.run(`ANALYZE ${name}`)
}

/**
 * The candidate rule of forEachCandidatePair: a key held by at most ALL_PAIRS_MAX_DEGREE accounts gives every pair of
 * its holders; a larger one gives each holder with the next (by account number) and with each of the first
 * HUBS_PER_KEY holders. Holders are numbered i = 0.. within their key in ascending account order, as in the index.
 */
const CANDIDATE_PAIRS = `
SELECT DISTINCT a, b FROM (
  SELECT x.account AS a, y.account AS b
  FROM ranked x JOIN ranked y ON y.key = x.key AND y.i > x.i
  WHERE x.d <= ${ALL_PAIRS_MAX_DEGREE}
  UNION ALL
  SELECT x.account, y.account
  FROM ranked x JOIN ranked y ON y.key = x.key AND y.i = x.i + 1
  WHERE x.d > ${ALL_PAIRS_MAX_DEGREE}
  UNION ALL
  SELECT x.account, y.account
  FROM ranked x JOIN ranked y ON y.key = x.key AND y.i >= x.i + 2
  WHERE x.d > ${ALL_PAIRS_MAX_DEGREE} AND x.i < ${HUBS_PER_KEY}
) candidates`

/** Builds `pairs(a, b)`, a < b, deduplicated, from `holders`. */
export async function blockCandidates(s: SqlSession, d: SqlDialect): Promise<void> {
  await createTable(
    s,
    d,
    'ranked',
    `SELECT key, account, i, d FROM (
       SELECT key, account,
              CAST(row_number() OVER (PARTITION BY key ORDER BY account) - 1 AS integer) AS i,
              CAST(count(*) OVER (PARTITION BY key) AS integer) AS d
       FROM holders) h
     WHERE d >= 2`,
  )
  await createTable(s, d, 'pairs', CANDIDATE_PAIRS)
}

/**
 * One round: every account takes the smallest label among its own and its neighbours' (hop), then the label of the
 * account its label names (jump: labels are account numbers of the same component, so this halves long paths).
 */
const NEXT_LABELS = `
WITH hop AS (
  SELECT l.node, least(l.label, m.label) AS label
  FROM labels l
  JOIN (SELECT e.src AS node, min(n.label) AS label
        FROM edges e JOIN labels n ON n.node = e.dst
        GROUP BY e.src) m ON m.node = l.node)
SELECT h.node, j.label FROM hop h JOIN hop j ON j.node = h.label`

/**
 * Connected components of `pairs` by iterated min-label propagation, into `labels(node, label)`: label = the
 * smallest account number of the node's component. Labels only ever decrease, so a round that leaves their sum
 * unchanged changed none and the labels are final. Returns the number of rounds.
 */
export async function connectComponents(s: SqlSession, d: SqlDialect): Promise<number> {
  await createTable(s, d, 'edges', 'SELECT a AS src, b AS dst FROM pairs UNION ALL SELECT b, a FROM pairs')
  await createTable(s, d, 'labels', 'SELECT src AS node, least(src, min(dst)) AS label FROM edges GROUP BY src')
  let sum = await s.value('SELECT coalesce(sum(label), 0) FROM labels')
  for (let rounds = 1; ; rounds++) {
    await createTable(s, d, 'next_labels', NEXT_LABELS)
    await s.run('DROP TABLE labels')
    await s.run('ALTER TABLE next_labels RENAME TO labels')
    const next = await s.value('SELECT coalesce(sum(label), 0) FROM labels')
    if (next === sum) return rounds
    sum = next
  }
}

/** Candidate pairs and components over `accounts` accounts (those in no pair are components of their own). */
export async function countComponents(
  s: SqlSession,
  accounts: number,
): Promise<{ candidatePairs: number; components: number }> {
  const candidatePairs = await s.value('SELECT count(*) FROM pairs')
  const nodes = await s.value('SELECT count(*) FROM labels')
  const labels = await s.value('SELECT count(DISTINCT label) FROM labels')
  return { candidatePairs, components: accounts - nodes + labels }
}

/** Drops what a run created, so that the next one starts from nothing. */
export async function dropTables(s: SqlSession): Promise<void> {
  for (const t of ['next_labels', 'labels', 'edges', 'pairs', 'ranked', 'holders'])
    await s.run(`DROP TABLE IF EXISTS ${t}`)
}
