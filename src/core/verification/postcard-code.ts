import { err, ok, type Result } from '../result.ts'

/**
 * The characters of a postcard code: digits 2–9 and the letters A–Z without I, L and O. 0/O and 1/I/L are left out
 * because people cannot tell them apart on paper; 31 characters, so a code of 8 holds 31^8 ≈ 8.5 × 10^11 values
 * (39.6 bits).
 */
export const POSTCARD_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** Characters in a code, printed in two groups of four: `XXXX-XXXX`. */
export const POSTCARD_CODE_LENGTH = 8
const GROUP = 4

/**
 * Random bytes to pass to {@link codeFromRandomBytes}: each byte is used with probability 248/256, so 32 bytes fall
 * short of 8 usable ones with a probability below 10^-30.
 */
export const POSTCARD_CODE_RANDOM_BYTES = 32

/** Wrong entries allowed before the code locks: with 5 guesses out of 8.5 × 10^11 codes, guessing is hopeless. */
export const DEFAULT_POSTCARD_MAX_ATTEMPTS = 5

// The largest multiple of the alphabet's size that fits in a byte: bytes at or above it are dropped, so every
// character is equally likely (rejection sampling; `byte % 31` alone would favour the first 8 characters).
const ACCEPT_BELOW = 256 - (256 % POSTCARD_CODE_ALPHABET.length)

/**
 * A postcard code in its printed form `XXXX-XXXX`, drawn from random bytes the caller supplies (the core has no
 * randomness; pass {@link POSTCARD_CODE_RANDOM_BYTES} bytes from a cryptographic source). Bytes ≥ 248 are skipped so
 * that all 31 characters are equally likely. Throws when the bytes run out before 8 characters are drawn (a caller
 * that passes too few bytes has a bug).
 */
export function codeFromRandomBytes(bytes: Uint8Array): string {
  let code = ''
  for (const byte of bytes) {
    if (byte >= ACCEPT_BELOW) continue
    code += POSTCARD_CODE_ALPHABET[byte % POSTCARD_CODE_ALPHABET.length]
    if (code.length === POSTCARD_CODE_LENGTH) return `${code.slice(0, GROUP)}-${code.slice(GROUP)}`
  }
  throw new Error(
    `codeFromRandomBytes: ${bytes.length} random bytes held fewer than ${POSTCARD_CODE_LENGTH} usable ones; pass ${POSTCARD_CODE_RANDOM_BYTES}`,
  )
}

/** Why an entered code cannot be a postcard code. Positions count from 1 in the text as entered (after NFKC). */
export type PostcardCodeIssue =
  | { readonly code: 'empty' }
  | { readonly code: 'too_long'; readonly maxLength: number }
  /** O, 0, I, L or 1: no code contains them; the seller probably misread a character of the card. */
  | { readonly code: 'ambiguous_character'; readonly character: string; readonly position: number }
  | { readonly code: 'invalid_character'; readonly character: string; readonly position: number }
  | { readonly code: 'wrong_length'; readonly expected: number; readonly actual: number }

const AMBIGUOUS = new Set(['O', '0', 'I', 'L', '1'])
/** Separators people type between groups: spaces, hyphens and dashes, and the Japanese long-vowel mark an IME puts. */
const SEPARATOR = /[\s\-‐‑‒–—―−ー_.]/u
/** Longer text than this is not a code typed by hand (bounds the work done on garbage). */
const MAX_ENTERED_LENGTH = 64

/**
 * The printed form `XXXX-XXXX` of a code as a seller typed it: case-insensitive, full-width characters folded
 * (NFKC), spaces, hyphens and dashes anywhere ignored. There is no guessing: O, 0, I, L and 1 are never in a code, so
 * rather than map `O` to some other character the result names the character (`ambiguous_character`) and the
 * seller checks the card. Hash this printed form, as for a code from {@link codeFromRandomBytes}.
 */
