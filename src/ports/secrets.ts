/** Unpredictable values and one-way digests, injected so that the app layer stays free of I/O and randomness. */
export interface Secrets {
  /** `bytes` unpredictable bytes (never seeded) as base64url text: API keys, ids, request ids. */
  randomToken(bytes: number): string
  /** SHA-256 of the UTF-8 text, as 64 lowercase hexadecimal digits. */
  sha256(text: string): string
  /**
   * HMAC-SHA256 of the UTF-8 text under the UTF-8 key, as base64url without padding (43 characters): what signs seller
   * portal tokens.
   */
  hmacSha256(key: string, text: string): string
  /** True when the two texts are equal, in a time that does not depend on where they differ (signatures, digests). */
  sameSecret(a: string, b: string): boolean
  /**
   * A slow, salted hash of a password, self-describing (`scrypt$N$r$p$salt$hash`), so that its costs can be raised
   * later without breaking stored ones. Takes tens of milliseconds off the event loop.
   */
  hashPassword(password: string): Promise<string>
  /** True when the password is the one `stored` was made from; false for any other (compared in constant time). */
  verifyPassword(password: string, stored: string): Promise<boolean>
}
