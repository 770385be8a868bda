import type { ErrorCode } from '../core/errors.ts'

/** The only place that knows HTTP statuses for the app's errors (cli/exit-codes.ts mirrors it). */
export const STATUS_BY_CODE = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  deadline_passed: 409,
  appeal_not_allowed: 422,
  storage_unavailable: 503,
  storage_full: 507,
  delivery_failed: 502,
} as const satisfies Record<ErrorCode, number>

/** Codes of failures that only the HTTP edge knows (the request itself, not the use case). */
export type HttpErrorCode =
  | ErrorCode
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_flight'
  | 'not_ready'
  | 'internal'

export interface ErrorIssue {
  readonly field: string
  readonly message: string
}

/** A failure answered with a status and a JSON error body; thrown by hooks and routes, shaped by the error handler. */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly statusCode: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly issues: readonly ErrorIssue[] = [],
  ) {
    super(message)
  }
}

/** The body of every error response: `{ "error": { "code", "message", "issues"? } }`. */
export function errorBody(code: HttpErrorCode, message: string, issues: readonly ErrorIssue[] = []) {
  return { error: { code, message, ...(issues.length > 0 ? { issues } : {}) } }
}
