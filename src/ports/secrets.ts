/** Unpredictable values and one-way digests, injected so that the app layer stays free of I/O and randomness. */
export interface Secrets {
  /** `bytes` unpredictable bytes (never seeded) as base64url text: API keys, ids, request ids. */
  randomToken(bytes: number): string
  /** SHA-256 of the UTF-8 text, as 64 lowercase hexadecimal digits. */
  sha256(text: string): string
}
