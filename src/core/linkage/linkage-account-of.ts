import { type AccountEvent, type AccountState, accountHistory } from '../accounts/index.ts'
import {
  deriveSessionIdentifiers,
  type Identifier,
  isCourtScopedRegisterNumber,
  normaliseFaceDescriptor,
} from '../identifiers/index.ts'
import type { ListingRecord, SessionRecord, VerificationRecord } from '../interchange/index.ts'
import { detectControlChange } from './control-change.ts'
import type { EvidenceKind } from './evidence-kinds.ts'
import type { LinkageAccount, LinkageKey } from './linkage-input.ts'

/** What an account did besides declaring: its sessions, listings and verifications, each with its time. */
export interface AccountActivity {
  readonly sessions: readonly { readonly record: SessionRecord; readonly at: number }[]
  readonly listings: readonly { readonly record: ListingRecord; readonly at: number }[]
  readonly verifications: readonly { readonly record: VerificationRecord; readonly at: number }[]
}

/** Collects keys, merging repeats of one value into one time range. */
class KeyCollector {
  private readonly byKey = new Map<
    string,
    { kind: EvidenceKind; key: string; flags?: readonly string[]; from: number; until: number | null }
  >()

  /** Adds one use of a value: seen at `from`, until `until` (null: still in use). */
  add(
    value: { readonly kind: EvidenceKind; readonly key: string; readonly flags?: readonly string[] | undefined },
    from: number,
    until: number | null,
  ): void {
    const { kind, key, flags } = value
    if (key === '') return
    const id = `${kind}\u0001${key}`
    const held = this.byKey.get(id)
    if (held === undefined) {
      this.byKey.set(id, { kind, key, ...(flags && flags.length > 0 ? { flags } : {}), from, until })
      return
    }
    held.from = Math.min(held.from, from)
    held.until = held.until === null || until === null ? null : Math.max(held.until, until)
  }

  keys(): LinkageKey[] {
    return [...this.byKey.values()]
  }
}

/**
 * A listing title as a key: its distinct words, case and width folded, in alphabetical order. Re-typed copies of one
 * title agree, and so do re-listings that only shuffle, repeat or re-punctuate its words (a shop re-listing another
 * shop's catalogue to slip past duplicate-listing checks); a title with a word added, dropped or changed does not.
 */
export function listingTitleKey(title: string): string {
  const words = title
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
  return [...new Set(words)].sort().join(' ')
}

/** A submitted document number as a key: letters and digits only, in capitals. */
export function documentNumberKey(number: string): string {
  return number
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/**
 * Everything linkage needs of one account: every identifier it declared with the time range it declared it,
 * the networks, devices and cookies of its sessions, the titles and photos of its listings, and the documents,
 * document images and faces of its verifications.
 */
export function toLinkageAccount(
  state: AccountState,
  declarations: readonly AccountEvent[],
  activity: AccountActivity,
): LinkageAccount {
  const history = accountHistory(state.id, declarations)
  const controlChangedAt = detectControlChange(
    activity.sessions.map(({ record, at }) => ({ at, device: record.device })),
    history.changes.filter((c) => c.type === 'update'),
  )
  // Links are attributed to whoever controls the account now: what came before a change of control is left out.
  const since = controlChangedAt ?? Number.NEGATIVE_INFINITY
  const keys = new KeyCollector()
  for (const span of history.spans) {
    // A declaration the new controller did not make (or renew) is the previous controller's.
    if (span.from < since) continue
    keys.add(span.identifier, span.from, span.until)
  }
  if (controlChangedAt === null && state.channelType !== 'organic' && state.channelRef) {
    const from = state.registeredAt ?? state.firstEventAt
    keys.add({ kind: 'channel_ref', key: `${state.channelType}:${state.channelRef}` }, from, from)
  }
  // An account's sessions come from a few machines again and again: each one's identifiers are derived once.
  const machines = new Map<string, readonly Identifier[]>()
  for (const { record, at } of activity.sessions) {
    if (at < since) continue
    const machine = `${record.ip ?? ''}\u0001${record.device ?? ''}\u0001${record.cookie ?? ''}`
    let identifiers = machines.get(machine)
    if (identifiers === undefined) {
      identifiers = deriveSessionIdentifiers(record).filter((i) => i.valid)
      machines.set(machine, identifiers)
    }
    for (const i of identifiers) keys.add(i, at, at)
  }
  const listingImages = new Set<string>()
  for (const { record, at } of activity.listings) {
    if (at < since) continue
    keys.add({ kind: 'listing_title', key: listingTitleKey(record.title) }, at, at)
    for (const h of record.imageHashes ?? []) listingImages.add(h.toLowerCase())
  }
  const documentImages = new Set<string>()
  const faces: Float32Array[] = []
  for (const { record, at } of activity.verifications) {
    if (at < since) continue
    if (record.documentNumber) {
      const key = documentNumberKey(record.documentNumber)
      // A business licence's number is the register number: a German one without its court is as partial here as
      // where it is declared (strangers' companies hold one number at two courts).
      const partial = record.kind === 'business_licence' && isCourtScopedRegisterNumber(key)
      keys.add({ kind: 'document_number', key, ...(partial ? { flags: ['partial_number'] } : {}) }, at, at)
    }
    if (record.imageHash) documentImages.add(record.imageHash.toLowerCase())
    if (record.face) {
      const face = normaliseFaceDescriptor(record.face)
      if (face.vector) faces.push(Float32Array.from(face.vector))
    }
  }
  return {
    id: state.id,
    status: state.status,
    controlChangedAt,
    keys: keys.keys(),
    documentImages: [...documentImages],
    listingImages: [...listingImages],
    faces,
  }
}
