// The wire shapes the app reads (docs/api.md; the server's OpenAPI document at /openapi.json is the reference).

export type ReviewerRole = 'reviewer' | 'lead' | 'admin'

export type Me =
  | {
      readonly kind: 'reviewer'
      readonly reviewer: { readonly name: string; readonly role: ReviewerRole }
      readonly expiresAt: string
    }
  | { readonly kind: 'seller'; readonly account: string; readonly expiresAt: string }
  | { readonly kind: 'apiKey'; readonly apiKey: { readonly id: string; readonly name: string } }

export interface Page {
  readonly limit: number
  readonly nextCursor: string | null
}

export interface Stats {
  readonly accounts: number
  readonly unregistered: number
  readonly byStatus: Readonly<Record<string, number>>
  readonly byMarketplace: Readonly<Record<string, number>>
  readonly byKind: Readonly<Record<string, number>>
  readonly lastEventAt: string | null
}

export interface Problem {
  readonly code: string
  readonly message: string
}

export interface Identifier {
  readonly kind: string
  readonly key: string
  readonly valid: boolean
  readonly problems: readonly Problem[]
  readonly flags: readonly string[]
}

export interface VerificationSummary {
  readonly outcome: 'passed' | 'failed' | 'pending'
  readonly at: string
  readonly passedAt: string | null
}

export interface Account {
  readonly id: string
  readonly registered: boolean
  readonly marketplace: string | null
  readonly kind: string | null
  readonly status: string
  readonly registeredAt: string | null
  readonly firstEventAt: string
  readonly lastEventAt: string
  readonly eventCounts: Readonly<Record<string, number>>
  readonly verifications: Readonly<Record<string, VerificationSummary>>
  readonly declarations: Readonly<Record<string, unknown>>
  readonly identifiers: readonly Identifier[]
}

export interface Evidence {
  readonly kind: string
  readonly class: 'personal' | 'circumstantial' | 'content'
  readonly value: string
  readonly sharedBy: number
  readonly weight: number
  readonly reason: string
  readonly items?: number
}

export interface Link {
  readonly a: string
  readonly b: string
  readonly score: number
  readonly evidence: readonly Evidence[]
}

export interface Cluster {
  readonly cluster: string
  readonly size: number
  readonly linkCount: number
  readonly members: readonly string[]
  readonly strongestLinks: readonly Link[]
}

export interface ClusterMember {
  readonly id: string
  readonly status: string
  readonly marketplace: string | null
  readonly kind: string | null
  readonly registeredAt: string | null
  readonly problems: readonly string[]
}

export interface Explanation {
  readonly a: string
  readonly b: string
  readonly linked: boolean
  readonly path: readonly Link[]
}

export interface Action {
  readonly type: 'approve' | 'review' | 'require_verification' | 'hold_payouts' | 'suspend' | 'deactivate'
  readonly reason: string
  readonly scope: 'account' | 'cluster'
  readonly methods?: readonly string[]
  readonly deadlineDays?: number
  readonly onExpiry?: string
  readonly priority?: string
}

export interface Decision {
  readonly id: number
  readonly account: string
  readonly policy: string
  readonly policyVersion: number
  readonly rule: string
  readonly trigger: string
  readonly action: Action
  readonly evidence: {
    readonly features: Readonly<Record<string, unknown>>
    readonly links: readonly { readonly other: string; readonly score: number; readonly shared: readonly string[] }[]
    readonly via?: string
  }
  readonly mode: 'live' | 'shadow'
  readonly actor: string
  readonly at: string
}

export type RequirementState = 'requested' | 'reminded' | 'passed' | 'expired' | 'refused' | 'withdrawn'

export interface Requirement {
  readonly id: number
  readonly account: string
  readonly decision: number
  readonly methods: readonly string[]
  readonly deadline: string
  readonly state: RequirementState | string
  readonly createdAt: string
  readonly onExpiry: 'hold_payouts' | 'suspend' | 'deactivate'
  readonly reinstateOnLatePass: boolean
  readonly progress: Readonly<
    Record<string, { readonly state: 'submitted' | 'passed' | 'failed'; readonly at: string }>
  >
  readonly remindersSent: number
  readonly resolvedAt: string | null
}

export interface Restriction {
  readonly id: number
  readonly account: string
  readonly kind: 'hold_payouts' | 'suspend' | 'deactivate'
  readonly decision: number | null
  readonly reason: string
  readonly effectiveAt: string
  readonly inForceAt: string | null
  readonly liftedAt: string | null
  readonly liftReason: string | null
}

export interface NoticeSummary {
  readonly id: number
  readonly kind: string
  readonly locale: string
  readonly subject: string
  readonly createdAt: string
  readonly sentAt: string | null
}

export interface Notice extends NoticeSummary {
  readonly text: string
}

/** A file the seller attached to an appeal (its bytes at GET /v1/appeals/{n}/files/{f}, for reviewers). */
export interface AppealFile {
  readonly id: number
  readonly name: string
  readonly mime: string
  readonly size: number
}

export interface Appeal {
  readonly id: number
  readonly account: string
  readonly decision: number
  readonly statement: string
  readonly files: readonly string[]
  /** The files attached (listed appeals carry them; an appeal's decision answer does not). */
  readonly uploads?: readonly AppealFile[]
  readonly state: 'open' | 'upheld' | 'overturned'
  readonly filedBy: string
  readonly filedAt: string
  readonly decidedBy: string | null
  readonly decidedAt: string | null
  readonly reason: string | null
}

export interface AppealOutcome {
  readonly appeal: Appeal
  readonly overturned: readonly number[]
  readonly toReconsider: readonly { readonly decision: number; readonly account: string }[]
}

