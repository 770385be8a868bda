import type { ApiKey } from '../core/access/api-key.ts'
import type { Instant } from '../core/time.ts'

/** An API key with the digest it is found by. */
export interface StoredApiKey extends ApiKey {
  /** SHA-256 of the key, hexadecimal: the key itself is never stored. */
  readonly hash: string
}

/** The API keys of marketplace integrations. */
export interface ApiKeyStore {
  /** Adds a key; its id and hash are new. */
  insert(key: StoredApiKey): Promise<void>
  /** The key with this hash, revoked or not; undefined when none has it. */
  findByHash(hash: string): Promise<StoredApiKey | undefined>
  /** Every key, oldest first. */
  list(): Promise<readonly StoredApiKey[]>
  /** Marks the key revoked at `at` (a key revoked before keeps its first time); undefined when no key has the id. */
  revoke(id: string, at: Instant): Promise<StoredApiKey | undefined>
}
