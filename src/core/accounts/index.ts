export type { AccountChange, AccountHistory, IdentifierSpan } from './account-history.ts'
export { accountHistory } from './account-history.ts'
export type { AccountEvent, AccountState, StateChangingRecord } from './account-state.ts'
export {
  applyEvent,
  applyEvents,
  applyUpdate,
  canApplyInOrder,
  emptyAccountState,
  foldAccountEvents,
  identifiersOf,
  isStateChanging,
  registrationIdentifiers,
  STATE_CHANGING_TYPES,
  toAccountEvent,
  toStateChange,
  ZERO_COUNTS,
} from './account-state.ts'
export type { ProblemCodes } from './problem-codes.ts'
export { decodeProblemCodes, encodeProblemCodes, NO_PROBLEM_CODES, problemCodesOf } from './problem-codes.ts'
export type {
  VerificationMethod,
  VerificationStanding,
  VerificationSummaries,
  VerificationSummary,
} from './verification-summary.ts'
export {
  applyVerification,
  decodeVerifications,
  encodeVerifications,
  isVerificationInOrder,
  NO_VERIFICATIONS,
  VERIFICATION_METHODS,
} from './verification-summary.ts'
