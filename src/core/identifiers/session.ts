import { isPresent } from './fold-text.ts'
import { type Identifier, makeIdentifier } from './identifier.ts'
import { parseIp } from './ip.ts'

/** What a session record carries that identifies the machine behind it. */
export interface SessionInput {
  readonly ip?: string | null
  readonly device?: string | null
  readonly cookie?: string | null
}

/**
 * The identifiers of a session: `ip`, its `ip_prefix`es (/24; /64 and /48), `device` and `cookie`. Device and
 * cookie ids are opaque tokens from the marketplace, kept exactly (trimmed): case may matter in them.
 */
export function deriveSessionIdentifiers(session: SessionInput): Identifier[] {
  const out: Identifier[] = []
  if (isPresent(session.ip)) {
    const { ip, prefixes } = parseIp(session.ip)
    out.push(ip, ...prefixes)
  }
  if (isPresent(session.device)) out.push(makeIdentifier('device', session.device.trim()))
  if (isPresent(session.cookie)) out.push(makeIdentifier('cookie', session.cookie.trim()))
  return out
}
