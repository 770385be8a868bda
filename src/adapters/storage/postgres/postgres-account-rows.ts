import type { PoolClient } from 'pg'
import {
  type AccountState,
  decodeVerifications,
  encodeProblemCodes,
  encodeVerifications,
  problemCodesOf,
} from '../../../core/accounts/index.ts'
import type { Identifier } from '../../../core/identifiers/index.ts'
import type { AccountId } from '../../../core/ids.ts'
import type { Profile } from '../../../core/interchange/index.ts'
import type { Instant } from '../../../core/time.ts'
import type { EventInput } from '../../../ports/index.ts'
import { slices } from './postgres-transaction.ts'

/** A row of `accounts` joined with its `account_profiles` row (null columns when the account declared nothing). */
export interface AccountRow {
  id: string
  registered: boolean
  marketplace: string | null
  kind: string | null
  channel_type: string | null
  channel_ref: string | null
  status: string
  registered_at: number | null
  first_event_at: number
  last_event_at: number
  n_account: number
  n_session: number
  n_update: number
  n_listing: number
  n_verification: number
  n_status: number
  /** Migration 4: the verification summary (encodeVerifications). */
  verifications: string
  /** Migration 4: the problem codes of the current identifiers (encodeProblemCodes). */
  problems: string
  profile?: Profile | null
  identifiers?: Identifier[] | null
}

/** The account and its declarations; `json` columns arrive parsed. */
export const SELECT_ACCOUNT = `SELECT a.*, p.profile, p.identifiers FROM accounts a
  LEFT JOIN account_profiles p ON p.id = a.id`

export function fromAccountRow(r: AccountRow): AccountState {
  return {
    id: r.id as AccountId,
    registered: r.registered,
    marketplace: r.marketplace,
    kind: r.kind as AccountState['kind'],
    channelType: r.channel_type as AccountState['channelType'],
    channelRef: r.channel_ref,
    status: r.status as AccountState['status'],
    registeredAt: r.registered_at as Instant | null,
    firstEventAt: r.first_event_at as Instant,
    lastEventAt: r.last_event_at as Instant,
    eventCounts: {
      account: r.n_account,
      session: r.n_session,
      update: r.n_update,
      listing: r.n_listing,
      verification: r.n_verification,
      status: r.n_status,
    },
    profile: r.profile ?? {},
    identifiers: r.identifiers ?? [],
    verifications: decodeVerifications(r.verifications),
  }
}

