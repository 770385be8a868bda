import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { Secrets } from '../../ports/index.ts'

/**
 * scrypt costs for new passwords: N = 2^15, r = 8, p = 1 take 32 MiB and about 0.1 s per hash, slow enough that a
 * stolen table costs an attacker years per strong password, fast enough for a sign-in. Stored hashes name their
 * own costs, so raising these leaves existing ones readable.
 */
const SCRYPT_N = 2 ** 15
const SCRYPT_R = 8
const SCRYPT_P = 1
const SALT_BYTES = 16
const HASH_BYTES = 32

/** Costs read from a stored hash are refused above these, so that a corrupt row cannot stall the server. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16

const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/

/** The operating system's random source, node's SHA-256, HMAC and scrypt. */
export class NodeSecrets implements Secrets {
  randomToken(bytes: number): string {
    return randomBytes(bytes).toString('base64url')
  }

  sha256(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex')
  }

  hmacSha256(key: string, text: string): string {
    return createHmac('sha256', key).update(text, 'utf8').digest('base64url')
  }

  sameSecret(a: string, b: string): boolean {
    // Digests of equal length, so that timingSafeEqual applies and not even the lengths leak.
    const da = createHash('sha256').update(a, 'utf8').digest()
    const db = createHash('sha256').update(b, 'utf8').digest()
    return timingSafeEqual(da, db) && a === b
  }

  async hashPassword(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES)
    const hash = await scryptOf(password, salt, { n: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P, bytes: HASH_BYTES })
    return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64url')}$${hash.toString('base64url')}`
  }

  async verifyPassword(password: string, stored: string): Promise<boolean> {
    const m = STORED.exec(stored)
    const [n, r, p] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])]
    const expected = Buffer.from(m?.[5] ?? '', 'base64url')
    if (
      m === null ||
      n > MAX_N ||
      !isPowerOfTwo(n) ||
      r < 1 ||
      r > MAX_R ||
      p < 1 ||
      p > MAX_P ||
      expected.length < 16
    ) {
      // A corrupt row, not a wrong password: the caller must not read it as "no".
      throw new Error('a stored password hash is not in the scrypt$N$r$p$salt$hash format')
    }
    const actual = await scryptOf(password, Buffer.from(m[4] as string, 'base64url'), {
      n,
      r,
      p,
      bytes: expected.length,
    })
    return timingSafeEqual(actual, expected)
  }
}

function scryptOf(
  password: string,
  salt: Buffer,
  cost: { readonly n: number; readonly r: number; readonly p: number; readonly bytes: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128 · N · r bytes; node's default ceiling (32 MiB) is exactly the default cost, so leave room.
    const maxmem = 256 * cost.n * cost.r
    scrypt(password.normalize('NFC'), salt, cost.bytes, { N: cost.n, r: cost.r, p: cost.p, maxmem }, (e, key) =>
      e ? reject(e) : resolve(key),
    )
  })
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0
}
