/**
 * The features policies decide on: what the engine knows of an account, its cluster and its history at one moment.
 * This catalogue is the single source of their names, types and meanings: policy conditions are type-checked against
 * it, `docs/policies.md` lists it, and `computeFeatures` fills exactly these fields.
 */

/** The value types a feature may have, as the policy language names them. */
export type FeatureType = 'bool' | 'int' | 'double' | 'string' | 'list(string)'

export interface FeatureSpec {
  /** Dotted name as conditions write it: `account.age_days`. */
  readonly name: string
  readonly type: FeatureType
  readonly description: string
}

/** The verification methods a record or a requirement names (interchange `verification.kind`). */
export const VERIFICATION_KINDS = ['id_document', 'business_licence', 'utility_bill', 'postcard', 'video'] as const
export type VerificationKind = (typeof VERIFICATION_KINDS)[number]

export interface AccountFeatures {
  readonly id: string
  readonly marketplace: string
  readonly kind: string
  readonly channel_type: string
  readonly channel_ref: string
  readonly status: string
  readonly registered: boolean
  readonly age_days: number
  readonly sessions: number
  readonly listings: number
  readonly updates: number
  readonly verified: readonly string[]
  readonly failed_verifications: readonly string[]
  readonly pending_verifications: readonly string[]
  readonly days_since_verified: number
  readonly problems: readonly string[]
  readonly invalid_identifiers: readonly string[]
  readonly change_of_control: boolean
  readonly days_since_control_change: number
}

export interface ClusterFeatures {
  readonly size: number
  readonly deactivated: number
  readonly suspended: number
  readonly failed_verifications: number
  readonly strongest_link: number
  readonly strong_evidence: boolean
  readonly listing_duplicate_share: number
  readonly control_changes: number
  readonly marketplaces: number
}

export interface HistoryFeatures {
  readonly decisions: number
  readonly open_requirements: number
  readonly status_changes: number
  readonly days_since_last_event: number
}

/** Every feature of one account, as a condition sees them (`account.*`, `cluster.*`, `history.*`). */
export interface Features {
  readonly account: AccountFeatures
  readonly cluster: ClusterFeatures
  readonly history: HistoryFeatures
}

const f = (name: string, type: FeatureType, description: string): FeatureSpec => ({ name, type, description })

export const FEATURE_CATALOGUE: readonly FeatureSpec[] = [
  f('account.id', 'string', "The marketplace's account id."),
  f('account.marketplace', 'string', 'Storefront code the account registered on ("" before registration).'),
  f('account.kind', 'string', '"individual" or "business" ("" before registration).'),
  f('account.channel_type', 'string', 'How it registered: "organic", "invite" or "partner".'),
  f('account.channel_ref', 'string', 'The invitation link or partner id it registered through ("" when none).'),
  f('account.status', 'string', 'Marketplace status now: "active", "suspended" or "deactivated".'),
  f('account.registered', 'bool', 'Whether its `account` record has arrived.'),
  f('account.age_days', 'double', 'Days since registration (since its first record when not registered).'),
  f('account.sessions', 'int', 'Sessions recorded.'),
  f('account.listings', 'int', 'Listing records received.'),
  f('account.updates', 'int', 'Profile updates received.'),
  f('account.verified', 'list(string)', 'Verification methods whose latest outcome is "passed".'),
  f('account.failed_verifications', 'list(string)', 'Verification methods whose latest outcome is "failed".'),
  f('account.pending_verifications', 'list(string)', 'Methods submitted most recently without an outcome yet.'),
  f('account.days_since_verified', 'double', 'Days since the latest passed verification of any method; -1 when none.'),
  f(
    'account.problems',
    'list(string)',
    'Problems found in declared identifiers, as "kind:code" (e.g. "national_id:check_digit").',
  ),
  f(
    'account.invalid_identifiers',
    'list(string)',
    'Kinds of declared identifiers that are invalid (a bad check digit, a fictitious number).',
  ),
  f(
    'account.change_of_control',
    'bool',
    'Linkage detected a change of control (new devices and networks, then bank or contacts).',
  ),
  f('account.days_since_control_change', 'double', 'Days since that change of control; -1 when none.'),
  f('cluster.size', 'int', 'Accounts in its cluster, itself included (1 when linked to none).'),
  f('cluster.deactivated', 'int', 'Other members of its cluster that are deactivated.'),
  f('cluster.suspended', 'int', 'Other members of its cluster that are suspended.'),
  f('cluster.failed_verifications', 'int', 'Other members with a failed verification.'),
  f('cluster.strongest_link', 'double', 'Score (bits) of its strongest link to another member; 0 when none.'),
  f(
    'cluster.strong_evidence',
    'bool',
    'At least one of its links rests on personal evidence (bank, document, face, phone, email, device), not only on circumstantial or content evidence.',
  ),
  f(
    'cluster.listing_duplicate_share',
    'double',
    'Share (0..1) of its linked members whose link includes near-duplicate listings.',
  ),
  f('cluster.control_changes', 'int', 'Members of its cluster (itself included) with a detected change of control.'),
  f('cluster.marketplaces', 'int', 'Distinct storefronts its cluster sells on.'),
  f('history.decisions', 'int', 'Decisions policies have applied to it before.'),
  f(
    'history.open_requirements',
    'int',
    'Verification requirements still open (requested, reminded, submitted or in review).',
  ),
  f('history.status_changes', 'int', 'Status records the marketplace has sent for it.'),
  f('history.days_since_last_event', 'double', 'Days since its latest record.'),
]
