import type Database from 'better-sqlite3'
import { LinkageSummaryBuilder, type LinkageSummaryData } from '../../../core/features/index.ts'
import {
  type Evidence,
  encodeLinkKinds,
  type LinkageWeights,
  linkKindMask,
  weighedKinds,
} from '../../../core/linkage/index.ts'
import type { Instant } from '../../../core/time.ts'
import {
  type ClusterReadOptions,
  type ClusterView,
  type LinkageRun,
  type LinkageStore,
  type StoredLink,
  strongestLinkFirst,
} from '../../../ports/index.ts'
import type { BulkRead, SqliteBulkReader } from './sqlite-bulk-reader.ts'
import { toStorageError } from './sqlite-errors.ts'
import { type SqliteStatements, statementsOf } from './sqlite-statements.ts'

interface LinkRow {
  a: string
  b: string
  score: number
  evidence: string
}

const fromLinkRow = (r: LinkRow): StoredLink => ({
  a: r.a,
  b: r.b,
  score: r.score,
  evidence: JSON.parse(r.evidence) as Evidence[],
})

/** Linkage runs in the same SQLite file as the events (migration 2). */
export class SqliteLinkageStore implements LinkageStore {
  /** The reads of one account's cluster, prepared once per connection (the server makes them on every decision). */
  private readonly sql: SqliteStatements

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly bulkReader: SqliteBulkReader,
  ) {
    this.sql = statementsOf(db)
  }

  async saveLinkage(run: LinkageRun): Promise<number> {
    try {
      return this.db.transaction(() => {
        const last = this.db.prepare('SELECT max(version) FROM linkage_weights').pluck().get() as number | null
        const version = (last ?? 0) + 1
        const weights = { ...run.weights, version }
        this.db.prepare('INSERT INTO linkage_weights VALUES (?, ?, ?)').run(version, run.at, JSON.stringify(weights))
        this.db.exec('DELETE FROM clusters; DELETE FROM links')
        const cluster = this.db.prepare('INSERT INTO clusters (account, cluster, control_change_at) VALUES (?, ?, ?)')
        for (const [account, id] of run.clusters) cluster.run(account, id, run.controlChanges.get(account) ?? null)
        const link = this.db.prepare(
          'INSERT OR REPLACE INTO links (a, b, score, evidence, kinds) VALUES (?, ?, ?, ?, ?)',
        )
        for (const l of run.links) {
          link.run(l.a, l.b, l.score, JSON.stringify(l.evidence), encodeLinkKinds(weighedKinds(l.evidence)))
        }
        return version
      })()
    } catch (e) {
      throw toStorageError(e, 'saving a linkage run', this.file)
    }
  }

  async clusterOf(account: string, options: ClusterReadOptions = {}): Promise<ClusterView | undefined> {
    try {
      // One read transaction: a save committing in between cannot pair one run's members with the next one's links.
      return this.db.transaction((): ClusterView | undefined => {
        const cluster = this.sql.pluck('SELECT cluster FROM clusters WHERE account = ?').get(account) as
          | string
          | undefined
        if (cluster === undefined) return undefined
        const members = this.sql
          .pluck('SELECT account FROM clusters WHERE cluster = ? ORDER BY account')
          .all(cluster) as string[]
        const version = (this.sql.pluck('SELECT max(version) FROM linkage_weights').get() as number | null) ?? 0
        const view = { cluster, members, weightsVersion: version }
        if (options.strongest === undefined) {
          const links = (
            this.sql
              .rows(`SELECT l.a, l.b, l.score, l.evidence FROM links l JOIN clusters c ON c.account = l.a
                     WHERE c.cluster = ? ORDER BY l.score DESC, l.a, l.b`)
              .all(cluster) as LinkRow[]
          ).map(fromLinkRow)
          return { ...view, links, linkCount: links.length }
        }
        // Scores first, then the evidence of the strongest alone: a link's evidence (kilobytes, past the row's first
        // page) is read only for the links returned.
        const scored = (
          this.sql
            .rows('SELECT l.a, l.b, l.score FROM links l JOIN clusters c ON c.account = l.a WHERE c.cluster = ?')
            .all(cluster) as { a: string; b: string; score: number }[]
        ).sort(strongestLinkFirst)
        const evidenceOf = this.sql.pluck('SELECT evidence FROM links WHERE a = ? AND b = ?')
        const links = scored
          .slice(0, Math.max(0, options.strongest))
          .map((l) => fromLinkRow({ ...l, evidence: evidenceOf.get(l.a, l.b) as string }))
        return { ...view, links, linkCount: scored.length }
      })()
    } catch (e) {
      throw toStorageError(e, 'reading a cluster', this.file)
    }
  }

  async readLinkageSummary(account?: string): Promise<LinkageSummaryData> {
    try {
      if (account === undefined) return await this.bulkReader.read((r) => readWholeRun(r))
      // One read transaction: a save committing in between cannot pair this run's clusters with the next one's links.
      return this.db.transaction(() => {
        const builder = new LinkageSummaryBuilder()
        const ofCluster = 'WHERE c.cluster = (SELECT cluster FROM clusters WHERE account = ?)'
        // One account's cluster (every decision reads it): statements prepared once.
        const clusters = this.sql
          .raw(`SELECT c.account, c.cluster, c.control_change_at FROM clusters c ${ofCluster}`)
          .iterate(account) as Iterable<[string, string, number | null]>
        for (const [member, cluster, at] of clusters) builder.addAccount(member, cluster, at)
        const links = this.sql
          .raw(`SELECT l.a, l.b, l.score, l.kinds FROM links l JOIN clusters c ON c.account = l.a ${ofCluster}`)
          .iterate(account) as Iterable<[string, string, number, string]>
        for (const [a, b, score, kinds] of links) builder.addLink(a, b, score, linkKindMask(kinds))
        return builder.finish()
      })()
    } catch (e) {
      throw toStorageError(e, 'reading the latest linkage run', this.file)
    }
  }

  async listWeights(): Promise<readonly { version: number; at: Instant; weights: LinkageWeights }[]> {
    try {
      return (
        this.db.prepare('SELECT * FROM linkage_weights ORDER BY version DESC').all() as {
          version: number
          at: number
          weights: string
        }[]
      ).map((r) => ({ version: r.version, at: r.at as Instant, weights: JSON.parse(r.weights) as LinkageWeights }))
    } catch (e) {
      throw toStorageError(e, 'reading linkage weights', this.file)
    }
  }
}

/**
 * The whole latest run, in one read transaction of the bulk reader (a save committing in between cannot pair this
 * run's clusters with the next one's links), a turn of the event loop given every so many rows.
 */
async function readWholeRun({ db, row }: BulkRead): Promise<LinkageSummaryData> {
  const builder = new LinkageSummaryBuilder()
  const clusters = db.prepare('SELECT account, cluster, control_change_at FROM clusters').raw().iterate() as Iterable<
    [string, string, number | null]
  >
  for (const [member, cluster, at] of clusters) {
    builder.addAccount(member, cluster, at)
    const turn = row()
    if (turn) await turn
  }
  const links = db.prepare('SELECT a, b, score, kinds FROM links').raw().iterate() as Iterable<
    [string, string, number, string]
  >
  for (const [a, b, score, kinds] of links) {
    builder.addLink(a, b, score, linkKindMask(kinds))
    const turn = row()
    if (turn) await turn
  }
  return builder.finish()
}
