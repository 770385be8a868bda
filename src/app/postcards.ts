import type { AccountState } from '../core/accounts/index.ts'
import { OnesellerError } from '../core/errors.ts'
import type { AccountId } from '../core/ids.ts'
import type { PostalAddress } from '../core/interchange/index.ts'
import { noticeAudience } from '../core/notices/notice.ts'
import { type Instant, MS_PER_DAY } from '../core/time.ts'
import { formatAddressBlock } from '../core/verification/postcard-address.ts'
import {
  checkPostcardAttempt,
  codeFromRandomBytes,
  DEFAULT_POSTCARD_MAX_ATTEMPTS,
  describePostcardCodeIssue,
  normalizeEnteredCode,
  POSTCARD_CODE_RANDOM_BYTES,
  type PostcardAttemptOutcome,
  postcardCodeHashInput,
} from '../core/verification/postcard-code.ts'
import type {
  Clock,
  EventStore,
  LineSource,
  PostcardPrinter,
  PrintedPostcard,
  Secrets,
  SourceLine,
  WorkflowStore,
} from '../ports/index.ts'
import { personName } from './compose-notices.ts'

/** A code works this long after it is printed: long enough for the post, and for a late pass after a deadline. */
export const POSTCARD_CODE_DAYS = 30
/** Cards issued this long ago whose batch never got printed are void, and their requirements get new cards. */
const UNPRINTED_GRACE_MS = 60 * 60 * 1000
/** At most this many cards per print batch. */
export const MAX_BATCH = 5_000

export interface PostcardDeps {
  readonly events: EventStore
  readonly workflows: WorkflowStore
  readonly secrets: Secrets
  readonly clock: Clock
  readonly printer: PostcardPrinter
  /** The key of the codes' HMAC (`ONESELLER_POSTCARD_SECRET`); without it no postcard is issued or checked. */
  readonly secret: string | undefined
  /** Stores a record as `POST /v1/records` does: how an accepted code becomes a passed postcard verification. */
  readonly ingest: (source: LineSource) => Promise<{ readonly outcomes: readonly { readonly status: string }[] }>
}

export interface PrintBatch {
  readonly batch: string
  readonly cards: number
  readonly pdf: Uint8Array | null
  /** Requirements whose account declares no usable address: a person must look. */
  readonly skipped: readonly { readonly account: string; readonly requirement: number; readonly reason: string }[]
  readonly warnings: readonly string[]
  readonly voided: number
}

function secretOf(deps: PostcardDeps): string {
  if (deps.secret === undefined) {
    throw new OnesellerError(
      'invalid_input',
      'postcard codes are kept as keyed hashes: set ONESELLER_POSTCARD_SECRET (at least 16 random characters) first',
    )
  }
  return deps.secret
}

/**
 * Issues a postcard for every open requirement that asks for one and has none: a fresh code per card (never stored,
 * only its HMAC), the declared address as the destination's post wants it, the instructions in the seller's language
 * with the expiry in their time zone. Returns the batch's PDF for the mail house; the cards become enterable once
 * `markPrinted` says the PDF was kept. Cards of a batch that was never marked printed are voided after an hour and
 * issued again.
 */
export async function printPostcards(deps: PostcardDeps, opts: { readonly limit?: number } = {}): Promise<PrintBatch> {
  const secret = secretOf(deps)
  const now = deps.clock.now()
  const voided = await deps.workflows.voidUnprintedPostcards((now - UNPRINTED_GRACE_MS) as Instant)
  const due = await deps.workflows.requirementsAwaitingPostcard(Math.min(opts.limit ?? MAX_BATCH, MAX_BATCH))
  const batch = `PC-${new Date(now).toISOString().slice(0, 10).replaceAll('-', '')}-${deps.secrets.randomToken(4)}`
  const expiresAt = (now + POSTCARD_CODE_DAYS * MS_PER_DAY) as Instant
  const cards: PrintedPostcard[] = []
  const rows: Parameters<WorkflowStore['issuePostcards']>[0][number][] = []
  const skipped: PrintBatch['skipped'][number][] = []
  for (const requirement of due) {
    const account = await deps.events.getAccount(requirement.account as AccountId)
    const destination = account === undefined ? undefined : postalDestination(account)
    if (account === undefined || destination === undefined) {
      skipped.push({ account: requirement.account, requirement: requirement.id, reason: 'no postal address declared' })
      continue
    }
    let address: readonly string[]
    try {
      address = formatAddressBlock({ ...destination.address, ...destination.addressee })
    } catch (e) {
      skipped.push({ account: requirement.account, requirement: requirement.id, reason: (e as Error).message })
      continue
    }
    const code = codeFromRandomBytes(Buffer.from(deps.secrets.randomToken(POSTCARD_CODE_RANDOM_BYTES), 'base64url'))
    const audience = noticeAudience({
      marketplace: account.marketplace ?? '',
      country: destination.address.country,
      region: destination.address.region ?? null,
      locale: account.profile.locale ?? null,
      timeZone: account.profile.timeZone ?? null,
    })
    cards.push({
      address,
      code,
      locale: audience.locale,
      marketplace: account.marketplace ?? '',
      expiresAt,
      timeZone: audience.timeZone,
      reference: `${batch}-${cards.length + 1}`,
    })
    rows.push({
      requirement: requirement.id,
      account: requirement.account,
      batch,
      codeHash: deps.secrets.hmacSha256(secret, postcardCodeHashInput(requirement.id, code)),
      createdAt: now,
      expiresAt,
      maxAttempts: DEFAULT_POSTCARD_MAX_ATTEMPTS,
    })
  }
  if (cards.length === 0) return { batch, cards: 0, pdf: null, skipped, warnings: [], voided }
  // Rendered before anything is stored: a card that cannot be printed leaves no code behind.
  const printed = await deps.printer.render(cards, { title: batch, createdAt: now })
  await deps.workflows.issuePostcards(rows)
  return { batch, cards: cards.length, pdf: printed.pdf, skipped, warnings: printed.warnings, voided }
}

