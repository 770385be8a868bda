import type { AccountSummary } from '../../src/core/features/index.ts'
import { type Instant, toInstant } from '../../src/core/time.ts'

/**
 * The summary of a registered, active account with no records but its registration at `at`, and no problem; pass only
 * what the test is about.
 */
export function anAccountSummary(
  over: Partial<AccountSummary> & { readonly id: string },
  at: Instant = toInstant(0),
): AccountSummary {
  return {
    registered: true,
    marketplace: 'US',
    kind: 'individual',
    channelType: 'organic',
    channelRef: null,
    status: 'active',
    registeredAt: at,
    firstEventAt: at,
    lastEventAt: at,
    sessions: 0,
    listings: 0,
    updates: 0,
    statuses: 0,
    verificationRecords: 0,
    verifications: {},
    problems: [],
    invalidKinds: [],
    ...over,
  }
}
