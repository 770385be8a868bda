import type { AccountState, StateChangingRecord } from '../core/accounts/index.ts'
import type { AccountSummary, AccountSummaryColumns } from '../core/features/index.ts'
import type { Identifier } from '../core/identifiers/index.ts'
import type { AccountId, EventSeq } from '../core/ids.ts'
import type {
  InterchangeRecord,
  ListingRecord,
  RecordType,
  SessionRecord,
  VerificationRecord,
} from '../core/interchange/index.ts'
import type { Instant } from '../core/time.ts'

/** Where a record came from: a file and line, or an HTTP request (line 0). */
export interface EventSource {
  readonly name: string
  readonly line: number
}

/** A validated record ready to be stored. */
export interface EventInput {
  readonly account: AccountId
  readonly type: RecordType
  readonly at: Instant
  /**
   * The validated record when it changes the account's state (account, update, status, verification; see
   * `toStateChange`: of a verification only its kind and outcome are needed); undefined otherwise.
   */
  readonly change: StateChangingRecord | undefined
  /** For an `account` record, the identifiers it declares, when derived ahead; the store derives them otherwise. */
  readonly identifiers?: readonly Identifier[] | undefined
  /** The record as received (compact JSON, unknown fields kept): stored verbatim. */
  readonly body: string
  /**
   * The body's UTF-8, when the record was read as bytes and its body is the line as read: a store may write these
   * bytes as the body's text instead of decoding `body` (an import reads a file's lines as bytes and never decodes
   * most of them).
   */
  readonly bodyUtf8?: Uint8Array | undefined
  /** The first 16 bytes of SHA-256(body): the record's identity, which makes appends idempotent. */
  readonly digest: Uint8Array
  readonly source: EventSource
}

/**
 * The state an account's events of one batch give it when the store held none of its events before: derived ahead
 * (by the parser, on its thread), with the texts the store writes, so that storing a new account writes it as it is.
 * A store uses it only when the account is new to it and it stores every one of those events; otherwise it derives
 * the state itself.
 */
export interface FoldedAccount {
  /** How many of the batch's events are the account's. */
  readonly records: number
  readonly registered: boolean
  readonly marketplace: string | null
  readonly kind: AccountState['kind']
  readonly channelType: AccountState['channelType']
  readonly channelRef: string | null
  readonly status: AccountState['status']
  readonly registeredAt: Instant | null
  readonly firstEventAt: Instant
  readonly lastEventAt: Instant
  readonly eventCounts: AccountState['eventCounts']
  /** `encodeVerifications` of the state's verifications. */
  readonly verifications: string
  /** `encodeProblemCodes` of its identifiers' problems; empty when the events declare nothing. */
  readonly problems: string
  /** The profile and its identifiers as JSON (`{}` and `[]` when the events declare nothing). */
  readonly profile: string
  readonly identifiers: string
}

/** What became of one event handed to {@link EventStore.append}, in input order. */
export type AppendOutcome =
  | { readonly kind: 'stored'; readonly seq: EventSeq }
  | { readonly kind: 'duplicate'; readonly seq: EventSeq }
  | { readonly kind: 'rejected'; readonly field: string; readonly message: string }

export interface StoredEvent {
  readonly seq: EventSeq
  readonly record: InterchangeRecord
  readonly at: Instant
  readonly source: EventSource
  readonly storedAt: Instant
}

/**
 * An event as a bulk scan reads it: state-changing records validated again (they change derived state), the others
 * as stored (they were validated at import; empty values may appear as null or "").
 */
export type ScannedEvent =
  | { readonly type: 'account' | 'update' | 'status'; readonly at: Instant; readonly change: StateChangingRecord }
  | { readonly type: 'session'; readonly at: Instant; readonly record: SessionRecord }
  | { readonly type: 'listing'; readonly at: Instant; readonly record: ListingRecord }
  | { readonly type: 'verification'; readonly at: Instant; readonly record: VerificationRecord }

/**
 * How a scan derives one value per account from its state and events, writes it as text to keep in the store, and
 * reads it back (see {@link EventStore.scanProfiles}).
 */
