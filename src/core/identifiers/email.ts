import { disposableEmailBlocklistSet } from 'disposable-email-domains-js'
import { toASCII } from 'punycode'
import { EMAIL_PROVIDERS, type EmailProviderRule } from './email-providers.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

/** Options of {@link normaliseEmail}. */
export interface EmailOptions {
  /** Extra or overriding provider rules by domain, merged over {@link EMAIL_PROVIDERS}. */
  readonly providers?: ReadonlyMap<string, EmailProviderRule>
  /** Extra disposable domains beyond the maintained list. */
  readonly disposableDomains?: ReadonlySet<string>
}

// The maintained list is ~100k domains; read once, when the first address is checked.
let disposable: ReadonlySet<string> | undefined
function disposableDomains(): ReadonlySet<string> {
  disposable ??= disposableEmailBlocklistSet()
  return disposable
}

const MAX_LOCAL = 64 // RFC 5321 §4.5.3.1.1
const MAX_DOMAIN = 253
const ASCII = /^[\x20-\x7e]*$/
const SPACES = /\s+/g
// RFC 5322 dot-atom characters plus the UTF-8 letters RFC 6531 allows in a local part.
const LOCAL_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u
// The same class for ASCII text, where \p{L} is A–Z a–z and \p{N} is 0–9; a non-Unicode pattern runs faster.
const ASCII_LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/
// A host name in one pattern: labels `[a-z0-9-]{1,63}` not starting or ending with `-`, at least two, and a TLD
// that is alphabetic (2–63 letters) or an `xn--` label (≤ 63 characters, not ending with `-`).
const HOST_NAME = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$/

function toAsciiDomain(domain: string): string | undefined {
  if (ASCII.test(domain)) return domain
  try {
    // UTS #46 mapping in the small: NFC + lower case (done by the caller), full stops unified, then RFC 3492.
    return toASCII(domain.replace(/[\u3002\uff0e\uff61]/g, '.'))
  } catch {
    return undefined // punycode rejects unpaired surrogates; the caller reports bad_domain
  }
}

function domainProblems(domain: string): IdentifierProblem[] {
  if (domain === '') return [problem('empty_domain', 'the address has nothing after @')]
  if (domain.length > MAX_DOMAIN) return [problem('bad_domain', 'the domain is longer than 253 characters')]
  if (!HOST_NAME.test(domain)) {
    return [problem('bad_domain', 'the domain is not a valid host name such as example.com')]
  }
  return []
}

function localProblems(local: string): IdentifierProblem[] {
  if (local === '') return [problem('empty_local', 'the address has nothing before @')]
  const out: IdentifierProblem[] = []
  if (local.length > MAX_LOCAL) out.push(problem('local_too_long', 'the part before @ is longer than 64 characters'))
  const atom = ASCII.test(local) ? ASCII_LOCAL_ATOM : LOCAL_ATOM
  if (!atom.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    out.push(problem('bad_local', 'the part before @ has characters or dots that mail systems reject'))
  }
  return out
}

function applyProviderRule(local: string, rule: EmailProviderRule | undefined): string {
  if (rule === undefined) return local
  let out = local
  if (rule.tagSeparator !== null) {
    const at = out.indexOf(rule.tagSeparator)
    if (at > 0) out = out.slice(0, at)
  }
  return rule.ignoresDots ? out.replaceAll('.', '') : out
}

function isDisposable(domain: string, extra: ReadonlySet<string> | undefined): boolean {
  const list = disposableDomains()
  // A sub-domain of a disposable service (a.b.mailinator.com) is disposable too.
  for (let at = 0; at !== -1; at = domain.indexOf('.', at + 1)) {
    const candidate = at === 0 ? domain : domain.slice(at + 1)
    if (list.has(candidate) || extra?.has(candidate)) return true
  }
  return false
}

/**
 * Normalises an email address to the key of the mailbox it reaches: trimmed, NFC, lower case, IDN domain in
 * ASCII (punycode), and the provider's sub-addressing and dot rules applied (`J.Doe+shop@GoogleMail.com` →
 * `jdoe@gmail.com`). Flags `disposable` for domains on the maintained disposable list.
 *
 * Problems: `empty`, `no_at`, `empty_local`, `bad_local`, `local_too_long`, `empty_domain`, `bad_domain`.
 */
export function normaliseEmail(raw: string, options: EmailOptions = {}): Identifier {
  let text = raw.replace(SPACES, '')
  if (!ASCII.test(text)) text = text.normalize('NFC')
  text = text.toLowerCase()
  if (text === '') return makeIdentifier('email', '', [problem('empty', 'no email address was given')])
  const at = text.lastIndexOf('@')
  if (at === -1) return makeIdentifier('email', text, [problem('no_at', 'an email address needs an @')])
  const local = text.slice(0, at)
  const unicodeDomain = text.endsWith('.') ? text.slice(at + 1, -1) : text.slice(at + 1)
  const asciiDomain = toAsciiDomain(unicodeDomain)
  const problems = localProblems(local)
  if (asciiDomain === undefined) problems.push(problem('bad_domain', 'the domain cannot be converted to ASCII'))
  else problems.push(...domainProblems(asciiDomain))
  const domain = asciiDomain ?? unicodeDomain
  const rule = options.providers?.get(domain) ?? EMAIL_PROVIDERS.get(domain)
  const key = `${applyProviderRule(local, rule)}@${rule?.canonicalDomain ?? domain}`
  const flags = domain !== '' && isDisposable(domain, options.disposableDomains) ? ['disposable'] : undefined
  return makeIdentifier('email', key, problems, flags)
}