export function normalizeEnteredCode(text: string): Result<string, PostcardCodeIssue> {
  if (text.length > MAX_ENTERED_LENGTH) return err({ code: 'too_long', maxLength: MAX_ENTERED_LENGTH })
  const folded = text.normalize('NFKC').toUpperCase()
  let code = ''
  let position = 0
  for (const character of folded) {
    position++
    if (SEPARATOR.test(character)) continue
    if (AMBIGUOUS.has(character)) return err({ code: 'ambiguous_character', character, position })
    if (!POSTCARD_CODE_ALPHABET.includes(character)) return err({ code: 'invalid_character', character, position })
    code += character
  }
  if (code === '') return err({ code: 'empty' })
  if (code.length !== POSTCARD_CODE_LENGTH) {
    return err({ code: 'wrong_length', expected: POSTCARD_CODE_LENGTH, actual: code.length })
  }
  return ok(`${code.slice(0, GROUP)}-${code.slice(GROUP)}`)
}

/** A sentence for the seller about an issue of {@link normalizeEnteredCode}, in English. */
export function describePostcardCodeIssue(issue: PostcardCodeIssue): string {
  switch (issue.code) {
    case 'empty':
      return 'Enter the code printed on the postcard.'
    case 'too_long':
      return `The code has ${POSTCARD_CODE_LENGTH} characters; the text entered is longer than ${issue.maxLength}.`
    case 'ambiguous_character':
      return `Codes never contain O, 0, I, L or 1, but character ${issue.position} is "${issue.character}": check the card.`
    case 'invalid_character':
      return `Character ${issue.position} ("${issue.character}") is not used in codes: codes use the digits 2–9 and letters.`
    case 'wrong_length':
      return `The code has ${issue.expected} characters; ${issue.actual} were entered.`
  }
}

/**
 * The text to hash for a code: the requirement it was issued for and the printed code. Binding the hash to the
 * requirement means a hash leaked or copied from one requirement matches no other; the adapter should still hash it
 * with a keyed hash (HMAC with a server secret), since 39.6 bits do not resist an offline search of a plain hash.
 */
export function postcardCodeHashInput(requirement: string | number, printedCode: string): string {
  return `postcard:${requirement}:${printedCode}`
}

/** What the store holds of an issued code. Times are epoch milliseconds. */
export interface PostcardCodeState {
  /** Lower-case hex digest of {@link postcardCodeHashInput}. */
  readonly codeHash: string
  /** The code works while `now < expiresAt`. */
  readonly expiresAt: number
  readonly usedAt: number | null
  /** Entries counted so far (right or wrong). */
  readonly attempts: number
  readonly maxAttempts: number
}

export type PostcardAttemptOutcome = 'accepted' | 'wrong_code' | 'expired' | 'already_used' | 'locked'

/** The outcome of one entry and how many entries the seller has left (0 once the code can no longer be accepted). */
export interface PostcardAttempt {
  readonly outcome: PostcardAttemptOutcome
  readonly attemptsLeft: number
}

/**
 * Decides one entry of a postcard code, checked in this order: a code already used answers `already_used`; past
 * `expiresAt` (`now >= expiresAt`) `expired`; with no attempts left `locked`; otherwise the hashes are compared and the
 * entry counts as an attempt: `accepted` or `wrong_code`. `attemptsLeft` is what remains after this entry.
 *
 * The store carries out the outcome: on `accepted` and `wrong_code` it increments `attempts` (on `accepted` it also
 * sets `usedAt`), and the other outcomes change nothing. It should do so in one conditional update
 * (`… WHERE attempts < max_attempts AND used_at IS NULL`) so that two concurrent entries cannot both count as the
 * last one.
 *
 * The hashes are compared here, in a loop whose time does not depend on where they differ (every character of two
 * equal-length digests is visited, no early exit); digests of different lengths never match. The adapter need not
 * compare them again.
 */
export function checkPostcardAttempt(state: PostcardCodeState, enteredHash: string, now: number): PostcardAttempt {
  const left = Math.max(0, state.maxAttempts - state.attempts)
  if (state.usedAt !== null) return { outcome: 'already_used', attemptsLeft: 0 }
  if (now >= state.expiresAt) return { outcome: 'expired', attemptsLeft: 0 }
  if (left === 0) return { outcome: 'locked', attemptsLeft: 0 }
  if (hashesEqual(state.codeHash, enteredHash)) return { outcome: 'accepted', attemptsLeft: 0 }
  return { outcome: 'wrong_code', attemptsLeft: left - 1 }
}

/** Compares two digests without stopping at the first difference. Lengths are public (every digest has the same). */
function hashesEqual(expected: string, entered: string): boolean {
  if (expected.length !== entered.length || expected.length === 0) return false
  let difference = 0
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ entered.charCodeAt(i)
  return difference === 0
}
