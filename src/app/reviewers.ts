import {
  MAX_PASSWORD_LENGTH,
  parsePassword,
  parseReviewerName,
  parseReviewerRole,
  type Reviewer,
} from '../core/access/reviewer.ts'
import {
  type FailedSignIns,
  nextFailures,
  SESSION_TOKEN_BYTES,
  SESSION_TOKEN_PREFIX,
  SESSION_TTL_MS,
  signInBlockedUntil,
} from '../core/access/reviewer-session.ts'
import { OnesellerError } from '../core/errors.ts'
import { err, ok, type Result } from '../core/result.ts'
import { type Instant, toInstant } from '../core/time.ts'
import type { Clock, PolicyStore, ReviewerStore, Secrets, StoredReviewer } from '../ports/index.ts'

export interface ReviewerDeps {
  readonly reviewers: ReviewerStore
  /** Where reviewer creation, sign-in, sign-out and disabling are recorded. */
  readonly audit: Pick<PolicyStore, 'appendAudit'>
  readonly secrets: Secrets
  readonly clock: Clock
}

/**
 * What sign-ins remember between attempts, in this process: failed attempts per name (what the limit counts), and
 * the hash an unknown name's password is checked against, so that it costs the time a known name's does.
 */
export interface SignInAttempts {
  readonly failures: Map<string, FailedSignIns>
  decoyHash?: Promise<string>
}

/** Names whose failures are remembered at most: beyond this, the names whose failures are oldest are forgotten. */
const MAX_REMEMBERED_NAMES = 10_000

/** Random bytes in a generated password: 144 bits, 24 characters, beyond any guessing. */
const GENERATED_PASSWORD_BYTES = 18

/** Names that are not names (too long, bad characters) are still counted, by this much of them. */
const MAX_KEY_LENGTH = 128

/** Random bytes in a reviewer id: ids are listed and logged, so they only need to be unique. */
const ID_BYTES = 9

export function newSignInAttempts(): SignInAttempts {
  return { failures: new Map() }
}

/** A new reviewer; `generatedPassword` is the password made for them when none was given, shown this once. */
export interface CreatedReviewer {
  readonly reviewer: Reviewer
  readonly generatedPassword: string | null
}

/** A working session: the token the reviewer sends (shown this once; only its SHA-256 is stored). */
export interface SignedIn {
  readonly token: string
  readonly expiresAt: Instant
  readonly reviewer: Reviewer
}

/**
 * Why a sign-in was refused. `invalid_credentials` is the same for an unknown name and a wrong password;
 * `disabled` is only said to whoever gave the right password; `throttled` means too many failures of that name.
 */
export type SignInRefusal =
  | { readonly code: 'invalid_credentials' }
  | { readonly code: 'disabled' }
  | { readonly code: 'throttled'; readonly retryAt: Instant }

/** A reviewer behind a working session. */
export interface AuthenticatedReviewer {
  readonly reviewer: Reviewer
  readonly expiresAt: Instant
}

/**
 * Creates a reviewer. Without a password one is generated (strong, random) and returned once; a password given must
 * have at least 12 characters. Throws `invalid_input` for a bad name, role or password, `conflict` for a taken name.
 * `actor` is who does it (`reviewer:NAME`, `apikey:ID`, `cli:USER`), for the audit trail.
 */
export async function createReviewer(
  deps: ReviewerDeps,
  request: { readonly name: string; readonly role: string; readonly password?: string | undefined },
  actor: string,
): Promise<CreatedReviewer> {
  const name = parseReviewerName(request.name)
  if (!name.ok) throw new OnesellerError('invalid_input', `name: ${name.error}`)
  const role = parseReviewerRole(request.role)
  if (!role.ok) throw new OnesellerError('invalid_input', `role: ${role.error}`)
  const chosen = request.password === undefined ? undefined : parsePassword(request.password)
  if (chosen !== undefined && !chosen.ok) throw new OnesellerError('invalid_input', `password: ${chosen.error}`)
  const password = chosen?.value ?? deps.secrets.randomToken(GENERATED_PASSWORD_BYTES)
  const stored: StoredReviewer = {
    id: `rev_${deps.secrets.randomToken(ID_BYTES)}`,
    name: name.value,
    role: role.value,
    passwordHash: await deps.secrets.hashPassword(password),
    createdAt: deps.clock.now(),
    disabledAt: null,
  }
  await deps.reviewers.insert(stored)
  await audit(deps, { actor, action: 'reviewer.create', reviewer: stored, detail: { role: stored.role } })
  return { reviewer: withoutHash(stored), generatedPassword: chosen === undefined ? password : null }
}

/** Every reviewer, oldest first, disabled ones included. */
export async function listReviewers(deps: Pick<ReviewerDeps, 'reviewers'>): Promise<readonly Reviewer[]> {
  return (await deps.reviewers.list()).map(withoutHash)
}

/**
 * Disables a reviewer at once: no more sign-ins, every session ended. Disabling again changes nothing (and records
 * nothing). Throws `not_found` for an unknown name.
 */
export async function disableReviewer(deps: ReviewerDeps, name: string, actor: string): Promise<Reviewer> {
  const parsed = parseReviewerName(name)
  const now = deps.clock.now()
  const disabled = parsed.ok ? await deps.reviewers.disable(parsed.value, now) : undefined
  if (disabled === undefined) {
    throw new OnesellerError('not_found', 'no reviewer has this name; "oneseller reviewer list" shows the names')
  }
  if (disabled.disabledAt === now)
    await audit(deps, { actor, action: 'reviewer.disable', reviewer: disabled, detail: {} })
  return withoutHash(disabled)
}

