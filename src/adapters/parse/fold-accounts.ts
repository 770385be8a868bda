import {
  type AccountEvent,
  applyEvents,
  canApplyInOrder,
  emptyAccountState,
  encodeProblemCodes,
  encodeVerifications,
  foldAccountEvents,
  problemCodesOf,
} from '../../core/accounts/index.ts'
import type { AccountId } from '../../core/ids.ts'
import type { FoldedAccount } from '../../ports/index.ts'

/** An event of a batch as folding needs it: its account, and what state derivation reads. */
export interface FoldableEvent extends AccountEvent {
  readonly account: string
}

/**
 * The state each account with state-changing events in the batch would have if the store held none of its events
 * before: what the store derives for a new account (in arrival order when that gives what time order gives, otherwise
 * folded in time order, as the store refolds an account whose records come out of order), with its texts encoded.
 * Accounts whose events only count are left out: the store adds them up without deriving anything.
 */
export function foldAccounts(events: readonly FoldableEvent[]): Map<string, FoldedAccount> {
  const byAccount = new Map<string, FoldableEvent[]>()
  const changing = new Set<string>()
  // An account's records mostly come one after another: the list of the one before is looked up only once.
  let previous: { account: string; list: FoldableEvent[] } | undefined
  for (const e of events) {
    let list = previous?.account === e.account ? previous.list : byAccount.get(e.account)
    if (list === undefined) {
      list = []
      byAccount.set(e.account, list)
    }
    list.push(e)
    if (previous?.list !== list) previous = { account: e.account, list }
    if (e.change !== undefined) changing.add(e.account)
  }
  const folded = new Map<string, FoldedAccount>()
  for (const id of changing) folded.set(id, foldAccount(id, byAccount.get(id) as FoldableEvent[]))
  return folded
}

function foldAccount(id: string, events: readonly FoldableEvent[]): FoldedAccount {
  const inOrder = canApplyInOrder(undefined, events)
  const state = inOrder
    ? applyEvents(emptyAccountState(id as AccountId, (events[0] as FoldableEvent).at), events)
    : foldAccountEvents(id as AccountId, events)
  if (state === undefined) throw new Error('folding an account without events')
  // What the store writes: the declarations when the events declare some (or the account is refolded), else none.
  const declares = !inOrder || events.some((e) => e.type === 'account' || e.type === 'update')
  return {
    records: events.length,
    registered: state.registered,
    marketplace: state.marketplace,
    kind: state.kind,
    channelType: state.channelType,
    channelRef: state.channelRef,
    status: state.status,
    registeredAt: state.registeredAt,
    firstEventAt: state.firstEventAt,
    lastEventAt: state.lastEventAt,
    eventCounts: state.eventCounts,
    verifications: encodeVerifications(state.verifications),
    problems: declares ? encodeProblemCodes(problemCodesOf(state.identifiers)) : '',
    profile: declares ? JSON.stringify(state.profile) : '{}',
    identifiers: declares ? JSON.stringify(state.identifiers) : '[]',
  }
}
