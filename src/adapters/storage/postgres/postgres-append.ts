import type { PoolClient } from 'pg'
import {
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
import { bumpAccountCounts, loadAccountStates, writeAccountStates } from './postgres-account-rows.ts'
import { slices } from './postgres-transaction.ts'

/**
 * Serialises the writers of one store (appends and rebuilds), as SQLite's single writer does: derived state is read,
 * changed and written back, and seq is assigned gap-free. Keyed by the schema, so stores in other schemas of the same
 * database do not wait for each other; readers never wait for it.
 */
export const LOCK_EVENT_WRITERS = `SELECT pg_advisory_xact_lock(hashtextextended('oneseller.events ' || current_schema(), 0))`

/** What an append needs besides the events: the connection (in a transaction) and the cache of source ids. */
export interface AppendContext {
  readonly client: PoolClient
  readonly sourceIds: Map<string, number>
  readonly storedAt: Instant
}

/**
 * Appends a batch inside the caller's transaction: one statement per step for the whole batch (no round trip per
 * record). Outcomes follow the input order; a record already stored (or earlier in the batch) is a duplicate with the
 * seq it was stored under.
 */
export async function appendEvents(ctx: AppendContext, events: readonly EventInput[]): Promise<AppendOutcome[]> {
  const { client } = ctx
  await client.query(LOCK_EVENT_WRITERS)
  const keys = events.map(keyOf)
  const changing = new Set(events.filter((e) => e.change !== undefined && isStorable(e)).map((e) => e.account))
  const states = await loadAccountStates(client, [...changing])
  const existing = await storedSeqs(client, events, keys)
  const { rows } = await client.query<{ last: number }>('SELECT coalesce(max(seq), 0) AS last FROM events')
  let seq = rows[0]!.last
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
  await insertEvents(ctx, toInsert)
  await deriveState(client, added, states)
  return outcomes
}

/** PostgreSQL text cannot hold U+0000 (SQLite can): such an account id is rejected, not the whole batch. */
function isStorable(e: EventInput): boolean {
  return !e.account.includes('\u0000')
}

/** A record's identity in the log: its account and the digest of its body. */
function keyOf(e: { readonly account: string; readonly digest: Uint8Array }): string {
  return `${Buffer.from(e.digest.buffer, e.digest.byteOffset, e.digest.byteLength).toString('hex')}|${e.account}`
}

/** The seq of every record of the batch that the log already holds. */
async function storedSeqs(
  client: PoolClient,
  events: readonly EventInput[],
  keys: readonly string[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  const unique = [...new Map(events.map((e, i) => [keys[i]!, e])).values()].filter(isStorable)
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

/** Inserts the new records with the seqs already assigned; ON CONFLICT keeps a concurrent duplicate from failing. */
async function insertEvents(
  ctx: AppendContext,
  rows: readonly { readonly event: EventInput; readonly seq: number }[],
): Promise<void> {
  const sourceIds = await resolveSources(ctx, [...new Set(rows.map((r) => r.event.source.name))])
  for (const slice of slices(rows)) {
    const result = await ctx.client.query(
      `INSERT INTO events (seq, account, digest, type, at, body, source_id, source_line, stored_at)
       SELECT seq, account, digest, type, at, body, source_id, source_line, $9
       FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::text[], $5::bigint[], $6::text[], $7::integer[],
         $8::integer[]) AS t (seq, account, digest, type, at, body, source_id, source_line)
       ON CONFLICT (account, digest) DO NOTHING`,
      [
        slice.map((r) => r.seq),
        slice.map((r) => r.event.account),
        slice.map((r) => r.event.digest),
        slice.map((r) => r.event.type),
        slice.map((r) => r.event.at),
        slice.map((r) => r.event.body),
        slice.map((r) => sourceIds.get(r.event.source.name)!),
        slice.map((r) => r.event.source.line),
        ctx.storedAt,
      ],
    )
    // Under the writer lock nothing else inserts; a skipped row means a writer bypassed it, and the outcomes
    // computed for this batch would be wrong: roll it all back rather than report them.
    if (result.rowCount !== slice.length) {
      throw new OnesellerError(
        'conflict',
        `${slice.length - (result.rowCount ?? 0)} records of this batch were stored concurrently by a writer that does not take oneseller's lock; nothing of this batch was stored. Run the same command again.`,
      )
    }
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
 * Updates the derived state of the accounts that received records: counters only, in one upsert, when none of their
 * new records changes state; otherwise the state is advanced, or folded again from the whole log when a
 * state-changing record arrived out of time order.
 */
async function deriveState(
  client: PoolClient,
  added: ReadonlyMap<string, readonly EventInput[]>,
  states: ReadonlyMap<string, AccountState>,
): Promise<void> {
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
  for (const [id, events] of await readAccountEvents(client, refold)) {
    next.push(
      foldAccountEvents(
        id as AccountId,
        events.map((e) => toAccountEvent(e.record, e.at)),
      )!,
    )
  }
  await bumpAccountCounts(client, counted)
  await writeAccountStates(client, next)
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
