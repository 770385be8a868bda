import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { SystemClock } from './adapters/clock/system-clock.ts'
import { readCsvColumns } from './adapters/csv/read-csv-columns.ts'
import { openNdjsonFile, openNdjsonStream } from './adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from './adapters/parse/in-process-record-parser.ts'
import { WorkerRecordParser } from './adapters/parse/worker-record-parser.ts'
import { NodeSecrets } from './adapters/secrets/node-secrets.ts'
import { type AuditChainCheck, EMPTY_AUDIT_TAIL, verifyAuditChain } from './adapters/storage/audit-chain.ts'
import { PostgresEventStore } from './adapters/storage/postgres/postgres-event-store.ts'
import { SqliteAccessStores } from './adapters/storage/sqlite/sqlite-access-stores.ts'
import { SqliteEventStore } from './adapters/storage/sqlite/sqlite-event-store.ts'
import {
  type AccountDecision,
  type AccountDescription,
  type AnswerOnce,
  answerOnce,
  authenticateApiKey,
  type CreatedApiKey,
  createApiKey,
  type DecideRequest,
  decideAccount,
  decideOnIngest,
  decideOnLinkage,
  describeAccount,
  explainLink,
  type IdempotentRequest,
  type ImportOptions,
  type ImportReport,
  type IngestReport,
  importRecords,
  ingestRecords,
  type LinkageDecisions,
  type LinkageSummary,
  type LinkExplanation,
  type LoadedPolicy,
  listApiKeys,
  loadPolicy,
  readFeatureTable,
  revokeApiKey,
  runLinkage,
  runSweep,
  type SweepOutcome,
  type SweepRequest,
} from './app/index.ts'
import type { Config } from './config/index.ts'
import type { ApiKey } from './core/access/api-key.ts'
import { OnesellerError } from './core/errors.ts'
import type { TruthRow } from './core/evaluation/index.ts'
import type { FeatureTable } from './core/features/index.ts'
import type { AccountId } from './core/ids.ts'
import type {
  ApiKeyStore,
  Clock,
  ClusterView,
  Decision,
  EventStore,
  IdempotencyStore,
  LineSource,
  LinkageRun,
  LinkageStore,
  PolicyStore,
  Requirement,
  Secrets,
  StoredPolicy,
  StoreStats,
} from './ports/index.ts'

/** Audit records read per page when the whole trail is verified. */
const AUDIT_PAGE = 10_000

/** Below this size a worker thread costs more to start than it saves. */
const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024

/** Everything the edges (CLI, server) may use: use cases bound to the adapters the configuration picked. */
export interface App {
  readonly events: EventStore
  readonly clock: Clock
  readonly secrets: Secrets
  /** Where the store lives, for messages (never a password). */
  readonly storeLabel: string
  importRecords(sources: readonly LineSource[], opts?: ImportOptions): Promise<ImportReport>
  /** A small batch (an HTTP request): one transaction, an outcome per record. */
  ingestRecords(source: LineSource): Promise<IngestReport>
  stats(): Promise<StoreStats>
  describeAccount(id: string): Promise<AccountDescription>
  /**
   * Bulk linkage, then the policies' `event` rules on what the run changed (new links, links to deactivated accounts,
   * changes of control).
   */
  runLinkage(opts?: { readonly actor?: string }): Promise<{
    summary: LinkageSummary
    run: LinkageRun
    decisions: LinkageDecisions
  }>
  clusterOf(account: string): Promise<ClusterView | undefined>
  explainLink(a: string, b: string): Promise<LinkExplanation>
  /** Resolves when the store answers a query; rejects with `storage_unavailable` otherwise. */
  checkReadiness(): Promise<void>
  createApiKey(request: { readonly name: string; readonly scopes: string }): Promise<CreatedApiKey>
  listApiKeys(): Promise<readonly ApiKey[]>
  revokeApiKey(id: string): Promise<ApiKey>
  /** The working key behind a presented secret; undefined when unknown or revoked. */
  authenticateApiKey(secret: string): Promise<ApiKey | undefined>
  /** Runs a write at most once per idempotency key (see `answerOnce`). */
  answerOnce(request: IdempotentRequest, answer: () => Promise<string>): Promise<AnswerOnce>
  /** Checks a policy and stores it as the next version of its name (unchanged text: nothing stored). */
  loadPolicy(request: {
    readonly source: string
    readonly file: string
    readonly mode: 'live' | 'shadow'
    readonly actor: string
  }): Promise<LoadedPolicy>
  listPolicies(): Promise<readonly StoredPolicy[]>
  getPolicy(name: string, version?: number): Promise<StoredPolicy | undefined>
  /** Every account's features as of now (what a sweep evaluates). */
  featureTable(): Promise<FeatureTable>
  /** A dry run of a policy over every account, or with `apply` its decisions recorded. */
  runSweep(request: SweepRequest): Promise<SweepOutcome>
  /** Evaluates the active policies for one account on a trigger, acting on live versions (see `decideAccount`). */
  decideAccount(request: DecideRequest): Promise<AccountDecision>
  /** Evaluates the triggers the stored records of an ingest fired (registrations, updates, statuses, verifications). */
  decideOnIngest(report: IngestReport, actor: string): Promise<readonly AccountDecision[]>
  /**
   * Checks the whole audit trail, page by page: every record follows the one before and its hash is that of the
   * previous hash and its own content. Names the first record that does not hold.
   */
  verifyAudit(): Promise<AuditChainCheck & { readonly last: { readonly seq: number; readonly hash: string } }>
  decisionsOf(account: string): Promise<readonly Decision[]>
  requirementsOf(account: string): Promise<readonly Requirement[]>
  close(): Promise<void>
}

