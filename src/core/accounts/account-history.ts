import type { Identifier } from '../identifiers/index.ts'
import type { AccountId } from '../ids.ts'
import type { AccountStatus, ProfileField } from '../interchange/index.ts'
import type { Instant } from '../time.ts'
import { type AccountEvent, type AccountState, applyEvent, emptyAccountState } from './account-state.ts'

/** One change of an account's declarations or status, with the identifiers it brought and retired. */
export interface AccountChange {
  readonly at: Instant
  readonly type: 'account' | 'update' | 'status'
  /** Profile fields the record set or cleared. */
  readonly fields: readonly ProfileField[]
  readonly status?: AccountStatus
  readonly added: readonly Identifier[]
  readonly removed: readonly Identifier[]
}

/** An identifier with the time range the account declared it (`until` null: still declared). */
export interface IdentifierSpan {
  readonly identifier: Identifier
  readonly from: Instant
  readonly until: Instant | null
}

export interface AccountHistory {
  readonly changes: readonly AccountChange[]
  readonly spans: readonly IdentifierSpan[]
}

const identity = (i: Identifier) => `${i.kind}\u0000${i.key}`

/**
 * The history of an account's declarations: every registration, update and status change in time order, with the
 * identifiers each one added and removed, and the time range of every identifier ever declared.
 */
export function accountHistory(id: AccountId, events: readonly AccountEvent[]): AccountHistory {
  const ordered = [...events].sort((a, b) => a.at - b.at)
  const first = ordered[0]
  if (first === undefined) return { changes: [], spans: [] }
  let state: AccountState = emptyAccountState(id, first.at)
  const changes: AccountChange[] = []
  const open = new Map<string, { identifier: Identifier; from: Instant }>()
  const spans: IdentifierSpan[] = []
  for (const e of ordered) {
    const before = new Map(state.identifiers.map((i) => [identity(i), i]))
    state = applyEvent(state, e)
    const record = e.change
    // Verifications change the state (its verification summary) but neither declarations nor status: they are
    // listed in the summary, not here.
    if (record === undefined || record.type === 'verification') continue
    const after = new Map(state.identifiers.map((i) => [identity(i), i]))
    const added = [...after].filter(([k]) => !before.has(k)).map(([, i]) => i)
    const removed = [...before].filter(([k]) => !after.has(k)).map(([, i]) => i)
    for (const i of added) open.set(identity(i), { identifier: i, from: e.at })
    for (const i of removed) {
      const span = open.get(identity(i))
      if (span) spans.push({ ...span, until: e.at })
      open.delete(identity(i))
    }
    changes.push({
      at: e.at,
      type: record.type,
      fields: changedFields(record),
      ...(record.type === 'status' ? { status: record.status } : {}),
      added,
      removed,
    })
  }
  for (const span of open.values()) spans.push({ ...span, until: null })
  return { changes, spans }
}

const PROFILE_KEYS: readonly ProfileField[] = [
  'email',
  'phone',
  'addresses',
  'bank',
  'card',
  'representative',
  'business',
]

function changedFields(record: NonNullable<AccountEvent['change']>): ProfileField[] {
  if (record.type === 'status') return []
  const source: object = record.type === 'update' ? record.set : record
  return PROFILE_KEYS.filter((k) => k in source)
}
