export type { AccountEvent, AccountState, StateChangingRecord } from './account-state.ts'
export {
  applyEvent,
  applyEvents,
  applyUpdate,
  emptyAccountState,
  foldAccountEvents,
  isStateChanging,
  STATE_CHANGING_TYPES,
  toAccountEvent,
  ZERO_COUNTS,
} from './account-state.ts'
