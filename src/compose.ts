import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { SystemClock } from './adapters/clock/system-clock.ts'
import { readCsvColumns } from './adapters/csv/read-csv-columns.ts'
import { HumanFaceEmbedder } from './adapters/faces/human-face-embedder.ts'
import { SharpSubmissionImages } from './adapters/images/sharp-submission-images.ts'
import { OutboxSender } from './adapters/mail/outbox-sender.ts'
import { SmtpSender } from './adapters/mail/smtp-sender.ts'
import { openNdjsonFile, openNdjsonStream } from './adapters/ndjson/ndjson-line-reader.ts'
import { InProcessRecordParser } from './adapters/parse/in-process-record-parser.ts'
import { WorkerRecordParser } from './adapters/parse/worker-record-parser.ts'
import { PdfPostcardPrinter } from './adapters/pdf/pdf-postcard-printer.ts'
import { NodeSecrets } from './adapters/secrets/node-secrets.ts'
import { type AuditChainCheck, EMPTY_AUDIT_TAIL, verifyAuditChain } from './adapters/storage/audit-chain.ts'
import { PostgresEventStore } from './adapters/storage/postgres/postgres-event-store.ts'
import { SqliteEventStore } from './adapters/storage/sqlite/sqlite-event-store.ts'
import { FetchWebhookSender } from './adapters/webhooks/fetch-webhook-sender.ts'
import {
  type AccountDecision,
  type AccountDescription,
  type AnswerOnce,
  type AppealOutcome,
  type AuthenticatedReviewer,
  answerOnce,
  authenticateApiKey,
  authenticateSession,
  type CodeEntry,
  type CreatedApiKey,
  type CreatedReviewer,
  createApiKey,
  createReviewer,
  type DecideAppealRequest,
  type DecideDeps,
  type DecideRequest,
  type DecideSubmissionRequest,
  decideAccount,
  decideAppeal,
  decideOnIngest,
  decideOnLinkage,
  decideSubmission,
  describeAccount,
  disableReviewer,
  dispatchWebhooks,
  enqueueSweep,
  enterPostcardCode,
  explainLink,
  type FileAppealRequest,
  fileAppeal,
  type IdempotentRequest,
  type ImportOptions,
  type ImportReport,
  type IngestReport,
  type IssuedPortalToken,
  importRecords,
  ingestRecords,
  issuePortalToken,
  JobRunner,
  type JobRunnerOptions,
  type LinkageDecisions,
  type LinkageSummary,
  type LinkExplanation,
  LiveLinkage,
  type LoadedPolicy,
  listApiKeys,
  listReviewers,
  loadPolicy,
  markPrinted,
  newAuthenticatedKeys,
  newSignInAttempts,
  type PortalSeller,
  type PortalTokenRefusal,
  type PrintBatch,
  printPostcards,
  readFeatureTable,
  revokeApiKey,
  runLinkage,
  runSweep,
  runWorkflows,
  type SignedIn,
  type SignInRefusal,
  type SubmissionDecisionOutcome,
  type SubmitEvidenceRequest,
  SWEEP_JOB,
  type SweepJobRequest,
  type SweepOutcome,
  type SweepRequest,
  signIn,
  signOut,
  submitEvidence,
  sweepJobHandler,
  type TickReport,
  verifyPortalToken,
  type WebhookRun,
} from './app/index.ts'
import { type Config, DEFAULT_APPEAL_DAYS, DEFAULT_MAIL_FROM, DEFAULT_OUTBOX } from './config/index.ts'
import type { ApiKey } from './core/access/api-key.ts'
import type { Reviewer } from './core/access/reviewer.ts'
import { OnesellerError } from './core/errors.ts'
import type { TruthRow } from './core/evaluation/index.ts'
import type { FeatureTable } from './core/features/index.ts'
import type { AccountId } from './core/ids.ts'
import type { LinkageWeights } from './core/linkage/index.ts'
import type { Result } from './core/result.ts'
import type { Instant } from './core/time.ts'
import type { Appeal } from './core/verification/appeal.ts'
import type { Restriction } from './core/verification/restriction.ts'
import type { CaseOutcome, ReviewCase } from './core/verification/review-case.ts'
import type {
  ApiKeyStore,
  AuditRecord,
  Clock,
  ClusterReadOptions,
  ClusterView,
  Decision,
  EventStore,
  IdempotencyStore,
  Job,
  JobQueue,
  LineSource,
  LinkageRun,
  LinkageStore,
  Notice,
  PolicyStore,
  Requirement,
  ReviewerStore,
  Secrets,
  StoredPolicy,
  StoreStats,
  Submission,
  SubmissionStore,
  WorkflowStore,
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
  /**
   * A small batch (an HTTP request): one transaction, an outcome per record. With the live linkage loaded, the
   * accounts of the stored records are linked before it resolves.
   */
  ingestRecords(source: LineSource): Promise<IngestReport>
  /**
   * Loads the live linkage (every registered account and the latest run; see app/live-linkage.ts) so that records
   * ingested through this app are linked at once. Until it resolves, decisions read the latest run only; records
   * ingested meanwhile are linked when it is loaded. Calling it again answers the same load.
   */
  startLiveLinkage(): Promise<{ readonly accounts: number; readonly ms: number }>
  /** Whether the live linkage is off (not started), loading or ready, and how many accounts it holds. */
  liveLinkageState(): { readonly state: 'off' | 'loading' | 'ready'; readonly accounts: number }
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
  /** The account's cluster: the live one when the live linkage holds the account, else the latest run's. */
  clusterOf(account: string, options?: ClusterReadOptions): Promise<ClusterView | undefined>
  explainLink(a: string, b: string): Promise<LinkExplanation>
  /** Every stored weights version (one per linkage run), newest first. */
  listWeights(): Promise<
    readonly { readonly version: number; readonly at: Instant; readonly weights: LinkageWeights }[]
  >
  /** The latest linkage run's clustering, account → cluster id; empty before the first run. */
  latestClusters(): Promise<ReadonlyMap<string, string>>
  /** Resolves when the store answers a query; rejects with `storage_unavailable` otherwise. */
  checkReadiness(): Promise<void>
  createApiKey(request: { readonly name: string; readonly scopes: string }): Promise<CreatedApiKey>
  listApiKeys(): Promise<readonly ApiKey[]>
  revokeApiKey(id: string): Promise<ApiKey>
  /** The working key behind a presented secret; undefined when unknown or revoked. */
  authenticateApiKey(secret: string): Promise<ApiKey | undefined>
  /** A reviewer (password generated and returned once when none is given); `actor` is recorded in the audit trail. */
  createReviewer(
    request: { readonly name: string; readonly role: string; readonly password?: string | undefined },
    actor: string,
  ): Promise<CreatedReviewer>
  listReviewers(): Promise<readonly Reviewer[]>
  /** Disables a reviewer and ends its sessions at once. */
  disableReviewer(name: string, actor: string): Promise<Reviewer>
  /** Name and password to a session token (12 hours); failures are limited per name, in this process. */
  signIn(request: { readonly name: string; readonly password: string }): Promise<Result<SignedIn, SignInRefusal>>
  /** The reviewer behind a working session token; undefined when unknown, expired, signed out or disabled. */
  authenticateSession(token: string): Promise<AuthenticatedReviewer | undefined>
  /** Ends a session; false when there was no working session. */
  signOut(token: string): Promise<boolean>
  /** A signed, expiring token for the seller of a known account, under the server's portal secret. */
  issuePortalToken(request: {
    readonly account: string
    readonly ttlSeconds?: number | undefined
    readonly secret: string
  }): Promise<IssuedPortalToken>
  /** The seller a portal token is for, when it is intact, signed under `secret` and not expired. */
  verifyPortalToken(token: string, secret: string): Result<PortalSeller, PortalTokenRefusal>
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
  /** Background work kept in the store: sweeps (kind `sweep`), claimed by the job runners of every process. */
  readonly jobs: JobQueue
  /** Enqueues a sweep of a stored policy version as a job (see `enqueueSweep`); a runner runs it. */
  enqueueSweep(request: SweepJobRequest): Promise<Job>
  /** A runner of the jobs this app knows (sweeps) on this store, claiming as `worker`; the caller drives it. */
  jobRunner(opts: Omit<JobRunnerOptions, 'queue' | 'clock' | 'handlers'>): JobRunner
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
  /** Requirements as they move, restrictions and notices. */
  readonly workflows: WorkflowStore
  /**
   * One run of the verification workflows at `now` (the clock's when omitted): verifications move requirements,
   * reminders and expiries fire, restrictions take effect, notices are composed and delivered.
   */
  tick(now?: Instant): Promise<TickReport & { readonly webhooks: WebhookRun | null }>
  restrictionsOf(account: string): Promise<readonly Restriction[]>
  noticesOf(account: string): Promise<readonly Notice[]>
  /** Where notices go: `smtp` or the outbox folder. */
  readonly noticeChannel: string
  /** A seller's appeal against a decision of their account (see `fileAppeal`). */
  fileAppeal(request: FileAppealRequest): Promise<Appeal>
  /** A reviewer upholds or overturns the decision behind an appeal (see `decideAppeal`). */
  decideAppeal(request: DecideAppealRequest): Promise<AppealOutcome>
  listAppeals(opts: {
    readonly open?: boolean
    readonly afterId?: number
    readonly limit: number
  }): Promise<readonly Appeal[]>
  /** The audit trail in order, from `afterSeq` on; of one subject when given. */
  listAudit(opts: {
    readonly afterSeq?: number
    readonly limit?: number
    readonly subject?: string
  }): Promise<readonly AuditRecord[]>
  /** A person lifts a restriction (reinstatement outside an appeal); false when it was lifted already. */
  liftRestriction(request: { readonly id: number; readonly reason: string; readonly actor: string }): Promise<boolean>
  /** The review queue: cases by id (those not closed unless a state is given). */
  listCases(opts: Parameters<WorkflowStore['listCases']>[0]): Promise<readonly ReviewCase[]>
  /** A reviewer takes a case (`steal`: from another reviewer). */
  assignCase(request: { readonly id: number; readonly to: string; readonly steal?: boolean }): Promise<ReviewCase>
  /** A reviewer closes a case with an outcome and a note. */
  closeCase(request: {
    readonly id: number
    readonly outcome: CaseOutcome
    readonly note: string
    readonly actor: string
  }): Promise<ReviewCase>
  /** Issues a print batch of postcards for the requirements that ask for one (see `printPostcards`). */
  printPostcards(opts?: { readonly limit?: number }): Promise<PrintBatch>
  /** The batch's PDF was kept: its codes can be entered. */
  markPostcardsPrinted(batch: string): Promise<number>
  /** The seller enters the code from their postcard (see `enterPostcardCode`). */
  enterPostcardCode(request: {
    readonly account: string
    readonly code: string
    readonly actor: string
  }): Promise<CodeEntry>
  /** Submitted evidence (documents, bills, videos), its files and the searches across accounts. */
  readonly submissions: SubmissionStore
  /** A seller submits evidence; the engine checks it and puts it in review (see `submitEvidence`). */
  submitEvidence(
    request: SubmitEvidenceRequest,
  ): Promise<{ readonly submission: Submission; readonly created: boolean }>
  /** A reviewer passes or fails a submission in review (see `decideSubmission`). */
  decideSubmission(request: DecideSubmissionRequest): Promise<SubmissionDecisionOutcome>
  close(): Promise<void>
}

