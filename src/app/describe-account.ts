import { type AccountHistory, type AccountState, accountHistory, toAccountEvent } from '../core/accounts/index.ts'
import { OnesellerError } from '../core/errors.ts'
import type { AccountId } from '../core/ids.ts'
import type { EventStore } from '../ports/index.ts'

export interface AccountDescription {
  readonly state: AccountState
  readonly history: AccountHistory
}

/** An account as the store knows it: current declarations and identifiers, and the history of its changes. */
export async function describeAccount(deps: { readonly events: EventStore }, id: string): Promise<AccountDescription> {
  const accountId = id as AccountId
  const state = await deps.events.getAccount(accountId)
  if (state === undefined) throw new OnesellerError('not_found', `no account ${JSON.stringify(id)} in the store`)
  const events = await deps.events.listEvents(accountId)
  return {
    state,
    history: accountHistory(
      accountId,
      events.map((e) => toAccountEvent(e.record, e.at)),
    ),
  }
}