/**
 * Checks a name and password and opens a session of {@link SESSION_TTL_MS}. An unknown name costs the time a wrong
 * password does and is refused the same way. After 10 failures of one name in 15 minutes, further attempts are
 * refused unchecked until the oldest failure leaves the window (counted in this process only).
 */
export async function signIn(
  deps: ReviewerDeps & { readonly attempts: SignInAttempts },
  request: { readonly name: string; readonly password: string },
): Promise<Result<SignedIn, SignInRefusal>> {
  const parsed = parseReviewerName(request.name)
  const key = parsed.ok ? parsed.value : request.name.trim().toLowerCase().slice(0, MAX_KEY_LENGTH)
  const now = deps.clock.now()
  const failures = deps.attempts.failures.get(key) ?? []
  const blockedUntil = signInBlockedUntil(failures, now)
  if (blockedUntil !== undefined) return err({ code: 'throttled', retryAt: blockedUntil })
  const reviewer = parsed.ok ? await deps.reviewers.findByName(parsed.value) : undefined
  // A password no one may have is not hashed: its length says nothing about the name.
  const passwordOk =
    request.password.length <= MAX_PASSWORD_LENGTH &&
    (await deps.secrets.verifyPassword(request.password, reviewer?.passwordHash ?? (await decoyHash(deps))))
  if (reviewer === undefined || !passwordOk) {
    rememberFailure(deps.attempts, key, nextFailures(failures, now))
    return err({ code: 'invalid_credentials' })
  }
  deps.attempts.failures.delete(key)
  if (reviewer.disabledAt !== null) return err({ code: 'disabled' })
  const token = `${SESSION_TOKEN_PREFIX}${deps.secrets.randomToken(SESSION_TOKEN_BYTES)}`
  const expiresAt = toInstant(now + SESSION_TTL_MS)
  await deps.reviewers.insertSession({
    idHash: deps.secrets.sha256(token),
    reviewer: reviewer.id,
    createdAt: now,
    expiresAt,
    revokedAt: null,
  })
  // Sign-ins are rare and the index is by expiry: forgetting what has expired here keeps the table small.
  await deps.reviewers.forgetSessionsBefore(now)
  await audit(deps, { actor: actorOf(reviewer), action: 'reviewer.sign_in', reviewer, detail: { expiresAt } })
  return ok({ token, expiresAt, reviewer: withoutHash(reviewer) })
}

/** The reviewer behind a session token; undefined when it is unknown, expired, signed out or its reviewer disabled. */
export async function authenticateSession(
  deps: Pick<ReviewerDeps, 'reviewers' | 'secrets' | 'clock'>,
  token: string,
): Promise<AuthenticatedReviewer | undefined> {
  if (!token.startsWith(SESSION_TOKEN_PREFIX)) return undefined
  const found = await deps.reviewers.findSession(deps.secrets.sha256(token))
  if (found === undefined) return undefined
  const { session, reviewer } = found
  const live = session.revokedAt === null && session.expiresAt > deps.clock.now() && reviewer.disabledAt === null
  return live ? { reviewer: withoutHash(reviewer), expiresAt: session.expiresAt } : undefined
}

/** Ends the session of a token at once; false when there was no working session to end. */
export async function signOut(deps: ReviewerDeps, token: string): Promise<boolean> {
  const current = await authenticateSession(deps, token)
  if (current === undefined) return false
  await deps.reviewers.revokeSession(deps.secrets.sha256(token), deps.clock.now())
  await audit(deps, {
    actor: actorOf(current.reviewer),
    action: 'reviewer.sign_out',
    reviewer: current.reviewer,
    detail: {},
  })
  return true
}

/** How a reviewer is named as the actor of what they do, in the audit trail and in decisions. */
export function actorOf(reviewer: Pick<Reviewer, 'name'>): string {
  return `reviewer:${reviewer.name}`
}

function decoyHash(deps: Pick<ReviewerDeps, 'secrets'> & { readonly attempts: SignInAttempts }): Promise<string> {
  deps.attempts.decoyHash ??= deps.secrets.hashPassword(deps.secrets.randomToken(GENERATED_PASSWORD_BYTES))
  return deps.attempts.decoyHash
}

function rememberFailure(attempts: SignInAttempts, key: string, failures: FailedSignIns): void {
  // Re-inserting moves the name to the end, so the first names are those whose last failure is oldest.
  attempts.failures.delete(key)
  attempts.failures.set(key, failures)
  for (const name of attempts.failures.keys()) {
    if (attempts.failures.size <= MAX_REMEMBERED_NAMES) break
    attempts.failures.delete(name)
  }
}

async function audit(
  deps: Pick<ReviewerDeps, 'audit' | 'clock'>,
  record: {
    readonly actor: string
    readonly action: string
    readonly reviewer: Pick<Reviewer, 'name'>
    readonly detail: Readonly<Record<string, unknown>>
  },
): Promise<void> {
  const { actor, action, reviewer, detail } = record
  await deps.audit.appendAudit([{ at: deps.clock.now(), actor, action, subject: actorOf(reviewer), detail }])
}

function withoutHash({ passwordHash: _hash, ...reviewer }: StoredReviewer): Reviewer {
  return reviewer
}