/** The batch's PDF is kept (written, handed to the mail house): its codes can now be entered. */
export async function markPrinted(deps: PostcardDeps, batch: string): Promise<number> {
  return deps.workflows.markPostcardsPrinted(batch, deps.clock.now())
}

export interface CodeEntry {
  readonly outcome: PostcardAttemptOutcome | 'malformed' | 'no_postcard'
  readonly attemptsLeft: number
  /** What to tell the seller. */
  readonly message: string
}

const MESSAGES: Readonly<Record<PostcardAttemptOutcome, string>> = {
  accepted: 'Thank you: your address is confirmed.',
  wrong_code: 'That code is not the one on your postcard.',
  expired: 'This postcard code has expired. A new postcard can be sent.',
  already_used: 'This postcard code was already used.',
  locked: 'Too many wrong codes were entered for this postcard. A new postcard can be sent.',
}

/**
 * The seller enters the code from their postcard. An accepted code stores a passed `postcard` verification record for
 * the account (the scheduler then moves the requirement), once: a code works once, and a limited number of entries
 * (right or wrong) is counted in one conditional update so that two entries at once cannot both use the last one.
 */
export async function enterPostcardCode(
  deps: PostcardDeps,
  request: { readonly account: string; readonly code: string; readonly actor: string },
): Promise<CodeEntry> {
  const secret = secretOf(deps)
  const card = await deps.workflows.currentPostcardOf(request.account)
  if (card === undefined) {
    return { outcome: 'no_postcard', attemptsLeft: 0, message: 'No postcard was sent to this account.' }
  }
  const normalized = normalizeEnteredCode(request.code)
  if (!normalized.ok) {
    // A typing slip costs no attempt: the seller is told what to check on the card.
    return {
      outcome: 'malformed',
      attemptsLeft: card.maxAttempts - card.attempts,
      message: describePostcardCodeIssue(normalized.error),
    }
  }
  const now = deps.clock.now()
  const entered = deps.secrets.hmacSha256(secret, postcardCodeHashInput(card.requirement, normalized.value))
  const check = checkPostcardAttempt(card, entered, now)
  if (check.outcome !== 'accepted' && check.outcome !== 'wrong_code') {
    return { outcome: check.outcome, attemptsLeft: 0, message: MESSAGES[check.outcome] }
  }
  const accepted = check.outcome === 'accepted'
  const counted = await deps.workflows.recordPostcardEntry(card.id, { accepted, at: now, actor: request.actor })
  if (counted === undefined) {
    return { outcome: 'locked', attemptsLeft: 0, message: MESSAGES.locked }
  }
  if (accepted) {
    const record = JSON.stringify({
      type: 'verification',
      account: request.account,
      at: new Date(now).toISOString(),
      kind: 'postcard',
      outcome: 'passed',
      postcard: card.id,
    })
    const report = await deps.ingest({
      name: `oneseller:postcard:${card.id}`,
      size: record.length,
      lines: oneLine(record),
    })
    if (report.outcomes[0]?.status === 'rejected') {
      throw new OnesellerError('invalid_input', `the postcard verification of ${request.account} could not be stored`)
    }
  }
  return {
    outcome: check.outcome,
    attemptsLeft: accepted ? 0 : counted.maxAttempts - counted.attempts,
    message: MESSAGES[check.outcome],
  }
}

async function* oneLine(text: string): AsyncGenerator<SourceLine> {
  yield { lineNo: 1, text, endOffset: Buffer.byteLength(text) }
}

/** Where the card goes: the business address for a business, else the first declared address, and to whom. */
function postalDestination(
  account: AccountState,
): { address: PostalAddress; addressee: { name: string; company?: string } } | undefined {
  const p = account.profile
  const address =
    p.business?.address ??
    p.addresses?.find((a) => a.role === 'business') ??
    p.addresses?.[0] ??
    p.representative?.address ??
    undefined
  if (address === undefined || address === null) return undefined
  const person = personName(p.representative?.givenName, p.representative?.familyName)
  const company = p.business?.name?.trim()
  const name = person !== '' ? person : (company ?? '')
  return {
    address,
    addressee: { name, ...(company !== undefined && company !== '' && company !== name ? { company } : {}) },
  }
}
