/**
 * Every kind of identifier the engine derives from what a seller declares or from a session.
 * `kind` + `key` is the identity: two declarations with equal kind and key name the same thing.
 */
export type IdentifierKind =
  | 'email'
  | 'phone'
  | 'address'
  | 'address_building'
  | 'locality'
  | 'ip'
  | 'ip_prefix'
  | 'person_name'
  | 'person_identity'
  | 'business_name'
  | 'national_id'
  | 'passport'
  | 'driving_licence'
  | 'business_registration'
  | 'tax_id'
  | 'iban'
  | 'bank_account'
  | 'card_fingerprint'
  | 'card'
  | 'device'
  | 'cookie'
  | 'image_hash'
  | 'face'

/** Why a declared value is invalid or suspicious; `code` is snake_case and listed in docs/identifiers.md. */
export interface IdentifierProblem {
  readonly code: string
  readonly message: string
}

/**
 * A normalised identifier.
 *
 * - `key` is the canonical linking key: every spelling of one thing gives one key (formats in docs/identifiers.md).
 * - `valid` is false when the value breaks its standard (bad check digit, impossible date, no such range);
 *   an invalid identifier still has a best-effort key, because a fake number reused by two accounts links them.
 * - `flags` are facts that change how linkage weighs the identifier, not errors
 *   (`disposable`, `shared_by_design`, `carrier_nat`, `mobile`, …).
 */
export interface Identifier {
  readonly kind: IdentifierKind
  readonly key: string
  readonly valid: boolean
  readonly problems: readonly IdentifierProblem[]
  readonly flags?: readonly string[]
}

const NO_PROBLEMS: readonly IdentifierProblem[] = Object.freeze([])

/** Builds a problem value. */
export function problem(code: string, message: string): IdentifierProblem {
  return { code, message }
}

/**
 * Builds an identifier; `valid` is true exactly when there are no problems.
 * Empty `flags` are left out so that identifiers compare equal with `deepStrictEqual`.
 */
export function makeIdentifier(
  kind: IdentifierKind,
  key: string,
  problems: readonly IdentifierProblem[] = NO_PROBLEMS,
  flags?: readonly string[],
): Identifier {
  const valid = problems.length === 0
  return flags !== undefined && flags.length > 0
    ? { kind, key, valid, problems, flags }
    : { kind, key, valid, problems }
}

/** True when the identifier carries `flag`. */
export function hasFlag(identifier: Identifier, flag: string): boolean {
  return identifier.flags?.includes(flag) ?? false
}