/** The stores of API keys, idempotent answers and reviewers, beside the events. */
interface AccessStores {
  readonly apiKeys: ApiKeyStore
  readonly idempotency: IdempotencyStore
  readonly reviewers: ReviewerStore
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
  workflows: WorkflowStore
  submissions: SubmissionStore
  jobs: JobQueue
  access: AccessStores
  label: string
}> {
  switch (database.kind) {
    case 'postgres': {
      const events = await PostgresEventStore.open(database.url)
      // Same pool as the events: closing the event store closes it.
      const { apiKeys, idempotency, reviewers } = events.accessStores()
      const access = { apiKeys, idempotency, reviewers, close: () => {} }
      return {
        events,
        linkage: events.linkageStore(),
        policies: events.policyStore(),
        workflows: events.workflowStore(),
        submissions: events.submissionStore(),
        jobs: events.jobQueue(),
        access,
        label: events.label,
      }
    }
    case 'sqlite': {
      // The event store migrates the file (API key tables included) before the access stores open it.
      const events = SqliteEventStore.open(database.file)
      try {
        // On the event store's connection: one writer per process, so that grouped commits (a server) hold them too.
        const access = events.accessStores()
        return {
          events,
          linkage: events.linkageStore(),
          policies: events.policyStore(),
          workflows: events.workflowStore(),
          submissions: events.submissionStore(),
          jobs: events.jobQueue(),
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
  const { events, linkage, policies, workflows, submissions, jobs, access, label } = await openStore(config.database)
  const clock = deps.clock ?? new SystemClock()
  const secrets = new NodeSecrets()
  // Requests are small: parsing on this thread costs less than a hand-off to a worker.
  const requestParser = new InProcessRecordParser()
  // Keys found working are trusted for a few seconds: a revocation by another process takes effect within them.
  const keyDeps = { apiKeys: access.apiKeys, secrets, clock, authenticated: newAuthenticatedKeys() }
  const reviewerDeps = { reviewers: access.reviewers, audit: policies, secrets, clock }
  const signInAttempts = newSignInAttempts()
  const inFlight = new Set<string>()
  const decideDeps: DecideDeps = { events, linkage, policies, clock, compiled: new Map() }
  // Real-time linkage (startLiveLinkage): accounts ingested while it loads are linked once it is loaded.
  let liveLoad: Promise<{ readonly accounts: number; readonly ms: number }> | undefined
  const ingestedWhileLoading = new Set<string>()
  const linkLive = async (report: IngestReport): Promise<IngestReport> => {
    const stored = report.outcomes.flatMap((o) => (o.status === 'stored' ? [o.account] : []))
    if (decideDeps.live !== undefined) await decideDeps.live.refresh(stored)
    else if (liveLoad !== undefined) for (const a of stored) ingestedWhileLoading.add(a)
    return report
  }
  const noticeConfig = config.notices ?? {
    outbox: DEFAULT_OUTBOX,
    from: DEFAULT_MAIL_FROM,
    appealWithinDays: DEFAULT_APPEAL_DAYS,
  }
  const sender =
    noticeConfig.smtpUrl === undefined
      ? new OutboxSender(noticeConfig.outbox, noticeConfig.from)
      : new SmtpSender(noticeConfig.smtpUrl, noticeConfig.from)
  const workflowDeps = { events, policies, workflows, sender, notices: noticeConfig }
  const appealDeps = { workflows, clock, appealWithinDays: noticeConfig.appealWithinDays }
  const postcardDeps = {
    events,
    workflows,
    secrets,
    clock,
    printer: new PdfPostcardPrinter(config.postcards?.cjkFont),
    secret: config.postcards?.secret,
    ingest: (source: LineSource) => ingestRecords({ events, clock, parser: requestParser }, source),
  }
  // The face reader's thread and models start with the first video submission, not with the app.
  const faces = new HumanFaceEmbedder()
  const submissionDeps = {
    events,
    workflows,
    submissions,
    images: new SharpSubmissionImages(),
    faces,
    clock,
    ingest: (source: LineSource) => ingestRecords({ events, clock, parser: requestParser }, source),
  }
  // The live cluster when the live linkage holds the account, else the latest run's.
  const clusterOf = async (account: string, options?: ClusterReadOptions) =>
    (await decideDeps.live?.viewOf(account, options)) ?? (await linkage.clusterOf(account, options))
  const webhookSender =
    config.webhooks === undefined ? undefined : new FetchWebhookSender(config.webhooks.url, config.webhooks.secret)
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
    ingestRecords: async (source) => linkLive(await ingestRecords({ events, clock, parser: requestParser }, source)),
    startLiveLinkage: () => {
      liveLoad ??= (async () => {
        const started = performance.now()
        const live = await LiveLinkage.load({ events, linkage })
        await live.refresh(ingestedWhileLoading)
        ingestedWhileLoading.clear()
        decideDeps.live = live
        return { accounts: live.accounts, ms: performance.now() - started }
      })()
      return liveLoad
    },
    liveLinkageState: () => ({
      state: decideDeps.live !== undefined ? 'ready' : liveLoad !== undefined ? 'loading' : 'off',
      accounts: decideDeps.live?.accounts ?? 0,
    }),
    stats: () => events.stats(),
    describeAccount: (id) => describeAccount({ events }, id),
    runLinkage: async (opts) => {
      const previous = await linkage.readLinkageSummary()
      const linked = await runLinkage({ events, linkage, clock })
      await decideDeps.live?.reloadRun()
      const decisions = await decideOnLinkage({ events, linkage, policies, clock }, previous, {
        weightsVersion: linked.summary.weightsVersion,
        actor: opts?.actor ?? 'linkage',
      })
      return { ...linked, decisions }
    },
    clusterOf,
    explainLink: (a, b) => explainLink({ clusterOf }, a, b),
    listWeights: () => linkage.listWeights(),
    latestClusters: async () => {
      const { clusters } = await linkage.readLinkageSummary()
      return new Map(clusters.accounts.map((account, i) => [account, clusters.clusterIds[clusters.clusterOf[i]!]!]))
    },
    checkReadiness: async () => {
      await events.getAccount(READINESS_PROBE)
    },
    createApiKey: (request) => createApiKey(keyDeps, request),
    listApiKeys: () => listApiKeys(keyDeps),
    revokeApiKey: (id) => revokeApiKey(keyDeps, id),
    authenticateApiKey: (secret) => authenticateApiKey(keyDeps, secret),
    createReviewer: (request, actor) => createReviewer(reviewerDeps, request, actor),
    listReviewers: () => listReviewers(reviewerDeps),
    disableReviewer: (name, actor) => disableReviewer(reviewerDeps, name, actor),
    signIn: (request) => signIn({ ...reviewerDeps, attempts: signInAttempts }, request),
    authenticateSession: (token) => authenticateSession(reviewerDeps, token),
    signOut: (token) => signOut(reviewerDeps, token),
    issuePortalToken: (request) => issuePortalToken({ events, secrets, clock }, request),
    verifyPortalToken: (token, secret) => verifyPortalToken({ secrets, clock }, token, secret),
    answerOnce: (request, answer) => answerOnce({ idempotency: access.idempotency, clock, inFlight }, request, answer),
    loadPolicy: (request) => loadPolicy({ policies, clock }, request),
    listPolicies: () => policies.listPolicies(),
    getPolicy: (name, version) => policies.getPolicy(name, version),
    featureTable: () => readFeatureTable({ events, linkage, policies }, clock.now()),
    runSweep: (request) => runSweep({ events, linkage, policies, clock, secrets }, request),
    jobs,
    enqueueSweep: (request) => enqueueSweep({ policies, jobs, clock }, request),
    jobRunner: (opts) =>
      new JobRunner({
        ...opts,
        queue: jobs,
        clock,
        handlers: { [SWEEP_JOB]: sweepJobHandler({ events, linkage, policies, clock, secrets }) },
      }),
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
    workflows,
    tick: async (now) => {
      const at = now ?? clock.now()
      const report = await runWorkflows(workflowDeps, at)
      const webhooks =
        webhookSender === undefined
          ? null
          : await dispatchWebhooks(
              { policies, workflows, jobs, sender: webhookSender, worker: workerName(secrets) },
              at,
            )
      return { ...report, webhooks }
    },
    restrictionsOf: (account) => workflows.restrictionsOf(account),
    noticesOf: (account) => workflows.noticesOf(account),
    noticeChannel: noticeConfig.smtpUrl === undefined ? noticeConfig.outbox : 'smtp',
    fileAppeal: (request) => fileAppeal(appealDeps, request),
    decideAppeal: (request) => decideAppeal(appealDeps, request),
    listAppeals: (opts) => workflows.listAppeals(opts),
    listAudit: (opts) => policies.listAudit(opts),
    listCases: (opts) => workflows.listCases(opts),
    liftRestriction: async (request) => {
      if (request.reason.trim() === '')
        throw new OnesellerError('invalid_input', 'give a reason: the seller is told why')
      return (await workflows.liftRestrictions([request.id], { ...request, at: clock.now() })) === 1
    },
    assignCase: (request) =>
      workflows.assignCase(request.id, {
        to: request.to,
        actor: request.to,
        at: clock.now(),
        ...(request.steal === undefined ? {} : { steal: request.steal }),
      }),
    closeCase: (request) => workflows.closeCase(request.id, { ...request, at: clock.now() }),
    printPostcards: (opts) => printPostcards(postcardDeps, opts),
    markPostcardsPrinted: (batch) => markPrinted(postcardDeps, batch),
    enterPostcardCode: (request) => enterPostcardCode(postcardDeps, request),
    submissions,
    submitEvidence: (request) => submitEvidence(submissionDeps, request),
    decideSubmission: (request) => decideSubmission(submissionDeps, request),
    close: async () => {
      if (sender instanceof SmtpSender) sender.close()
      await faces.close()
      access.close()
      await events.close()
    },
  }
}

/** A worker's name among every process on the store: the host's process id and a random suffix. */
function workerName(secrets: Secrets): string {
  return `pid${process.pid}-${secrets.randomToken(4)}`
}
