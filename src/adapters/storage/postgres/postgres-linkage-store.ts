import type { Pool } from 'pg'
import { LinkageSummaryBuilder, type LinkageSummaryData } from '../../../core/features/index.ts'
import {
  type Evidence,
  encodeLinkKinds,
  type LinkageWeights,
  linkKindMask,
  weighedKinds,
} from '../../../core/linkage/index.ts'
import type { Instant } from '../../../core/time.ts'
import type { ClusterReadOptions, ClusterView, LinkageRun, LinkageStore, StoredLink } from '../../../ports/index.ts'
import { toPostgresError } from './postgres-errors.ts'
import { forEachRowBatch, inTransaction, slices } from './postgres-transaction.ts'

/** Serialises linkage saves of one store, so that weights versions are assigned one after the other. */
const LOCK_LINKAGE_WRITERS = `SELECT pg_advisory_xact_lock(hashtextextended('oneseller.linkage ' || current_schema(), 0))`

interface LinkRow {
  a: string
  b: string
  score: number
  evidence: Evidence[]
}

/** Linkage runs in the same PostgreSQL database as the events (migration 2). */
export class PostgresLinkageStore implements LinkageStore {
  constructor(
    private readonly pool: Pool,
    private readonly label: string,
  ) {}

  async saveLinkage(run: LinkageRun): Promise<number> {
    try {
      return await inTransaction(this.pool, async (client) => {
        await client.query(LOCK_LINKAGE_WRITERS)
        const { rows } = await client.query<{ last: number }>(
          'SELECT coalesce(max(version), 0) AS last FROM linkage_weights',
        )
        const version = rows[0]!.last + 1
        await client.query('INSERT INTO linkage_weights (version, at, weights) VALUES ($1, $2, $3::json)', [
          version,
          run.at,
          JSON.stringify({ ...run.weights, version }),
        ])
        // DELETE rather than TRUNCATE: readers keep seeing the previous run until this one commits.
        await client.query('DELETE FROM clusters')
        await client.query('DELETE FROM links')
        for (const slice of slices([...run.clusters])) {
          await client.query(
            `INSERT INTO clusters (account, cluster, control_change_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`,
            [
              slice.map(([account]) => account),
              slice.map(([, cluster]) => cluster),
              slice.map(([account]) => run.controlChanges.get(account) ?? null),
            ],
          )
        }
        // A pair given twice keeps its last link, as the SQLite store's INSERT OR REPLACE does.
        const links = [...new Map(run.links.map((l) => [`${l.a}\u0000${l.b}`, l])).values()]
        for (const slice of slices(links)) {
          await client.query(
            `INSERT INTO links (a, b, score, evidence, kinds)
             SELECT * FROM unnest($1::text[], $2::text[], $3::double precision[], $4::json[], $5::text[])`,
            [
              slice.map((l) => l.a),
              slice.map((l) => l.b),
              slice.map((l) => l.score),
              slice.map((l) => JSON.stringify(l.evidence)),
              slice.map((l) => encodeLinkKinds(weighedKinds(l.evidence))),
            ],
          )
        }
        return version
      })
    } catch (e) {
      throw toPostgresError(e, 'saving a linkage run', this.label)
    }
  }

