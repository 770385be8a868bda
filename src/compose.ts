import type { Readable } from 'node:stream'
import { SystemClock } from './adapters/clock/system-clock.ts'
import { readCsvColumns } from './adapters/csv/read-csv-columns.ts'
import { openNdjsonFile, openNdjsonStream } from './adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from './adapters/parse/in-process-record-parser.ts'
import { WorkerRecordParser } from './adapters/parse/worker-record-parser.ts'
import { PostgresEventStore } from './adapters/storage/postgres/postgres-event-store.ts'
import { SqliteEventStore } from './adapters/storage/sqlite/sqlite-event-store.ts'
import {
  type AccountDescription,
  describeAccount,
  explainLink,
  type ImportOptions,
  type ImportReport,
  importRecords,
  type LinkageSummary,
  type LinkExplanation,
  runLinkage,
} from './app/index.ts'
import type { Config } from './config/index.ts'
import type { TruthRow } from './core/evaluation/index.ts'
import type { Clock, ClusterView, EventStore, LineSource, LinkageRun, LinkageStore, StoreStats } from './ports/index.ts'

/** Below this size a worker thread costs more to start than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024

/** Everything the edges (CLI, server) may use: use cases bound to the adapters the configuration picked. */
export interface App {
  readonly events: EventStore
  readonly clock: Clock
  /** Where the store lives, for messages (never a password). */
  readonly storeLabel: string
  importRecords(sources: readonly LineSource[], opts?: ImportOptions): Promise<ImportReport>
  stats(): Promise<StoreStats>
  describeAccount(id: string): Promise<AccountDescription>
  runLinkage(): Promise<{ summary: LinkageSummary; run: LinkageRun }>
  clusterOf(account: string): Promise<ClusterView | undefined>
  explainLink(a: string, b: string): Promise<LinkExplanation>
  close(): Promise<void>
}

/** Opens an NDJSON file for import (checks that it exists and is readable). */
export function openLineFile(path: string): LineSource {
  return openNdjsonFile(path)
}

/** Reads NDJSON from a stream such as standard input. */
export function openLineStream(name: string, stream: Readable): LineSource {
  return openNdjsonStream(name, stream)
}

/** Reads a ground-truth CSV (`account,operator,role`). */
export function readTruthFile(path: string): TruthRow[] {
  return readCsvColumns(path, ['account', 'operator', 'role']).map(([account, operator, role]) => ({
    account: account as string,
    operator: operator as string,
    role: role as string,
  }))
}

/** Reads a clustering CSV (`account,cluster`). */
export function readClustersFile(path: string): Map<string, string> {
  return new Map(readCsvColumns(path, ['account', 'cluster']).map(([a, c]) => [a as string, c as string]))
}

/** The store the configuration names: PostgreSQL for a postgres:// URL, else the embedded SQLite file. */
async function openStore(
  database: Config['database'],
): Promise<{ events: EventStore; linkage: LinkageStore; label: string }> {
  switch (database.kind) {
    case 'postgres': {
      const events = await PostgresEventStore.open(database.url)
      return { events, linkage: events.linkageStore(), label: events.label }
    }
    case 'sqlite': {
      const events = SqliteEventStore.open(database.file)
      return { events, linkage: events.linkageStore(), label: database.file }
    }
  }
}

/** The composition root: the one place that picks adapters. */
export async function openApp(config: Config, deps: { clock?: Clock } = {}): Promise<App> {
  const { events, linkage, label } = await openStore(config.database)
  const clock = deps.clock ?? new SystemClock()
  return {
    events,
    clock,
    storeLabel: label,
    importRecords: async (sources, opts) => {
      // Files are parsed on a worker thread so that parsing and storing use both cores; a pipe stays on this one.
      const parser = sources.some((s) => (s.size ?? 0) > WORKER_THRESHOLD_BYTES)
        ? new WorkerRecordParser()
        : new InProcessRecordParser()
      try {
        return await importRecords({ events, clock, parser }, sources, opts)
      } finally {
        await parser.close()
      }
    },
    stats: () => events.stats(),
    describeAccount: (id) => describeAccount({ events }, id),
    runLinkage: () => runLinkage({ events, linkage, clock }),
    clusterOf: (account) => linkage.clusterOf(account),
    explainLink: (a, b) => explainLink({ linkage }, a, b),
    close: () => events.close(),
  }
}