/** The stores of API keys and idempotent answers, beside the events. */
interface AccessStores {
  readonly apiKeys: ApiKeyStore
  readonly idempotency: IdempotencyStore
  close(): void
}

/** An account id no record can carry (ids are non-empty): looking it up reaches the store and finds nothing. */
const READINESS_PROBE = '' as AccountId

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

/** Reads a policy file (YAML); a missing or unreadable file is an error naming it. */
export function readPolicyFile(path: string): { readonly source: string; readonly file: string } {
  try {
    return { source: readFileSync(path, 'utf8'), file: path }
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message
    throw new OnesellerError('invalid_input', `${path}: cannot read the policy: ${reason}`)
  }
}

/** Where a policy shipped with oneseller (`policies/NAME.yaml`) lies. */
export function shippedPolicyPath(name: string): string {
  return fileURLToPath(new URL(`../policies/${name}.yaml`, import.meta.url))
}

/** Reads a clustering CSV (`account,cluster`). */
export function readClustersFile(path: string): Map<string, string> {
  return new Map(readCsvColumns(path, ['account', 'cluster']).map(([a, c]) => [a as string, c as string]))
}

/** The store the configuration names: PostgreSQL for a postgres:// URL, else the embedded SQLite file. */
async function openStore(database: Config['database']): Promise<{
  events: EventStore
  linkage: LinkageStore
  policies: PolicyStore
  access: AccessStores
  label: string
}> {
  switch (database.kind) {
    case 'postgres': {
      const events = await PostgresEventStore.open(database.url)
      // Same pool as the events: closing the event store closes it.
      const { apiKeys, idempotency } = events.accessStores()
      const access = { apiKeys, idempotency, close: () => {} }
      return {
        events,
        linkage: events.linkageStore(),
        policies: events.policyStore(),
        access,
        label: events.label,
      }
    }
    case 'sqlite': {
      // The event store migrates the file (API key tables included) before the access stores open it.
      const events = SqliteEventStore.open(database.file)
      try {
        const access = SqliteAccessStores.open(database.file)
        return {
          events,
          linkage: events.linkageStore(),
          policies: events.policyStore(),
          access,
          label: database.file,
        }
      } catch (e) {
        await events.close()
        throw e
      }
    }
  }
}

/** The composition root: the one place that picks adapters. */
export async function openApp(config: Config, deps: { clock?: Clock } = {}): Promise<App> {
  const { events, linkage, policies, access, label } = await openStore(config.database)
  const clock = deps.clock ?? new SystemClock()
  const secrets = new NodeSecrets()
  // Requests are small: parsing on this thread costs less than a hand-off to a worker.
  const requestParser = new InProcessRecordParser()
  const keyDeps = { apiKeys: access.apiKeys, secrets, clock }
  const inFlight = new Set<string>()
  const decideDeps = { events, linkage, policies, clock, compiled: new Map() }
  return {
    events,
    clock,
    secrets,
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
    ingestRecords: (source) => ingestRecords({ events, clock, parser: requestParser }, source),
    stats: () => events.stats(),
    describeAccount: (id) => describeAccount({ events }, id),
    runLinkage: async (opts) => {
      const previous = await linkage.readLinkageSummary()
      const linked = await runLinkage({ events, linkage, clock })
      const decisions = await decideOnLinkage({ events, linkage, policies, clock }, previous, {
        weightsVersion: linked.summary.weightsVersion,
        actor: opts?.actor ?? 'linkage',
      })
      return { ...linked, decisions }
    },
    clusterOf: (account) => linkage.clusterOf(account),
    explainLink: (a, b) => explainLink({ linkage }, a, b),
    checkReadiness: async () => {
      await events.getAccount(READINESS_PROBE)
    },
    createApiKey: (request) => createApiKey(keyDeps, request),
    listApiKeys: () => listApiKeys(keyDeps),
    revokeApiKey: (id) => revokeApiKey(keyDeps, id),
    authenticateApiKey: (secret) => authenticateApiKey(keyDeps, secret),
    answerOnce: (request, answer) => answerOnce({ idempotency: access.idempotency, clock, inFlight }, request, answer),
    loadPolicy: (request) => loadPolicy({ policies, clock }, request),
    listPolicies: () => policies.listPolicies(),
    getPolicy: (name, version) => policies.getPolicy(name, version),
    featureTable: () => readFeatureTable({ events, linkage, policies }, clock.now()),
    runSweep: (request) => runSweep({ events, linkage, policies, clock, secrets }, request),
    decideAccount: (request) => decideAccount(decideDeps, request),
    decideOnIngest: (report, actor) => decideOnIngest(decideDeps, report, actor),
    verifyAudit: async () => {
      let tail = EMPTY_AUDIT_TAIL
      let checked = 0
      for (;;) {
        const page = await policies.listAudit({ afterSeq: tail.seq, limit: AUDIT_PAGE })
        const check = verifyAuditChain(page, tail)
        if (!check.ok) return { ...check, last: tail }
        checked += check.checked
        const end = page.at(-1)
        if (end === undefined) return { ok: true, checked, last: tail }
        tail = { seq: end.seq, hash: end.hash }
      }
    },
    decisionsOf: (account) => policies.decisionsOf(account),
    requirementsOf: (account) => policies.requirementsOf(account),
    close: async () => {
      access.close()
      await events.close()
    },
  }
}
