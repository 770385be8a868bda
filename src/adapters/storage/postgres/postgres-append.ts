import type { PoolClient } from 'pg'
import {
  type AccountEvent,
  type AccountState,
  applyEvents,
  canApplyInOrder,
  emptyAccountState,
  foldAccountEvents,
  toAccountEvent,
} from '../../../core/accounts/index.ts'
import { OnesellerError } from '../../../core/errors.ts'
import type { AccountId, EventSeq } from '../../../core/ids.ts'
import { type InterchangeRecord, parseRecord } from '../../../core/interchange/index.ts'
import type { Instant } from '../../../core/time.ts'
import type { AppendOutcome, EventInput } from '../../../ports/index.ts'
import {
  type AccountRow,
  bumpAccountCounts,
  fromAccountRow,
  loadAccountStates,
  placeholders,
  SELECT_ACCOUNT,
  type Statement,
  upsertAccountCounts,
  upsertAccountProfiles,
  upsertAccountRows,
  writeAccountStates,
} from './postgres-account-rows.ts'
import { slices } from './postgres-transaction.ts'

/**
 * Batches up to this many records (a request's, a small ingest's) read in one statement and write in one under the
 * lock. Beyond it (an import's batches) a statement per step costs less: aggregating thousands of states into one JSON
 * value is slower than three plain reads, and the round trips are few beside the rows.
 */
const COMBINED_MAX_ROWS = 1_000

/**
 * Serialises the writers of one store (appends and rebuilds), as SQLite's single writer does: derived state is read,
 * changed and written back, and seq is assigned gap-free. Keyed by the schema, so stores in other schemas of the same
 * database do not wait for each other; readers never wait for it.
 */
export const LOCK_EVENT_WRITERS = `SELECT pg_advisory_xact_lock(hashtextextended('oneseller.events ' || current_schema(), 0))`

/**
 * Begins an append: the transaction and the writers' lock in one round trip (two statements in one message, which the
 * simple query protocol allows when they take no parameters). Each statement after it reads a snapshot taken once the
 * lock is held, so it sees every append that committed before.
 */
export const BEGIN_AND_LOCK_EVENT_WRITERS = `BEGIN; ${LOCK_EVENT_WRITERS}` as const

/** What an append needs besides the events: the connection (in a transaction) and the cache of source ids. */
export interface AppendContext {
  readonly client: PoolClient
  readonly sourceIds: Map<string, number>
  readonly storedAt: Instant
}

/**
 * Appends a batch inside the caller's transaction, which holds the writers' lock (begun with
 * {@link BEGIN_AND_LOCK_EVENT_WRITERS}). The lock is held until the commit, so the round trips made under it are few:
 * one read (the states of the accounts whose state changes, the records already stored, the last seq) and one write
 * (records, counters, states), each a single statement for a batch of up to `COMBINED_MAX_ROWS` records (an import's
 * larger batches take a statement per step and per slice). Outcomes follow the input order; a record
 * already stored (or earlier in the batch) is a duplicate with the seq it was stored under.
 */
