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

/** Writes whole account states (the row and the declarations), replacing what was there. */
export async function writeAccountStates(client: PoolClient, states: readonly AccountState[]): Promise<void> {
  for (const slice of slices(states)) {
    const c = (f: (s: AccountState) => unknown) => slice.map(f)
    await client.query(
      `INSERT INTO accounts (id, registered, marketplace, kind, channel_type, channel_ref, status, registered_at,
         first_event_at, last_event_at, n_account, n_session, n_update, n_listing, n_verification, n_status,
         verifications, problems)
       SELECT * FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::bigint[], $9::bigint[], $10::bigint[], $11::integer[], $12::integer[], $13::integer[], $14::integer[],
         $15::integer[], $16::integer[], $17::text[], $18::text[])
       ON CONFLICT (id) DO UPDATE SET registered = excluded.registered, marketplace = excluded.marketplace,
         kind = excluded.kind, channel_type = excluded.channel_type, channel_ref = excluded.channel_ref,
         status = excluded.status, registered_at = excluded.registered_at, first_event_at = excluded.first_event_at,
         last_event_at = excluded.last_event_at, n_account = excluded.n_account, n_session = excluded.n_session,
         n_update = excluded.n_update, n_listing = excluded.n_listing, n_verification = excluded.n_verification,
         n_status = excluded.n_status, verifications = excluded.verifications, problems = excluded.problems`,
      [
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
    )
    await client.query(
      `INSERT INTO account_profiles (id, profile, identifiers)
       SELECT * FROM unnest($1::text[], $2::json[], $3::json[])
       ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, identifiers = excluded.identifiers`,
      [c((s) => s.id), c((s) => JSON.stringify(s.profile)), c((s) => JSON.stringify(s.identifiers))],
    )
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
  const rows = [...added].map(([id, events]) => {
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
  for (const slice of slices(rows)) {
    await client.query(
      `INSERT INTO accounts (id, registered, status, first_event_at, last_event_at, n_account, n_session, n_update,
         n_listing, n_verification, n_status)
       SELECT id, false, 'active', first, last, 0, session, 0, listing, verification, 0
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::integer[], $5::integer[], $6::integer[])
         AS t (id, first, last, session, listing, verification)
       ON CONFLICT (id) DO UPDATE SET first_event_at = least(accounts.first_event_at, excluded.first_event_at),
         last_event_at = greatest(accounts.last_event_at, excluded.last_event_at),
         n_session = accounts.n_session + excluded.n_session, n_listing = accounts.n_listing + excluded.n_listing,
         n_verification = accounts.n_verification + excluded.n_verification`,
      [
        slice.map((r) => r.id),
        slice.map((r) => r.first),
        slice.map((r) => r.last),
        slice.map((r) => r.session),
        slice.map((r) => r.listing),
        slice.map((r) => r.verification),
      ],
    )
  }
}
