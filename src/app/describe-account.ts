import {
  type AccountEvent,
  type AccountHistory,
  type AccountState,
  accountHistory,
  toAccountEvent,
} from '../core/accounts/index.ts'
import { OnesellerError } from '../core/errors.ts'
import type { AccountId } from '../core/ids.ts'
import type { RecordType } from '../core/interchange/index.ts'
import type { EventStore } from '../ports/index.ts'

export interface AccountDescription {
  readonly state: AccountState
  readonly history: AccountHistory
}

/**
 * The records a history is made of: registrations, updates and status changes. Sessions and listings only count, and
 * verifications change the verification summary, which the state holds; none of them is read back for a history.
 */
const HISTORY_TYPES: readonly RecordType[] = ['account', 'update', 'status']

/** An account as the store knows it: current declarations and identifiers, and the history of its changes. */
export async function describeAccount(deps: { readonly events: EventStore }, id: string): Promise<AccountDescription> {
  const accountId = id as AccountId
  const state = await deps.events.getAccount(accountId)
  if (state === undefined) throw new OnesellerError('not_found', `no account ${JSON.stringify(id)} in the store`)
  const events = (await deps.events.listEvents(accountId, HISTORY_TYPES)).map((e) => toAccountEvent(e.record, e.at))
  return { state, history: accountHistory(accountId, withKnownIdentifiers(state, events)) }
}

/**
 * An account that never sent an update declares what its registration declared: the identifiers of that profile are
 * the current ones, derived when it was stored, so the history takes them rather than deriving them again.
 */
function withKnownIdentifiers(state: AccountState, events: readonly AccountEvent[]): readonly AccountEvent[] {
  if (events.some((e) => e.type === 'update')) return events
  return events.map((e) => (e.type === 'account' ? { ...e, identifiers: state.identifiers } : e))
}
