import type { ErrorCode } from '../core/errors.ts'

/** Exit codes, after BSD sysexits where one fits. */
export const EXIT = {
  OK: 0,
  /** The command finished, but some input was rejected (e.g. bad lines in an import). */
  PARTIAL: 3,
  USAGE: 64,
  DATA: 65,
  NO_INPUT: 66,
  UNAVAILABLE: 69,
  INTERNAL: 70,
  CANNOT_CREATE: 73,
  IO: 74,
  /** A setting is missing or invalid (e.g. what production mode requires): nothing was started. */
  CONFIG: 78,
  INTERRUPTED: 130,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** Mirrors http/http-errors.ts: one place that maps error codes to exit codes. */
export const EXIT_BY_CODE = {
  invalid_input: EXIT.DATA,
  not_found: EXIT.NO_INPUT,
  conflict: EXIT.DATA,
  deadline_passed: EXIT.DATA,
  appeal_not_allowed: EXIT.DATA,
  storage_unavailable: EXIT.CANNOT_CREATE,
  storage_full: EXIT.IO,
  delivery_failed: EXIT.UNAVAILABLE,
} as const satisfies Record<ErrorCode, ExitCode>
