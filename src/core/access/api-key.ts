import { err, ok, type Result } from '../result.ts'
import type { Instant } from '../time.ts'

/**
 * What an API key may do: `ingest` sends records, `read` reads accounts, clusters, statistics, policies and jobs,
 * `metrics` scrapes the Prometheus metrics, `policies:write` loads policies and starts sweeps, `portal:issue` issues
 * seller portal tokens. A marketplace integration gets the least it needs.
 */
export const API_KEY_SCOPES = ['ingest', 'read', 'metrics', 'policies:write', 'portal:issue'] as const

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

/** An API key as stored and listed: never the key itself, which is shown once, at creation. */
export interface ApiKey {
  readonly id: string
  readonly name: string
  readonly scopes: readonly ApiKeyScope[]
  readonly createdAt: Instant
  /** When it stopped working; null while it works. */
  readonly revokedAt: Instant | null
}

/** Every key starts with this, so that a leaked one is recognisable (secret scanners, logs) and never mistaken. */
export const API_KEY_PREFIX = 'osk_'

/** Random bytes in a key: 256 bits, far beyond guessing, which is why a fast hash stores it safely. */
export const API_KEY_BYTES = 32

const NAME = /^[\p{L}\p{N} ._:/@-]{1,100}$/u

/** Reads `ingest,read` into scopes; every scope must be known and at least one given. */
export function parseScopes(text: string): Result<ApiKeyScope[], string> {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const unknown = names.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s))
  if (unknown.length > 0) {
    return err(
      `unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')}: choose from ${API_KEY_SCOPES.join(', ')}`,
    )
  }
  if (names.length === 0) return err(`give at least one scope: ${API_KEY_SCOPES.join(', ')}`)
  return ok(API_KEY_SCOPES.filter((s) => names.includes(s)))
}

/** A key's name: what it is for ("shop-eu ingest"), 1 to 100 letters, digits, spaces and `._:/@-`. */
export function parseKeyName(text: string): Result<string, string> {
  const name = text.trim()
  return NAME.test(name) ? ok(name) : err('a name of 1 to 100 letters, digits, spaces and . _ : / @ -')
}

/** True when the key may do what the scope allows (and has not been revoked). */
export function canUseScope(key: ApiKey, scope: ApiKeyScope): boolean {
  return key.revokedAt === null && key.scopes.includes(scope)
}
