/**
 * How a mailbox provider treats the local part: which characters it ignores and which separator starts a
 * sub-address tag. Every address that reaches one mailbox gets one key.
 */
export interface EmailProviderRule {
  /** Dots in the local part are ignored (`j.doe` and `jdoe` are one mailbox). */
  readonly ignoresDots: boolean
  /** The sub-addressing separator (`jdoe+shop` reaches `jdoe`), or null when the provider has none. */
  readonly tagSeparator: '+' | '-' | null
  /** The domain the key uses, when the provider has several names for one mailbox (googlemail → gmail). */
  readonly canonicalDomain?: string
}

const GMAIL: EmailProviderRule = { ignoresDots: true, tagSeparator: '+', canonicalDomain: 'gmail.com' }
const PLUS: EmailProviderRule = { ignoresDots: false, tagSeparator: '+' }
const YAHOO: EmailProviderRule = { ignoresDots: false, tagSeparator: '-' }
const PROTON: EmailProviderRule = { ignoresDots: false, tagSeparator: '+', canonicalDomain: 'proton.me' }
const ICLOUD: EmailProviderRule = { ignoresDots: false, tagSeparator: '+', canonicalDomain: 'icloud.com' }

/**
 * Provider rules by mail domain (after IDNA and lower-casing). Documented in docs/identifiers.md; operators
 * extend it through `normaliseEmail(raw, { providers })`.
 */
export const EMAIL_PROVIDERS: ReadonlyMap<string, EmailProviderRule> = new Map<string, EmailProviderRule>([
  ['gmail.com', GMAIL],
  ['googlemail.com', GMAIL],
  ['outlook.com', PLUS],
  ['hotmail.com', PLUS],
  ['hotmail.co.uk', PLUS],
  ['hotmail.de', PLUS],
  ['hotmail.fr', PLUS],
  ['live.com', PLUS],
  ['live.co.uk', PLUS],
  ['msn.com', PLUS],
  ['outlook.de', PLUS],
  ['outlook.jp', PLUS],
  ['yahoo.com', YAHOO],
  ['yahoo.co.uk', YAHOO],
  ['yahoo.de', YAHOO],
  ['yahoo.fr', YAHOO],
  ['ymail.com', YAHOO],
  ['rocketmail.com', YAHOO],
  ['fastmail.com', PLUS],
  ['fastmail.fm', PLUS],
  ['icloud.com', ICLOUD],
  ['me.com', ICLOUD],
  ['mac.com', ICLOUD],
  ['proton.me', PROTON],
  ['protonmail.com', PROTON],
  ['protonmail.ch', PROTON],
  ['pm.me', PROTON],
  ['zoho.com', PLUS],
  ['gmx.de', PLUS],
  ['gmx.net', PLUS],
  ['web.de', PLUS],
  ['posteo.de', PLUS],
  ['mailbox.org', PLUS],
  ['tutanota.com', PLUS],
  ['hey.com', PLUS],
])
