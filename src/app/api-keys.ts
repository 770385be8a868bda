import { API_KEY_BYTES, API_KEY_PREFIX, type ApiKey, parseKeyName, parseScopes } from '../core/access/api-key.ts'
import { OnesellerError } from '../core/errors.ts'
import type { Instant } from '../core/time.ts'
import type { ApiKeyStore, Clock, Secrets, StoredApiKey } from '../ports/index.ts'

export interface ApiKeyDeps {
  readonly apiKeys: ApiKeyStore
  readonly secrets: Secrets
  readonly clock: Clock
  /** Keys authenticated lately, trusted without a store lookup for a few seconds (see {@link newAuthenticatedKeys}). */
  readonly authenticated?: AuthenticatedKeys
}

/**
 * How long a key, once found working, is trusted without asking the store again: every request of an integration
 * presents its key, and the lookup cost about as much as a whole read of an account. A key revoked through this
 * process is forgotten at once; one revoked by another process (`oneseller apikey revoke` beside a running server)
 * is refused from at most this long after.
 */
export const AUTHENTICATED_KEY_TTL_MS = 5_000
/** Keys kept at most: an integration uses a few; past this the oldest is forgotten (and looked up again). */
const AUTHENTICATED_KEYS_MAX = 1_000

/** The working keys a process authenticated lately, by the SHA-256 of their secret. Unknown keys are not kept. */
export interface AuthenticatedKeys {
  readonly byHash: Map<string, { readonly key: ApiKey; readonly until: Instant }>
}

export function newAuthenticatedKeys(): AuthenticatedKeys {
  return { byHash: new Map() }
}

/** A new key: `secret` is what the integration sends, shown this once; the store keeps only its SHA-256. */
export interface CreatedApiKey {
  readonly key: ApiKey
  readonly secret: string
}

/** Random bytes in a key id: ids are public (listed, logged), so they only need to be unique. */
const ID_BYTES = 9

/**
 * Creates an API key for a marketplace integration. Throws `invalid_input` for a bad name or scope list.
 * The key is 32 random bytes: SHA-256 suffices to store it, because no one can try 2^256 keys, where a password needs
 * a slow hash (scrypt) because people choose few; and a fast hash lets every request find its key by an index lookup.
 */
export async function createApiKey(
  deps: ApiKeyDeps,
  request: { readonly name: string; readonly scopes: string },
): Promise<CreatedApiKey> {
  const name = parseKeyName(request.name)
  if (!name.ok) throw new OnesellerError('invalid_input', `--name: ${name.error}`)
  const scopes = parseScopes(request.scopes)
  if (!scopes.ok) throw new OnesellerError('invalid_input', `--scope: ${scopes.error}`)
  const secret = `${API_KEY_PREFIX}${deps.secrets.randomToken(API_KEY_BYTES)}`
  const stored: StoredApiKey = {
    id: `key_${deps.secrets.randomToken(ID_BYTES)}`,
    name: name.value,
    scopes: scopes.value,
    createdAt: deps.clock.now(),
    revokedAt: null,
    hash: deps.secrets.sha256(secret),
  }
  await deps.apiKeys.insert(stored)
  return { key: withoutHash(stored), secret }
}

/** Every key, oldest first, revoked ones included. */
export async function listApiKeys(deps: Pick<ApiKeyDeps, 'apiKeys'>): Promise<readonly ApiKey[]> {
  return (await deps.apiKeys.list()).map(withoutHash)
}

/** Revokes a key at once: the next request with it is refused. Throws `not_found` for an unknown id. */
export async function revokeApiKey(deps: Omit<ApiKeyDeps, 'secrets'>, id: string): Promise<ApiKey> {
  const revoked = await deps.apiKeys.revoke(id, deps.clock.now())
  if (revoked === undefined) {
    throw new OnesellerError('not_found', `no API key ${JSON.stringify(id)}; "oneseller apikey list" shows the ids`)
  }
  const known = deps.authenticated?.byHash
  if (known !== undefined) for (const [hash, k] of known) if (k.key.id === id) known.delete(hash)
  return withoutHash(revoked)
}

/**
 * The working key a request presents, or undefined when it is unknown or revoked. With `authenticated`, a key found
 * working is trusted for {@link AUTHENTICATED_KEY_TTL_MS} without a lookup.
 */
export async function authenticateApiKey(
  deps: Pick<ApiKeyDeps, 'apiKeys' | 'secrets'> & Partial<Pick<ApiKeyDeps, 'clock' | 'authenticated'>>,
  secret: string,
): Promise<ApiKey | undefined> {
  if (!secret.startsWith(API_KEY_PREFIX)) return undefined
  const hash = deps.secrets.sha256(secret)
  const known = deps.clock === undefined ? undefined : deps.authenticated?.byHash
  const now = deps.clock?.now()
  const kept = known?.get(hash)
  if (kept !== undefined && now !== undefined && now < kept.until) return kept.key
  const stored = await deps.apiKeys.findByHash(hash)
  const key = stored === undefined || stored.revokedAt !== null ? undefined : withoutHash(stored)
  if (known !== undefined && now !== undefined) {
    known.delete(hash)
    if (key !== undefined) {
      if (known.size >= AUTHENTICATED_KEYS_MAX) known.delete(known.keys().next().value as string)
      known.set(hash, { key, until: (now + AUTHENTICATED_KEY_TTL_MS) as Instant })
    }
  }
  return key
}

function withoutHash({ hash: _hash, ...key }: StoredApiKey): ApiKey {
  return key
}
