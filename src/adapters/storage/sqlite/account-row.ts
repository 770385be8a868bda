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

/** A row of the `accounts` table. */
export interface AccountRow {
  id: string
  registered: number
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
}

/** A row of `account_profiles` (absent until the account declares something). */
export interface ProfileRow {
  id: string
  profile: string
  identifiers: string
}

/**
 * The row of a state. `problems` are derived from the state's identifiers, unless given: a state read without its
 * declarations (`fromAccountRow(row, undefined)`) has no identifiers, and must keep the codes its row holds.
 */
export function toAccountRow(s: AccountState, problems?: string): AccountRow {
  const c = s.eventCounts
  return {
    id: s.id,
    registered: s.registered ? 1 : 0,
    marketplace: s.marketplace,
    kind: s.kind,
    channel_type: s.channelType,
    channel_ref: s.channelRef,
    status: s.status,
    registered_at: s.registeredAt,
    first_event_at: s.firstEventAt,
    last_event_at: s.lastEventAt,
    n_account: c.account,
    n_session: c.session,
    n_update: c.update,
    n_listing: c.listing,
    n_verification: c.verification,
    n_status: c.status,
    verifications: encodeVerifications(s.verifications),
    problems: problems ?? encodeProblemCodes(problemCodesOf(s.identifiers)),
  }
}

/** A row's values in the order of the table's columns, for a positional INSERT. */
export function toAccountValues(r: AccountRow): unknown[] {
  return [
    r.id,
    r.registered,
    r.marketplace,
    r.kind,
    r.channel_type,
    r.channel_ref,
    r.status,
    r.registered_at,
    r.first_event_at,
    r.last_event_at,
    r.n_account,
    r.n_session,
    r.n_update,
    r.n_listing,
    r.n_verification,
    r.n_status,
    r.verifications,
    r.problems,
  ]
}

export function toProfileRow(s: AccountState): ProfileRow {
  return { id: s.id, profile: JSON.stringify(s.profile), identifiers: JSON.stringify(s.identifiers) }
}

export function fromAccountRow(r: AccountRow, p: ProfileRow | undefined): AccountState {
  return {
    id: r.id as AccountId,
    registered: r.registered === 1,
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
    profile: p === undefined ? {} : (JSON.parse(p.profile) as Profile),
    identifiers: p === undefined ? [] : (JSON.parse(p.identifiers) as Identifier[]),
    verifications: decodeVerifications(r.verifications),
  }
}
