import { deriveIdentifiers, type Identifier } from '../identifiers/index.ts'
import type { AccountId } from '../ids.ts'
import type {
  AccountRecord,
  AccountStatus,
  InterchangeRecord,
  Profile,
  RecordType,
  StatusRecord,
  UpdateRecord,
  VerificationRecord,
} from '../interchange/index.ts'
import type { Instant } from '../time.ts'
import {
  applyVerification,
  isVerificationInOrder,
  NO_VERIFICATIONS,
  type VerificationSummaries,
} from './verification-summary.ts'

/**
 * What the store knows of an account now, derived from its events in `at` order.
 * An account whose `account` record has not arrived yet is known (`registered: false`) but not counted as one.
 */
export interface AccountState {
  readonly id: AccountId
  readonly registered: boolean
  readonly marketplace: string | null
  readonly kind: 'individual' | 'business' | null
  readonly channelType: 'organic' | 'invite' | 'partner' | null
  readonly channelRef: string | null
  readonly status: AccountStatus
  readonly registeredAt: Instant | null
  readonly firstEventAt: Instant
  readonly lastEventAt: Instant
  readonly eventCounts: Readonly<Record<RecordType, number>>
  readonly profile: Profile
  /** Every identifier derived from the current profile (normalised keys, validity, problems, flags). */
  readonly identifiers: readonly Identifier[]
  /** Per verification method ever submitted: its latest outcome and when it last passed. */
  readonly verifications: VerificationSummaries
}

export const ZERO_COUNTS: Readonly<Record<RecordType, number>> = Object.freeze({
  account: 0,
  session: 0,
  update: 0,
  listing: 0,
  verification: 0,
  status: 0,
})

/** The state of an account before any of its events. */
export function emptyAccountState(id: AccountId, at: Instant): AccountState {
  return {
    id,
    registered: false,
    marketplace: null,
    kind: null,
    channelType: null,
    channelRef: null,
    status: 'active',
    registeredAt: null,
    firstEventAt: at,
    lastEventAt: at,
    eventCounts: ZERO_COUNTS,
    profile: {},
    identifiers: [],
    verifications: NO_VERIFICATIONS,
  }
}

/** The identifiers of a profile, in the context of the account's marketplace. */
export function identifiersOf(profile: Profile, marketplace: string | null): readonly Identifier[] {
  return deriveIdentifiers(profile, marketplace === null ? {} : { marketplace })
}

/** The records whose content changes an account's state; the others (sessions, listings) only count. */
export type StateChangingRecord = AccountRecord | UpdateRecord | StatusRecord | VerificationRecord

export const STATE_CHANGING_TYPES: ReadonlySet<RecordType> = new Set(['account', 'update', 'status', 'verification'])

/** What state derivation needs of an event: its type and time, and the record itself when it changes state. */
export interface AccountEvent {
  readonly type: RecordType
  readonly at: Instant
  /**
   * Present exactly when `type` is account, update, status or verification. Of a verification only `kind` and
   * `outcome` are read (see {@link toStateChange}).
   */
  readonly change: StateChangingRecord | undefined
  /**
   * For an `account` record: the identifiers of the profile it declares, when derived ahead (the import derives them
   * on its parser thread). Used only when the account had no profile before; otherwise they are derived here.
   */
  readonly identifiers?: readonly Identifier[] | undefined
}

/** A `reinstated` record restores selling: the account is active again. */
function nextStatus(status: AccountStatus): AccountStatus {
  return status === 'reinstated' ? 'active' : status
}

/**
 * Applies one event to an account's state. Events must come in `at` order (ties in arrival order);
 * the store rebuilds an account from all its events when one arrives out of order.
 */
export function applyEvent(state: AccountState, event: AccountEvent): AccountState {
  const { at, change: record } = event
  const counted = {
    ...state,
    firstEventAt: Math.min(state.firstEventAt, at) as Instant,
    lastEventAt: Math.max(state.lastEventAt, at) as Instant,
    eventCounts: { ...state.eventCounts, [event.type]: state.eventCounts[event.type] + 1 },
  }
  if (record === undefined) return counted
  switch (record.type) {
    case 'account': {
      const { type: _t, account: _a, at: _at, marketplace, kind, channel, ...declared } = record
      const fresh = Object.keys(state.profile).length === 0
      const profile = fresh ? declared : { ...state.profile, ...declared }
      return {
        ...counted,
        registered: true,
        marketplace,
        kind,
        channelType: channel?.type ?? 'organic',
        channelRef: channel?.ref ?? null,
        registeredAt: at,
        profile,
        identifiers: fresh && event.identifiers !== undefined ? event.identifiers : identifiersOf(profile, marketplace),
      }
    }
    case 'update': {
      const profile = applyUpdate(state.profile, record.set)
      return { ...counted, profile, identifiers: identifiersOf(profile, state.marketplace) }
    }
    case 'status':
      return { ...counted, status: nextStatus(record.status) }
    case 'verification':
      return { ...counted, verifications: applyVerification(state.verifications, record, at) }
  }
}

