import { API_KEY_BYTES, API_KEY_PREFIX, type ApiKey, parseKeyName, parseScopes } from '../core/access/api-key.ts'
import { OnesellerError } from '../core/errors.ts'
import type { ApiKeyStore, Clock, Secrets, StoredApiKey } from '../ports/index.ts'

export interface ApiKeyDeps {
  readonly apiKeys: ApiKeyStore
  readonly secrets: Secrets
  readonly clock: Clock
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
  return withoutHash(revoked)
}

/** The working key a request presents, or undefined when it is unknown or revoked. */
export async function authenticateApiKey(
  deps: Pick<ApiKeyDeps, 'apiKeys' | 'secrets'>,
  secret: string,
): Promise<ApiKey | undefined> {
  if (!secret.startsWith(API_KEY_PREFIX)) return undefined
  const stored = await deps.apiKeys.findByHash(deps.secrets.sha256(secret))
  return stored === undefined || stored.revokedAt !== null ? undefined : withoutHash(stored)
}

function withoutHash({ hash: _hash, ...key }: StoredApiKey): ApiKey {
  return key
}