  async clusterOf(account: string, options: ClusterReadOptions = {}): Promise<ClusterView | undefined> {
    const { strongest } = options
    try {
      return await inTransaction(
        this.pool,
        async (client) => {
          const found = await client.query<{ cluster: string }>('SELECT cluster FROM clusters WHERE account = $1', [
            account,
          ])
          const cluster = found.rows[0]?.cluster
          if (cluster === undefined) return undefined
          const members = await client.query<{ account: string }>(
            'SELECT account FROM clusters WHERE cluster = $1 ORDER BY account',
            [cluster],
          )
          // Ids in code-point order (the "C" collation), as the SQLite store and strongestLinkFirst order them.
          const links = await client.query<LinkRow>(
            `SELECT l.a, l.b, l.score, l.evidence FROM links l JOIN clusters c ON c.account = l.a
             WHERE c.cluster = $1 ORDER BY l.score DESC, l.a COLLATE "C", l.b COLLATE "C"
             ${strongest === undefined ? '' : 'LIMIT $2'}`,
            strongest === undefined ? [cluster] : [cluster, Math.max(0, strongest)],
          )
          const linkCount =
            strongest === undefined
              ? links.rows.length
              : (
                  await client.query<{ n: number }>(
                    'SELECT count(*)::int AS n FROM links l JOIN clusters c ON c.account = l.a WHERE c.cluster = $1',
                    [cluster],
                  )
                ).rows[0]!.n
          const version = await client.query<{ last: number }>(
            'SELECT coalesce(max(version), 0) AS last FROM linkage_weights',
          )
          return {
            cluster,
            members: members.rows.map((r) => r.account),
            links: links.rows.map((r): StoredLink => ({ a: r.a, b: r.b, score: r.score, evidence: r.evidence })),
            linkCount,
            weightsVersion: version.rows[0]!.last,
          }
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      )
    } catch (e) {
      throw toPostgresError(e, 'reading a cluster', this.label)
    }
  }

  async readLinkageSummary(account?: string): Promise<LinkageSummaryData> {
    if (account !== undefined) return this.readClusterSummary(account)
    try {
      return await inTransaction(
        this.pool,
        async (client) => {
          const builder = new LinkageSummaryBuilder()
          await forEachRowBatch<{ account: string; cluster: string; at: number | null }>(
            client,
            'SELECT account, cluster, control_change_at AS at FROM clusters ORDER BY account',
            (rows) => {
              for (const r of rows) builder.addAccount(r.account, r.cluster, r.at)
            },
          )
          await forEachRowBatch<{ a: string; b: string; score: number; kinds: string }>(
            client,
            'SELECT a, b, score, kinds FROM links ORDER BY a, b',
            (rows) => {
              for (const r of rows) builder.addLink(r.a, r.b, r.score, linkKindMask(r.kinds))
            },
          )
          return builder.finish()
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      )
    } catch (e) {
      throw toPostgresError(e, 'reading the latest linkage run', this.label)
    }
  }

  /** One account's cluster in columns: small, so plain queries in one snapshot rather than cursors. */
  private async readClusterSummary(account: string): Promise<LinkageSummaryData> {
    try {
      return await inTransaction(
        this.pool,
        async (client) => {
          const builder = new LinkageSummaryBuilder()
          const ofCluster = 'WHERE c.cluster = (SELECT cluster FROM clusters WHERE account = $1)'
          const members = await client.query<{ account: string; cluster: string; at: number | null }>(
            `SELECT c.account, c.cluster, c.control_change_at AS at FROM clusters c ${ofCluster} ORDER BY c.account`,
            [account],
          )
          for (const r of members.rows) builder.addAccount(r.account, r.cluster, r.at === null ? null : Number(r.at))
          const links = await client.query<{ a: string; b: string; score: number; kinds: string }>(
            `SELECT l.a, l.b, l.score, l.kinds FROM links l JOIN clusters c ON c.account = l.a ${ofCluster} ORDER BY l.a, l.b`,
            [account],
          )
          for (const r of links.rows) builder.addLink(r.a, r.b, r.score, linkKindMask(r.kinds))
          return builder.finish()
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      )
    } catch (e) {
      throw toPostgresError(e, "reading an account's cluster", this.label)
    }
  }

  async listWeights(): Promise<readonly { version: number; at: Instant; weights: LinkageWeights }[]> {
    try {
      const { rows } = await this.pool.query<{ version: number; at: number; weights: LinkageWeights }>(
        'SELECT version, at, weights FROM linkage_weights ORDER BY version DESC',
      )
      return rows.map((r) => ({ version: r.version, at: r.at as Instant, weights: r.weights }))
    } catch (e) {
      throw toPostgresError(e, 'reading linkage weights', this.label)
    }
  }
}
