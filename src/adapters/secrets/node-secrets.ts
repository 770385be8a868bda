import { createHash, randomBytes } from 'node:crypto'
import type { Secrets } from '../../ports/index.ts'

/** The operating system's random source and node's SHA-256. */
export class NodeSecrets implements Secrets {
  randomToken(bytes: number): string {
    return randomBytes(bytes).toString('base64url')
  }

  sha256(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex')
  }
}
