export type { AccountChange, AccountHistory, IdentifierSpan } from './account-history.ts'
export { accountHistory } from './account-history.ts'
export type { AccountEvent, AccountState, StateChangingRecord } from './account-state.ts'
export {
  applyEvent,
  applyEvents,
  applyUpdate,
  emptyAccountState,
  foldAccountEvents,
  identifiersOf,
  isStateChanging,
  registrationIdentifiers,
  STATE_CHANGING_TYPES,
  toAccountEvent,
  ZERO_COUNTS,
} from './account-state.ts'
