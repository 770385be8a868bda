import { OnesellerError } from '../../../core/errors.ts'

/** Where the URL comes from, for messages: the CLI takes it from `--db` or, by default, `DATABASE_URL`. */
const URL_SETTING = 'DATABASE_URL (or --db)'

/** Socket errors that mean the server could not be reached at all. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * The database a URL names, for messages: scheme, user, host, port and database, never the password or the query
 * (which may carry one).
 */
export function describePostgresUrl(url: string): string {
  // An unparsable URL may still hold a password: name the setting, never echo the value.
  if (!URL.canParse(url)) return `the PostgreSQL database in ${URL_SETTING}`
  const u = new URL(url)
  const user = u.username === '' ? '' : `${decodeURIComponent(u.username)}@`
  return `${u.protocol}//${user}${u.host}${u.pathname}`
}

/** Turns a driver error into an {@link OnesellerError} that says what failed and what to do. */
export function toPostgresError(e: unknown, doing: string, label: string): OnesellerError {
  if (e instanceof OnesellerError) return e
  const code = errorCode(e)
  const reason = e instanceof Error ? e.message || code : String(e)
  const fail = (kind: 'storage_unavailable' | 'storage_full' | 'invalid_input', message: string) =>
    new OnesellerError(kind, `${doing} failed: ${message}`, { cause: e })
  if (UNREACHABLE.has(code) || /timeout expired|connection timeout/i.test(reason)) {
    return fail(
      'storage_unavailable',
      `cannot connect to PostgreSQL at ${label} (${code || reason}). Start the server, or set ${URL_SETTING} to a server that runs.`,
    )
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /^57P0[123]$/.test(code) || /connection terminated/i.test(reason)) {
    return fail(
      'storage_unavailable',
      `the connection to PostgreSQL at ${label} was lost (${reason}). The transaction in flight was not committed; when the server is back, run the same command again.`,
    )
  }
  switch (code) {
    case '28P01':
    case '28000':
      return fail(
        'storage_unavailable',
        `PostgreSQL at ${label} refused the login (${reason}). Check the user and password in ${URL_SETTING}.`,
      )
    case '3D000':
      return fail(
        'storage_unavailable',
        `${reason} on ${label}. Create it (CREATE DATABASE …) or point ${URL_SETTING} at an existing database.`,
      )
    case '3F000':
      return fail(
        'storage_unavailable',
        `${reason} on ${label}. Create the schema (CREATE SCHEMA …) or correct the search_path in ${URL_SETTING}.`,
      )
    case '53100':
      return fail(
        'storage_full',
        `the disk of the PostgreSQL server at ${label} is full. Nothing of this batch was stored; free some space and run the same command again: it resumes where it stopped.`,
      )
    case '53000':
    case '53200':
    case '53300':
    case '53400':
      return fail(
        'storage_unavailable',
        `PostgreSQL at ${label} is out of resources (${reason}). Retry when it has capacity again.`,
      )
    case '42501':
    case '25006':
      return fail(
        'storage_unavailable',
        `${label} cannot be written (${reason}). Grant the user of ${URL_SETTING} the rights it needs, or choose another database.`,
      )
    case '40001':
    case '40P01':
    case '55P03':
      return fail('storage_unavailable', `${label} is busy (${reason}). Retry: nothing of this call was stored.`)
    case '22021':
    case '22P05':
      return fail('invalid_input', `PostgreSQL at ${label} cannot store a value (${reason}).`)
    default:
      return fail('storage_unavailable', `${reason}${code === '' ? '' : ` (${code})`} on ${label}`)
  }
}

/** The SQLSTATE of a server error, or the socket error code (also of the first attempt of a multi-address connect). */
function errorCode(e: unknown): string {
  const own = (e as { code?: unknown } | null)?.code
  if (typeof own === 'string') return own
  const first = (e as { errors?: readonly { code?: unknown }[] } | null)?.errors?.[0]?.code
  return typeof first === 'string' ? first : ''
}

/**
 * A write's failure: a row the schema refuses (class 23: a CHECK, a NOT NULL, a foreign key) is the caller's to fix,
 * reported as `invalid_input` (the transaction rolled back); anything else as {@link toPostgresError}.
 */
export function toPostgresWriteError(e: unknown, doing: string, label: string): OnesellerError {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('23')) {
    return new OnesellerError(
      'invalid_input',
      `${doing} failed: ${label} refused a value (${(e as Error).message}). Nothing of this call was stored.`,
      { cause: e },
    )
  }
  return toPostgresError(e, doing, label)
}