/** Loads the current state of the given accounts (absent ones are missing from the map). */
export async function loadAccountStates(
  client: PoolClient,
  ids: readonly string[],
): Promise<Map<string, AccountState>> {
  const states = new Map<string, AccountState>()
  for (const slice of slices(ids)) {
    const { rows } = await client.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.id = ANY($1::text[])`, [slice])
    for (const row of rows) states.set(row.id, fromAccountRow(row))
  }
  return states
}

/** A statement over parameters numbered from `$(offset + 1)`, and their values: several combine into one. */
export interface Statement {
  readonly sql: string
  readonly values: readonly unknown[]
}

/** `$n` placeholders numbered after `offset`: `p(1)` is the first of this statement's parameters. */
export function placeholders(offset: number): (n: number) => string {
  return (n) => `$${offset + n}`
}

/** Writes whole account states (the row and the declarations), replacing what was there. */
export async function writeAccountStates(client: PoolClient, states: readonly AccountState[]): Promise<void> {
  for (const slice of slices(states)) {
    for (const { sql, values } of [upsertAccountRows(slice, 0), upsertAccountProfiles(slice, 0)]) {
      await client.query(sql, [...values])
    }
  }
}

/** The upsert of the `accounts` rows of whole states (at most `ROWS_PER_STATEMENT`). */
export function upsertAccountRows(states: readonly AccountState[], offset: number): Statement {
  const c = (f: (s: AccountState) => unknown) => states.map(f)
  const p = placeholders(offset)
  return {
    sql: `INSERT INTO accounts (id, registered, marketplace, kind, channel_type, channel_ref, status, registered_at,
         first_event_at, last_event_at, n_account, n_session, n_update, n_listing, n_verification, n_status,
         verifications, problems)
       SELECT * FROM unnest(${p(1)}::text[], ${p(2)}::boolean[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[],
         ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::bigint[], ${p(9)}::bigint[], ${p(10)}::bigint[], ${p(11)}::integer[],
         ${p(12)}::integer[], ${p(13)}::integer[], ${p(14)}::integer[], ${p(15)}::integer[], ${p(16)}::integer[],
         ${p(17)}::text[], ${p(18)}::text[])
       ON CONFLICT (id) DO UPDATE SET registered = excluded.registered, marketplace = excluded.marketplace,
         kind = excluded.kind, channel_type = excluded.channel_type, channel_ref = excluded.channel_ref,
         status = excluded.status, registered_at = excluded.registered_at, first_event_at = excluded.first_event_at,
         last_event_at = excluded.last_event_at, n_account = excluded.n_account, n_session = excluded.n_session,
         n_update = excluded.n_update, n_listing = excluded.n_listing, n_verification = excluded.n_verification,
         n_status = excluded.n_status, verifications = excluded.verifications, problems = excluded.problems`,
    values: [
      c((s) => s.id),
      c((s) => s.registered),
      c((s) => s.marketplace),
      c((s) => s.kind),
      c((s) => s.channelType),
      c((s) => s.channelRef),
      c((s) => s.status),
      c((s) => s.registeredAt),
      c((s) => s.firstEventAt),
      c((s) => s.lastEventAt),
      c((s) => s.eventCounts.account),
      c((s) => s.eventCounts.session),
      c((s) => s.eventCounts.update),
      c((s) => s.eventCounts.listing),
      c((s) => s.eventCounts.verification),
      c((s) => s.eventCounts.status),
      // The states written here were loaded with their declarations: their identifiers are the current ones.
      c((s) => encodeVerifications(s.verifications)),
      c((s) => encodeProblemCodes(problemCodesOf(s.identifiers))),
    ],
  }
}

/** The upsert of the declarations of whole states (at most `ROWS_PER_STATEMENT`). */
export function upsertAccountProfiles(states: readonly AccountState[], offset: number): Statement {
  const p = placeholders(offset)
  return {
    sql: `INSERT INTO account_profiles (id, profile, identifiers)
       SELECT * FROM unnest(${p(1)}::text[], ${p(2)}::json[], ${p(3)}::json[])
       ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, identifiers = excluded.identifiers`,
    values: [
      states.map((s) => s.id),
      states.map((s) => JSON.stringify(s.profile)),
      states.map((s) => JSON.stringify(s.identifiers)),
    ],
  }
}

/**
 * Records that only count (sessions, listings, verifications) change an account's counters and time range: one
 * upsert for the whole batch, without reading the accounts or their declarations (the common case of an import).
 */
export async function bumpAccountCounts(
  client: PoolClient,
  added: ReadonlyMap<string, readonly EventInput[]>,
): Promise<void> {
  for (const slice of slices([...added])) {
    const { sql, values } = upsertAccountCounts(slice, 0)
    await client.query(sql, [...values])
  }
}

/** The upsert of the counters and time ranges of accounts that received records (at most `ROWS_PER_STATEMENT`). */
export function upsertAccountCounts(
  added: readonly (readonly [string, readonly EventInput[]])[],
  offset: number,
): Statement {
  const rows = added.map(([id, events]) => {
    let first = Number.POSITIVE_INFINITY
    let last = Number.NEGATIVE_INFINITY
    const n = { session: 0, listing: 0, verification: 0 }
    for (const e of events) {
      first = Math.min(first, e.at)
      last = Math.max(last, e.at)
      if (e.type === 'session' || e.type === 'listing' || e.type === 'verification') n[e.type] += 1
    }
    return { id, first, last, ...n }
  })
  const p = placeholders(offset)
  return {
    sql: `INSERT INTO accounts (id, registered, status, first_event_at, last_event_at, n_account, n_session, n_update,
         n_listing, n_verification, n_status)
       SELECT id, false, 'active', first, last, 0, session, 0, listing, verification, 0
       FROM unnest(${p(1)}::text[], ${p(2)}::bigint[], ${p(3)}::bigint[], ${p(4)}::integer[], ${p(5)}::integer[],
         ${p(6)}::integer[]) AS t (id, first, last, session, listing, verification)
       ON CONFLICT (id) DO UPDATE SET first_event_at = least(accounts.first_event_at, excluded.first_event_at),
         last_event_at = greatest(accounts.last_event_at, excluded.last_event_at),
         n_session = accounts.n_session + excluded.n_session, n_listing = accounts.n_listing + excluded.n_listing,
         n_verification = accounts.n_verification + excluded.n_verification`,
    values: [
      rows.map((r) => r.id),
      rows.map((r) => r.first),
      rows.map((r) => r.last),
      rows.map((r) => r.session),
      rows.map((r) => r.listing),
      rows.map((r) => r.verification),
    ],
  }
}