export async function appendEvents(ctx: AppendContext, events: readonly EventInput[]): Promise<AppendOutcome[]> {
  const { client } = ctx
  const keys = events.map(keyOf)
  const changing = [...new Set(events.filter((e) => e.change !== undefined && isStorable(e)).map((e) => e.account))]
  const unique = [...new Map(events.map((e, i) => [keys[i]!, e])).values()].filter(isStorable)
  const { states, existing, last } = await readUnderLock(client, changing, unique)
  let seq = last
  const seen = new Map<string, AppendOutcome>()
  const registeredNow = new Set<string>()
  const toInsert: { readonly event: EventInput; readonly seq: number }[] = []
  const added = new Map<string, EventInput[]>()
  const decide = (e: EventInput, key: string): AppendOutcome => {
    if (!isStorable(e)) {
      return { kind: 'rejected', field: 'account', message: 'must not contain the NUL character (U+0000)' }
    }
    const stored = existing.get(key)
    if (stored !== undefined) return { kind: 'duplicate', seq: stored as EventSeq }
    if (e.type === 'account' && (registeredNow.has(e.account) || states.get(e.account)?.registered === true)) {
      return {
        kind: 'rejected',
        field: 'account',
        message: `account ${JSON.stringify(e.account)} is already registered; send an "update" record to change its profile`,
      }
    }
    seq += 1
    toInsert.push({ event: e, seq })
    if (e.type === 'account') registeredNow.add(e.account)
    const list = added.get(e.account)
    if (list) list.push(e)
    else added.set(e.account, [e])
    return { kind: 'stored', seq: seq as EventSeq }
  }
  const outcomes = events.map((e, i): AppendOutcome => {
    const key = keys[i]!
    const earlier = seen.get(key)
    if (earlier !== undefined) return earlier.kind === 'rejected' ? earlier : { kind: 'duplicate', seq: earlier.seq }
    const outcome = decide(e, key)
    seen.set(key, outcome)
    return outcome
  })
  await writeUnderLock(ctx, toInsert, await deriveState(client, added, states))
  return outcomes
}

/** What an append reads under the lock: one statement for a small batch. */
async function readUnderLock(
  client: PoolClient,
  changing: readonly string[],
  unique: readonly EventInput[],
): Promise<{ states: Map<string, AccountState>; existing: Map<string, number>; last: number }> {
  if (changing.length > COMBINED_MAX_ROWS || unique.length > COMBINED_MAX_ROWS) {
    const states = await loadAccountStates(client, changing)
    const existing = await storedSeqs(client, unique)
    const { rows } = await client.query<{ last: number }>('SELECT coalesce(max(seq), 0) AS last FROM events')
    return { states, existing, last: rows[0]!.last }
  }
  const { rows } = await client.query<{ last: number; stored: [number, string, string][]; states: AccountRow[] }>(
    `SELECT (SELECT coalesce(max(seq), 0) FROM events) AS last,
       (SELECT coalesce(json_agg(json_build_array(e.seq, e.account, encode(e.digest, 'hex'))), '[]')
        FROM unnest($2::text[], $3::bytea[]) AS k (account, digest)
        JOIN events e ON e.account = k.account AND e.digest = k.digest) AS stored,
       (SELECT coalesce(json_agg(s), '[]') FROM (${SELECT_ACCOUNT} WHERE a.id = ANY($1::text[])) AS s) AS states`,
    [changing, unique.map((e) => e.account), unique.map((e) => e.digest)],
  )
  const row = rows[0]!
  return {
    states: new Map(row.states.map((r) => [r.id, fromAccountRow(r)])),
    existing: new Map(row.stored.map(([seq, account, digest]) => [`${digest}|${account}`, seq])),
    last: row.last,
  }
}

/**
 * What an append writes under the lock: the new records, the counters of accounts whose records only count, and the
 * states that changed. One statement for a small batch: the steps are CTEs of it, on rows of different accounts.
 */