/**
 * Applies several events of one account in the given order: the same result as applying them one by one
 * with {@link applyEvent}, without a copy of the state per event (imports apply thousands per batch).
 */
export function applyEvents(state: AccountState, events: readonly AccountEvent[]): AccountState {
  const counts = { ...state.eventCounts }
  let first = state.firstEventAt
  let last = state.lastEventAt
  let next = state
  for (const e of events) {
    counts[e.type] += 1
    if (e.at < first) first = e.at
    if (e.at > last) last = e.at
    if (e.change !== undefined) next = applyEvent(next, e)
  }
  return { ...next, eventCounts: counts, firstEventAt: first, lastEventAt: last }
}

/**
 * True when events (in arrival order) may be applied to `state` with {@link applyEvents} and give what folding the
 * account's whole log in time order gives; false when the account must be folded again. Records that only count
 * never depend on order. A registration, update or status record must be no older than the latest record the state
 * reflects. A verification must be no older than the latest submission of its own method, since no other record
 * depends on it: a verification decided late and sent after newer sessions still applies without a refold.
 */
export function canApplyInOrder(
  state: Pick<AccountState, 'lastEventAt' | 'verifications'> | undefined,
  events: readonly Pick<AccountEvent, 'at' | 'change'>[],
): boolean {
  let latest = state?.lastEventAt ?? Number.NEGATIVE_INFINITY
  let verifications = state?.verifications ?? NO_VERIFICATIONS
  for (const e of events) {
    const change = e.change
    if (change?.type === 'verification') {
      if (!isVerificationInOrder(verifications, change.kind, e.at)) return false
      verifications = applyVerification(verifications, change, e.at)
    } else if (change !== undefined && e.at < latest) {
      return false
    }
    if (e.at > latest) latest = e.at
  }
  return true
}

/** Replaces the fields an update sets; a null clears the field. */
export function applyUpdate(profile: Profile, set: Readonly<Record<string, unknown>>): Profile {
  const next: Record<string, unknown> = { ...profile }
  for (const [field, value] of Object.entries(set)) {
    if (value === null || value === undefined) delete next[field]
    else next[field] = value
  }
  return next as Profile
}

/** Folds an account's whole history; events are sorted by `at`, ties kept in arrival order. */
export function foldAccountEvents(id: AccountId, events: readonly AccountEvent[]): AccountState | undefined {
  const first = events[0]
  if (first === undefined) return undefined
  const ordered = [...events].sort((a, b) => a.at - b.at)
  return ordered.reduce((s, e) => applyEvent(s, e), emptyAccountState(id, first.at))
}

/** The state-derivation view of a validated record. */
export function toAccountEvent(record: InterchangeRecord, at: Instant): AccountEvent {
  return { type: record.type, at, change: toStateChange(record) }
}

/**
 * What state derivation needs of a record, as small as it can be sent between threads: the record itself, except
 * that of a verification only its method and outcome are kept (its document number, image and face are linkage
 * evidence, read from the log; a face alone is a hundred numbers). Undefined for records that only count.
 */
export function toStateChange(record: InterchangeRecord): StateChangingRecord | undefined {
  if (record.type !== 'verification') return isStateChanging(record) ? record : undefined
  const { type, account, at, kind, outcome } = record
  return outcome === undefined ? { type, account, at, kind } : { type, account, at, kind, outcome }
}

/** The identifiers an `account` record declares, for {@link AccountEvent.identifiers}. */
export function registrationIdentifiers(record: AccountRecord): readonly Identifier[] {
  const { type: _t, account: _a, at: _at, marketplace, kind: _k, channel: _c, ...declared } = record
  return identifiersOf(declared, marketplace)
}

export function isStateChanging(record: InterchangeRecord): record is StateChangingRecord {
  return STATE_CHANGING_TYPES.has(record.type)
}
