/** The closed set of failures a caller must handle. HTTP and exit codes are mapped from these at the edges. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'deadline_passed'
  | 'appeal_not_allowed'
  | 'storage_unavailable'
  | 'storage_full'
  | 'delivery_failed'

/** A failure the caller must handle; `message` says what failed and what to do, never personal data. */
export class OnesellerError extends Error {
  override readonly name = 'OnesellerError'
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: opts.cause })
    this.details = opts.details ?? {}
  }
}

export function isOnesellerError(e: unknown): e is OnesellerError {
  return e instanceof OnesellerError
}