async function writeUnderLock(
  ctx: AppendContext,
  rows: readonly { readonly event: EventInput; readonly seq: number }[],
  derived: { readonly counted: ReadonlyMap<string, readonly EventInput[]>; readonly next: readonly AccountState[] },
): Promise<void> {
  const { client } = ctx
  if (rows.length === 0) return // every record a duplicate or rejected: nothing changes
  const sourceIds = await resolveSources(ctx, [...new Set(rows.map((r) => r.event.source.name))])
  if (
    rows.length > COMBINED_MAX_ROWS ||
    derived.counted.size > COMBINED_MAX_ROWS ||
    derived.next.length > COMBINED_MAX_ROWS
  ) {
    await insertEvents(client, rows, sourceIds, ctx.storedAt)
    await bumpAccountCounts(client, derived.counted)
    await writeAccountStates(client, derived.next)
    return
  }
  // Each statement's parameters are numbered after those of the ones before it.
  const steps: Statement[] = []
  const add = (make: (offset: number) => Statement) => {
    steps.push(make(steps.reduce((n, step) => n + step.values.length, 0)))
  }
  add((o) => insertEventsStatement(rows, sourceIds, ctx.storedAt, o))
  add((o) => upsertAccountCounts([...derived.counted], o))
  add((o) => upsertAccountRows(derived.next, o))
  add((o) => upsertAccountProfiles(derived.next, o))
  const [events, ...others] = steps as [Statement, ...Statement[]]
  const { rows: written } = await client.query<{ inserted: number }>(
    `WITH inserted AS (${events.sql} RETURNING 1),
       ${others.map((step, i) => `step${i} AS (${step.sql})`).join(',\n       ')}
     SELECT count(*)::integer AS inserted FROM inserted`,
    steps.flatMap((step) => step.values),
  )
  assertAllInserted(rows.length, written[0]?.inserted ?? 0)
}

/** PostgreSQL text cannot hold U+0000 (SQLite can): such an account id is rejected, not the whole batch. */
function isStorable(e: EventInput): boolean {
  return !e.account.includes('\u0000')
}

/** A record's identity in the log: its account and the digest of its body. */
function keyOf(e: { readonly account: string; readonly digest: Uint8Array }): string {
  return `${Buffer.from(e.digest.buffer, e.digest.byteOffset, e.digest.byteLength).toString('hex')}|${e.account}`
}

/** The seq of every record of the batch (one per key, storable) that the log already holds. */
async function storedSeqs(client: PoolClient, unique: readonly EventInput[]): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (const slice of slices(unique)) {
    const { rows } = await client.query<{ seq: number; account: string; digest: Buffer }>(
      `SELECT e.seq, e.account, e.digest FROM unnest($1::text[], $2::bytea[]) AS k (account, digest)
       JOIN events e ON e.account = k.account AND e.digest = k.digest`,
      [slice.map((e) => e.account), slice.map((e) => e.digest)],
    )
    for (const r of rows) found.set(keyOf(r), r.seq)
  }
  return found
}

/** Inserts the new records with the seqs already assigned, a statement per slice (the large batches of an import). */
async function insertEvents(
  client: PoolClient,
  rows: readonly { readonly event: EventInput; readonly seq: number }[],
  sourceIds: ReadonlyMap<string, number>,
  storedAt: Instant,
): Promise<void> {
  for (const slice of slices(rows)) {
    const { sql, values } = insertEventsStatement(slice, sourceIds, storedAt, 0)
    const result = await client.query(sql, [...values])
    assertAllInserted(slice.length, result.rowCount ?? 0)
  }
}

/** The insert of new records (at most `ROWS_PER_STATEMENT`); ON CONFLICT keeps a concurrent duplicate from failing. */
function insertEventsStatement(
  rows: readonly { readonly event: EventInput; readonly seq: number }[],
  sourceIds: ReadonlyMap<string, number>,
  storedAt: Instant,
  offset: number,
): Statement {
  const p = placeholders(offset)
  return {
    sql: `INSERT INTO events (seq, account, digest, type, at, body, source_id, source_line, stored_at)
       SELECT seq, account, digest, type, at, body, source_id, source_line, ${p(9)}::bigint
       FROM unnest(${p(1)}::bigint[], ${p(2)}::text[], ${p(3)}::bytea[], ${p(4)}::text[], ${p(5)}::bigint[],
         ${p(6)}::text[], ${p(7)}::integer[], ${p(8)}::integer[])
         AS t (seq, account, digest, type, at, body, source_id, source_line)
       ON CONFLICT (account, digest) DO NOTHING`,
    values: [
      rows.map((r) => r.seq),
      rows.map((r) => r.event.account),
      rows.map((r) => r.event.digest),
      rows.map((r) => r.event.type),
      rows.map((r) => r.event.at),
      rows.map((r) => r.event.body),
      rows.map((r) => sourceIds.get(r.event.source.name)!),
      rows.map((r) => r.event.source.line),
      storedAt,
    ],
  }
}

