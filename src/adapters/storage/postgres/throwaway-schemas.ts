// Test support: every test gets its own schema in the database DATABASE_URL names, dropped when it is done, so that
// parallel test runs against one server never see each other's tables.
import { randomBytes } from 'node:crypto'
import { escapeIdentifier, Pool } from 'pg'
import type { EventStore } from '../../../ports/index.ts'

/** Creates schemas named `oneseller_test_<random>` and drops them again. */
export class ThrowawaySchemas {
  private readonly admin: Pool
  private readonly live = new Set<string>()

  constructor(private readonly url: string) {
    this.admin = new Pool({ connectionString: url, max: 2 })
  }

  /** A new, empty schema; returns the URL whose search_path selects it. */
  async create(): Promise<{ readonly schema: string; readonly url: string }> {
    const schema = `oneseller_test_${randomBytes(6).toString('hex')}`
    await this.admin.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`)
    this.live.add(schema)
    const u = new URL(this.url)
    u.searchParams.set('options', `-c search_path=${schema}`)
    return { schema, url: u.toString() }
  }

  /** Runs one statement as the administrator (for setting up what a test is about). */
  async query(sql: string, values: readonly unknown[] = []): Promise<readonly Record<string, unknown>[]> {
    return (await this.admin.query(sql, [...values])).rows
  }

  async drop(schema: string): Promise<void> {
    await this.admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`)
    this.live.delete(schema)
  }

  /** Drops what is left (a failed test's schema) and disconnects. */
  async end(): Promise<void> {
    for (const schema of [...this.live]) await this.drop(schema)
    await this.admin.end()
  }

  /** An event store whose close also drops its schema: for the contract suite, which opens one store per test. */
  withDropOnClose(store: EventStore, schema: string): EventStore {
    return {
      append: (events, storedAt) => store.append(events, storedAt),
      getAccount: (id) => store.getAccount(id),
      listEvents: (id, types) => store.listEvents(id, types),
      stats: () => store.stats(),
      scanAccounts: (visit) => store.scanAccounts(visit),
      scanAccount: (id) => store.scanAccount(id),
      scanProfiles: (codec, visit) => store.scanProfiles(codec, visit),
      scanSummaries: (visit) => store.scanSummaries(visit),
      readSummaryColumns: () => store.readSummaryColumns(),
      summariesOf: (ids) => store.summariesOf(ids),
      rebuildState: () => store.rebuildState(),
      groupCommits: () => store.groupCommits(),
      committed: () => store.committed(),
      close: async () => {
        await store.close()
        await this.drop(schema)
      },
    }
  }
}

/** Why the PostgreSQL tests are skipped, or undefined when DATABASE_URL names a server to run them against. */
export function postgresSkipReason(url: string | undefined): string | undefined {
  if (url === undefined || url === '') {
    return 'DATABASE_URL is not set: PostgreSQL tests run against a real server (DATABASE_URL=postgres://user@host:port/database)'
  }
  if (!/^postgres(ql)?:\/\//i.test(url)) return 'DATABASE_URL is not a postgres:// URL'
  return undefined
}
