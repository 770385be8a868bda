import { type AccountState, problemCodesOf } from '../accounts/index.ts'
import type { AccountSummary } from './account-summary.ts'

/** The summary of an account's current state: what a sweep reads from the store, for one account at a time. */
export function summarizeAccount(state: AccountState): AccountSummary {
  const codes = problemCodesOf(state.identifiers)
  return {
    id: state.id,
    registered: state.registered,
    marketplace: state.marketplace,
    kind: state.kind,
    channelType: state.channelType,
    channelRef: state.channelRef,
    status: state.status,
    registeredAt: state.registeredAt,
    firstEventAt: state.firstEventAt,
    lastEventAt: state.lastEventAt,
    sessions: state.eventCounts.session,
    listings: state.eventCounts.listing,
    updates: state.eventCounts.update,
    statuses: state.eventCounts.status,
    verificationRecords: state.eventCounts.verification,
    verifications: state.verifications,
    problems: codes.problems,
    invalidKinds: codes.invalidKinds,
  }
}
