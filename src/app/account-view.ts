import type { VerificationStanding } from '../core/accounts/index.ts'
import type { Identifier } from '../core/identifiers/index.ts'
import type { AccountDescription } from './describe-account.ts'

/** An identifier as the edges show it: `flags` always present. */
export interface IdentifierView {
  readonly kind: string
  readonly key: string
  readonly valid: boolean
  readonly problems: readonly { readonly code: string; readonly message: string }[]
  readonly flags: readonly string[]
}

export interface AccountChangeView {
  readonly at: string
  readonly type: string
  readonly fields: readonly string[]
  readonly status?: string
  readonly added: readonly IdentifierView[]
  readonly removed: readonly IdentifierView[]
}

export interface VerificationView {
  readonly outcome: VerificationStanding
  readonly at: string
  readonly passedAt: string | null
}

/** One account as `oneseller account --json` prints it and `GET /v1/accounts/{id}` answers: times in RFC 3339. */
export interface AccountView {
  readonly id: string
  readonly registered: boolean
  readonly marketplace: string | null
  readonly kind: string | null
  readonly channelType: string | null
  readonly channelRef: string | null
  readonly status: string
  readonly registeredAt: string | null
  readonly firstEventAt: string
  readonly lastEventAt: string
  readonly eventCounts: Readonly<Record<string, number>>
  /** Per verification method ever submitted: its latest outcome (passed, failed, pending) and when it last passed. */
  readonly verifications: Readonly<Record<string, VerificationView>>
  /** The current declarations, as the marketplace sent them (after updates). */
  readonly declarations: Readonly<Record<string, unknown>>
  readonly identifiers: readonly IdentifierView[]
  /** Every registration, update and status change in time order, with the identifiers it added and removed. */
  readonly history: readonly AccountChangeView[]
}

/** RFC 3339 in UTC, without the milliseconds when they are zero. */
export function formatTime(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z')
}

function toIdentifierView(i: Identifier): IdentifierView {
  return { kind: i.kind, key: i.key, valid: i.valid, problems: i.problems, flags: i.flags ?? [] }
}

/** The wire and `--json` form of an account description: one mapping for the CLI and the HTTP API. */
export function toAccountView({ state, history }: AccountDescription): AccountView {
  const { profile, identifiers, registeredAt, firstEventAt, lastEventAt, verifications, ...rest } = state
  return {
    ...rest,
    verifications: Object.fromEntries(
      Object.entries(verifications).map(([method, v]) => [
        method,
        { outcome: v.outcome, at: formatTime(v.at), passedAt: v.passedAt === null ? null : formatTime(v.passedAt) },
      ]),
    ),
    registeredAt: registeredAt === null ? null : formatTime(registeredAt),
    firstEventAt: formatTime(firstEventAt),
    lastEventAt: formatTime(lastEventAt),
    declarations: profile as Readonly<Record<string, unknown>>,
    identifiers: identifiers.map(toIdentifierView),
    history: history.changes.map((c) => ({
      at: formatTime(c.at),
      type: c.type,
      fields: c.fields,
      ...(c.status ? { status: c.status } : {}),
      added: c.added.map(toIdentifierView),
      removed: c.removed.map(toIdentifierView),
    })),
  }
}