export type PostcardOutcome =
  | 'accepted'
  | 'wrong_code'
  | 'malformed'
  | 'expired'
  | 'already_used'
  | 'locked'
  | 'no_postcard'

export interface CodeEntry {
  readonly outcome: PostcardOutcome
  readonly accepted: boolean
  readonly attemptsLeft: number
  readonly message: string
}

export interface PolicyVersion {
  readonly name: string
  readonly version: number
  readonly mode: 'live' | 'shadow'
  readonly loadedBy: string
  readonly loadedAt: string
}

export type JobState = 'queued' | 'running' | 'done' | 'failed'

export interface Job {
  readonly id: number
  readonly kind: string
  readonly state: JobState
  readonly payload: unknown
  readonly attempts: number
  readonly progress: { readonly phase?: string; readonly done: number; readonly total: number | null } | null
  readonly result: unknown
  readonly error: string | null
  readonly createdBy: string
  readonly createdAt: string
  readonly updatedAt: string
}

export interface SweepPayload {
  readonly policy: string
  readonly version: number
  readonly apply: boolean
}

export interface RuleImpact {
  readonly rule: string
  readonly action: string
  readonly reason: string
  readonly matched: number
  readonly kept: number
  readonly exempted: number
  readonly capped: number
}

export interface SweepHit {
  readonly account: string
  readonly rule: { readonly id: string; readonly description?: string }
  readonly action: Action
  readonly evidence: Readonly<Record<string, unknown>>
  readonly via?: string
  readonly facts: {
    readonly marketplace: string
    readonly status: string
    readonly ageDays: number
    readonly clusterSize: number
    readonly strongEvidence: boolean
  }
}

export interface ImpactReport {
  readonly evaluated: number
  readonly hit: number
  readonly byAction: Readonly<Record<string, number>>
  readonly byRule: readonly RuleImpact[]
  readonly byClusterSize: readonly { readonly bucket: string; readonly hit: number }[]
  readonly weakEvidenceOnly: number
  readonly losingPrivileges: { readonly immediately: number; readonly onMissedDeadline: number }
  readonly exempted: number
  readonly capped: number
  readonly sample: readonly SweepHit[]
  readonly errorCount: number
}

export interface SweepResult {
  readonly policy: { readonly name: string; readonly version: number | null }
  readonly report: ImpactReport
  readonly alreadyApplied: number
  readonly applied?: { readonly sweep: string; readonly recorded: number; readonly existing: number }
}

export interface DueRequirements {
  readonly until: string
  readonly requirements: readonly Requirement[]
  readonly more: boolean
}

export type CasePriority = 'urgent' | 'high' | 'normal' | 'low'
export type CaseOutcome = 'no_action' | 'action_taken' | 'escalated'

export interface ReviewCase {
  readonly id: number
  readonly account: string
  readonly decision: number
  readonly priority: CasePriority
  readonly reason: string
  readonly state: 'open' | 'assigned' | 'closed'
  readonly assignee: string | null
  readonly createdAt: string
  readonly dueAt: string
  readonly overdue: boolean
  readonly closedAt: string | null
  readonly outcome: CaseOutcome | null
  readonly note: string | null
}

export type SubmissionState = 'received' | 'in_review' | 'passed' | 'failed'

export interface SubmissionFile {
  readonly id: number
  /** front, back, photo (the ID photo of a video check), frame, bill or video. */
  readonly role: string
  readonly mime: string
  readonly size: number
  readonly sha256?: string
}

export interface SubmissionCheck {
  readonly kind: string
  readonly outcome: 'passed' | 'failed' | 'not_available'
  readonly detail: string
  /** Other accounts the check found. */
  readonly accounts?: readonly string[]
}

/** The face reader's verdict on a video check: cosine similarities (1 = the same picture). */
export interface FaceSummary {
  readonly passed: boolean
  readonly idPhotoSimilarity: number | null
  readonly frameSimilarities: readonly (number | null)[]
  readonly lowestFramePairSimilarity: number | null
  readonly real: number | null
  readonly live: number | null
  readonly framesWithoutFace: readonly number[]
  readonly framesWithSeveralFaces: readonly number[]
}

export interface SubmissionChecks {
  readonly passed?: boolean
  readonly items?: readonly SubmissionCheck[]
  readonly face?: FaceSummary
  readonly elsewhere?: readonly string[]
}

export interface Submission {
  readonly id: number
  readonly account: string
  readonly method: string
  readonly state: SubmissionState
  readonly requirement?: number | null
  readonly fields: Readonly<Record<string, unknown>>
  readonly checks?: SubmissionChecks
  readonly files: readonly SubmissionFile[]
  readonly createdAt: string
  readonly createdBy?: string
  readonly decidedAt: string | null
  readonly decidedBy?: string | null
  readonly reason: string | null
  readonly checklist?: Readonly<Record<string, boolean>> | null
  readonly final?: boolean
}

export interface SubmissionDecided {
  readonly submission: Submission
  readonly refused: readonly number[]
}

export interface TimelineEntry {
  readonly at: string
  readonly source: 'record' | 'audit' | 'notice'
  readonly kind: string
  readonly actor: string | null
  readonly detail: Readonly<Record<string, unknown>>
}

/** What overturning would change. */
export interface AppealReach {
  readonly decisions: readonly Decision[]
  readonly restrictions: readonly Restriction[]
  readonly requirements: readonly Requirement[]
}

export interface AppealPreview {
  readonly appeal: Appeal
  readonly decision: Decision
  readonly own: AppealReach
  readonly cluster: AppealReach | null
}
