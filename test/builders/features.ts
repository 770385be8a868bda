import type { AccountFeatures, ClusterFeatures, Features, HistoryFeatures } from '../../src/core/features/index.ts'

/** The features of an active, verified, unlinked account; pass only what the test is about. */
export function someFeatures(
  over: {
    account?: Partial<AccountFeatures>
    cluster?: Partial<ClusterFeatures>
    history?: Partial<HistoryFeatures>
  } = {},
): Features {
  return {
    account: {
      id: 'a1',
      marketplace: 'fr',
      kind: 'individual',
      channel_type: 'organic',
      channel_ref: '',
      status: 'active',
      registered: true,
      age_days: 120.5,
      sessions: 14,
      listings: 3,
      updates: 1,
      verified: ['id_document', 'postcard', 'video'],
      failed_verifications: [],
      pending_verifications: [],
      days_since_verified: 100,
      problems: [],
      invalid_identifiers: [],
      change_of_control: false,
      days_since_control_change: -1,
      ...over.account,
    },
    cluster: {
      size: 1,
      deactivated: 0,
      suspended: 0,
      failed_verifications: 0,
      strongest_link: 0,
      strong_evidence: false,
      listing_duplicate_share: 0,
      control_changes: 0,
      marketplaces: 1,
      ...over.cluster,
    },
    history: { decisions: 0, open_requirements: 0, status_changes: 0, days_since_last_event: 2, ...over.history },
  }
}
