import type { VerificationSummaries } from '../accounts/index.ts'
import type { AccountStatus } from '../interchange/index.ts'
import type { Instant } from '../time.ts'

/**
 * What the engine knows of one account without its declarations or events: its `accounts` row, as
 * `EventStore.scanSummaries` and `summariesOf` read it (a sweep reads a million of them into columns instead:
 * `AccountSummaryColumns`). Everything `computeFeatures` needs of the account itself.
 */
export interface AccountSummary {
  readonly id: string
  /** Whether its `account` record has arrived. */
  readonly registered: boolean
  /** Null before registration. */
  readonly marketplace: string | null
  readonly kind: string | null
  readonly channelType: string | null
  readonly channelRef: string | null
  readonly status: AccountStatus
  readonly registeredAt: Instant | null
  readonly firstEventAt: Instant
  readonly lastEventAt: Instant
  /** Records received, by type. */
  readonly sessions: number
  readonly listings: number
  readonly updates: number
  readonly statuses: number
  readonly verificationRecords: number
  /** Per verification method ever submitted: its latest outcome and when it last passed. */
  readonly verifications: VerificationSummaries
  /** Problems of the current identifiers, `kind:code`, each once. */
  readonly problems: readonly string[]
  /** Kinds of the current identifiers that are invalid, each once. */
  readonly invalidKinds: readonly string[]
}