/**
 * Under the writer lock nothing else inserts; a skipped row means a writer bypassed it, and the outcomes computed for
 * this batch would be wrong: roll it all back rather than report them.
 */
function assertAllInserted(expected: number, inserted: number): void {
  if (inserted !== expected) {
    throw new OnesellerError(
      'conflict',
      `${expected - inserted} records of this batch were stored concurrently by a writer that does not take oneseller's lock; nothing of this batch was stored. Run the same command again.`,
    )
  }
}

/** The ids of the sources (files, channels) of the batch, created when new; cached for the store's life. */
async function resolveSources(ctx: AppendContext, names: readonly string[]): Promise<ReadonlyMap<string, number>> {
  const missing = names.filter((n) => !ctx.sourceIds.has(n))
  if (missing.length > 0) {
    await ctx.client.query('INSERT INTO sources (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [
      missing,
    ])
    const { rows } = await ctx.client.query<{ id: number; name: string }>(
      'SELECT id, name FROM sources WHERE name = ANY($1::text[])',
      [missing],
    )
    for (const r of rows) ctx.sourceIds.set(r.name, r.id)
  }
  return ctx.sourceIds
}

/**
 * The derived state of the accounts that received records: counters only when none of their new records changes
 * state; otherwise the state advanced, or folded again from the whole log and the new records when a state-changing
 * record arrived out of time order (the log read here, under the lock, before the new records are written).
 */
async function deriveState(
  client: PoolClient,
  added: ReadonlyMap<string, readonly EventInput[]>,
  states: ReadonlyMap<string, AccountState>,
): Promise<{ counted: Map<string, readonly EventInput[]>; next: AccountState[] }> {
  const counted = new Map<string, readonly EventInput[]>()
  const next: AccountState[] = []
  const refold: string[] = []
  for (const [id, list] of added) {
    if (!list.some((e) => e.change !== undefined)) {
      counted.set(id, list)
      continue
    }
    const state = states.get(id)
    if (canApplyInOrder(state, list))
      next.push(applyEvents(state ?? emptyAccountState(id as AccountId, list[0]!.at), list))
    else refold.push(id)
  }
  // The log as it will be once this batch is in: what it holds (in time order, ties in seq order), then the new
  // records in input order (their seqs follow); the fold sorts by time and keeps ties in that order.
  const stored = await readAccountEvents(client, refold)
  for (const id of refold) {
    const events = (stored.get(id) ?? []).map((e): AccountEvent => toAccountEvent(e.record, e.at))
    next.push(foldAccountEvents(id as AccountId, [...events, ...added.get(id)!])!)
  }
  return { counted, next }
}

/** The whole log of the given accounts, each in time order (ties in arrival order). */
export async function readAccountEvents(
  client: PoolClient,
  ids: readonly string[],
): Promise<Map<string, { record: InterchangeRecord; at: Instant }[]>> {
  const byAccount = new Map<string, { record: InterchangeRecord; at: Instant }[]>()
  for (const slice of slices(ids)) {
    const { rows } = await client.query<{ seq: number; account: string; body: string; at: number }>(
      'SELECT seq, account, body, at FROM events WHERE account = ANY($1::text[]) ORDER BY account, at, seq',
      [slice],
    )
    for (const r of rows) {
      const event = { record: decodeBody(r.body, r.seq), at: r.at as Instant }
      const list = byAccount.get(r.account)
      if (list) list.push(event)
      else byAccount.set(r.account, [event])
    }
  }
  return byAccount
}

/** A stored record, validated again: it changes derived state. */
export function decodeBody(body: string, seq: number): InterchangeRecord {
  const parsed = parseRecord(JSON.parse(body))
  if (!parsed.ok) throw new Error(`stored event ${seq} no longer validates: ${parsed.error[0]?.message}`)
  return parsed.value.record
}