export interface ProfileCodec<T> {
  derive(state: AccountState, events: readonly ScannedEvent[]): T
  encode(profile: T): string
  /** The profile a stored text holds; undefined when this codec (its version) did not write it: derived again. */
  decode(text: string): T | undefined
}

export interface ProfileScan {
  /** Registered accounts visited. */
  readonly visited: number
  /** Of them, those derived from their records (no profile kept, or records stored since it was): the rest were read. */
  readonly derived: number
}

export interface CountBy {
  readonly [key: string]: number
}

export interface StoreStats {
  readonly accounts: number
  /** Accounts with events but no `account` record yet. */
  readonly unregistered: number
  readonly byStatus: CountBy
  readonly byMarketplace: CountBy
  readonly byKind: CountBy
  readonly byChannel: CountBy
  readonly recordsByType: Readonly<Record<RecordType, number>>
  readonly firstEventAt: Instant | null
  readonly lastEventAt: Instant | null
}

/**
 * The append-only log of interchange records plus the current state derived from it.
 * Appending is idempotent (a record already stored for the account is a duplicate, counted, not stored again) and
 * atomic per call: either every outcome of a call is durable or none is.
 */
export interface EventStore {
  /** `folded`: the states of the accounts the events may create, by account id, when derived ahead. */
  append(
    events: readonly EventInput[],
    storedAt: Instant,
    folded?: ReadonlyMap<string, FoldedAccount>,
  ): Promise<readonly AppendOutcome[]>
  getAccount(id: AccountId): Promise<AccountState | undefined>
  /**
   * The account's events in time order (ties in arrival order); with `types`, only the events of those types (an
   * account view needs its few registrations, updates and status changes, not its sessions and listings).
   */
  listEvents(id: AccountId, types?: readonly RecordType[]): Promise<readonly StoredEvent[]>
  stats(): Promise<StoreStats>
  /** Visits every registered account with its events in time order; returns the number of accounts visited. */
  scanAccounts(visit: (state: AccountState, events: readonly ScannedEvent[]) => void): Promise<number>
  /**
   * Visits every registered account's profile in the order of {@link scanAccounts}: the profile the store keeps for it
   * when no record about the account was stored since it was kept and `codec` reads it, else the profile `codec`
   * derives from the account's state and events as scanAccounts gives them, which the store then keeps. A store holds
   * one profile per account (the linkage profile: what linkage derives of an account's records), so that a scan reads
   * one row per account unchanged since the last, not all its records.
   */
  scanProfiles<T>(codec: ProfileCodec<T>, visit: (profile: T) => void): Promise<ProfileScan>
  /**
   * One registered account as {@link scanAccounts} visits it (the same state and events, in the same order), or
   * undefined when the store holds no registration of it: what the live linkage re-reads when records about an
   * account arrive, so that it sees the account as a bulk run does.
   */
  scanAccount(id: AccountId): Promise<{ state: AccountState; events: readonly ScannedEvent[] } | undefined>
  /**
   * Visits every account, registered or not, as its `accounts` row summarises it (no declarations, no events: a
   * million accounts in seconds), in id order; returns the number visited.
   */
  /** The summaries of the accounts given that the store knows (in id order): one account and its cluster, in real time. */
  summariesOf(ids: readonly string[]): Promise<readonly AccountSummary[]>
  scanSummaries(visit: (summary: AccountSummary) => void): Promise<number>
  /**
   * Every account's summary, as {@link scanSummaries} visits them (the same summaries, in the same order), in columns:
   * what a sweep holds of a million accounts, without an object per account.
   */
  readSummaryColumns(): Promise<AccountSummaryColumns>
  /** Re-derives every account's current state from the log; returns the number of accounts rebuilt. */
  rebuildState(): Promise<number>
  /**
   * A server's mode: the writes of one turn of the event loop (on this store and the stores sharing its connection)
   * commit together, once. Engines whose calls each commit in their own transaction ignore it.
   */
  groupCommits(): void
  /** Resolves once every write made so far is committed; rejects when the commit that held them failed. */
  committed(): Promise<void>
  close(): Promise<void>
}
