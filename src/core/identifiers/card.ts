import type { Card } from '../interchange/index.ts'
import { isLuhnValid } from './check-digits.ts'
import { digitsOf, isPresent } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

const BIN_LENGTH = 6 // 8-digit BINs exist since 2022, but most sources still give 6: key on the common part
const EXPIRY = /^(\d{4})-(0[1-9]|1[0-2])$/
const SHORT_EXPIRY = /^(0[1-9]|1[0-2])\s*\/\s*(\d{2}|\d{4})$/

/** `YYYY-MM` from `YYYY-MM`, `MM/YY` or `MM/YYYY`; '' when absent or unreadable. */
function normaliseExpiry(raw: string | undefined): string {
  if (!isPresent(raw)) return ''
  const text = raw.trim()
  if (EXPIRY.test(text)) return text
  const m = SHORT_EXPIRY.exec(text)
  if (!m) return ''
  const year = (m[2] as string).length === 2 ? `20${m[2]}` : (m[2] as string)
  return `${year}-${m[1]}`
}

/**
 * Identifies a card by `<bin6>:<last4>:<YYYY-MM>` (expiry empty when unknown). Never keeps a full card number:
 * when a full PAN (12–19 digits) is given it is Luhn-checked (ISO/IEC 7812-1) and truncated to bin + last 4.
 * Problems: `empty`, `bad_check_digit`, `bad_bin`, `bad_last4`, `bad_expiry`.
 */
export function normaliseCardNumber(bin: string, last4: string, expiry?: string): Identifier {
  const binDigits = digitsOf(bin)
  const problems: IdentifierProblem[] = []
  let lastDigits = digitsOf(last4)
  if (binDigits.length >= 12) {
    if (!isLuhnValid(binDigits)) problems.push(problem('bad_check_digit', 'the card number fails the Luhn check'))
    if (lastDigits === '') lastDigits = binDigits.slice(-4)
  } else if (binDigits.length < BIN_LENGTH) {
    problems.push(problem('bad_bin', 'a BIN (issuer identification number) has 6 or 8 digits'))
  }
  if (lastDigits.length !== 4) problems.push(problem('bad_last4', 'the last digits of a card are 4 digits'))
  const exp = normaliseExpiry(expiry)
  if (isPresent(expiry) && exp === '') problems.push(problem('bad_expiry', 'an expiry is written YYYY-MM or MM/YY'))
  return makeIdentifier('card', `${binDigits.slice(0, BIN_LENGTH)}:${lastDigits.slice(-4)}:${exp}`, problems)
}

/**
 * The identifiers of a declared card: `card_fingerprint` (the processor's fingerprint, kept exactly as given,
 * trimmed, since processors' fingerprints are case-sensitive) and `card` (bin + last 4 + expiry) when those are given.
 */
export function deriveCardIdentifiers(card: Card): Identifier[] {
  const out: Identifier[] = []
  if (isPresent(card.fingerprint)) out.push(makeIdentifier('card_fingerprint', card.fingerprint.trim()))
  if (isPresent(card.bin) || isPresent(card.last4)) {
    out.push(normaliseCardNumber(card.bin ?? '', card.last4 ?? '', card.expiry))
  }
  return out
}
