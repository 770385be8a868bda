import type { Action, Trigger } from '../core/policy/policy.ts'
import type { Instant } from '../core/time.ts'
import type { RequirementSnapshot, RequirementState } from '../core/verification/requirement-lifecycle.ts'

/** A policy version as stored: the YAML exactly as loaded, who loaded it and when. */
export interface StoredPolicy {
  readonly name: string
  /** 1, 2, … per name, assigned by the store. */
  readonly version: number
  readonly source: string
  /** `live` acts; `shadow` runs beside the live version and only records what it would have done. */
  readonly mode: 'live' | 'shadow'
  readonly loadedBy: string
  readonly loadedAt: Instant
}

export type { RequirementState }

/** Why an action was taken: the facts a notice and an appeal rest on. */
export interface DecisionEvidence {
  /** The features the rule's condition read, with their values at decision time. */
  readonly features: Readonly<Record<string, unknown>>
  /** The strongest links of the account at decision time: the other account, the score, and what they share. */
  readonly links: readonly { readonly other: string; readonly score: number; readonly shared: readonly string[] }[]
  /** For a cluster-scoped action reaching this account through another member: that member. */
  readonly via?: string
}

export interface NewDecision {
  /**
   * What makes a decision the same one again (policy, version, rule, account, and the sweep or event that made it):
   * recording a key that exists changes nothing, so re-applying a sweep or resuming an interrupted one never doubles.
   */
  readonly key: string
  readonly account: string
  readonly policy: string
  readonly policyVersion: number
  readonly rule: string
  readonly trigger: Trigger
  readonly action: Action
  readonly evidence: DecisionEvidence
  /** `shadow`: recorded only, never acted on. */
  readonly mode: 'live' | 'shadow'
  readonly sweep: string | null
  readonly actor: string
  readonly at: Instant
}

export interface Decision extends NewDecision {
  readonly id: number
}

/** What `recordDecisions` did: how many decisions were new, how many were recorded before, and the new ones. */
export interface RecordedDecisions {
  readonly recorded: number
  readonly existing: number
  readonly decisions: readonly Decision[]
}

/** A verification the seller must complete by a deadline, created by a `require_verification` decision. */
export type Requirement = RequirementSnapshot

/** One entry of the append-only audit trail; `hash` chains it to the previous entry. */
export interface AuditRecord {
  readonly seq: number
  readonly at: Instant
  readonly actor: string
  /** What was done: `policy.load`, `decision.record`, `requirement.create`, `sweep.start`, … */
  readonly action: string
  /** What it was done to: an account id, `policy:NAME@VERSION`, `sweep:ID`. */
  readonly subject: string
  readonly detail: Readonly<Record<string, unknown>>
  /** Hex SHA-256 of the previous record's hash and this record's content (the first record chains to ""). */
  readonly hash: string
}

export interface NewAuditRecord {
  readonly at: Instant
  readonly actor: string
  readonly action: string
  readonly subject: string
  readonly detail: Readonly<Record<string, unknown>>
}

export interface SweepRun {
  readonly id: string
  readonly policy: string
  readonly policyVersion: number
  readonly startedBy: string
  readonly startedAt: Instant
  readonly finishedAt: Instant | null
  readonly state: 'running' | 'finished' | 'failed'
  /** Decisions recorded so far by this sweep. */
  readonly decided: number
}

/** Stores policies, the decisions they lead to, verification requirements, sweeps and the audit trail. */
export interface PolicyStore {
  /** Stores the next version of a policy (1 for a new name) with its audit record; returns it. */
  savePolicy(policy: {
    readonly name: string
    readonly source: string
    readonly mode: 'live' | 'shadow'
    readonly loadedBy: string
    readonly at: Instant
  }): Promise<StoredPolicy>
  /** A version of a policy, the latest when `version` is omitted. */
  getPolicy(name: string, version?: number): Promise<StoredPolicy | undefined>
  /** Every stored version, newest first. */
  listPolicies(): Promise<readonly StoredPolicy[]>
  /**
   * Records decisions in one transaction: for each new key, the decision, its audit record and, for
   * `require_verification` in `live` mode, its requirement with deadline `at + deadlineDays`. Keys already recorded
   * are skipped. Returns how many were new, and the new ones as stored (with their ids), in the order given.
   */
  recordDecisions(decisions: readonly NewDecision[]): Promise<RecordedDecisions>
  /** The keys among these that are already recorded. */
  existingDecisionKeys(keys: readonly string[]): Promise<ReadonlySet<string>>
  decisionsOf(account: string): Promise<readonly Decision[]>
  requirementsOf(account: string): Promise<readonly Requirement[]>
  /** Live decisions per rule of a policy recorded in [from, to): what the daily caps count. */
  countDecisionsByRule(policy: string, from: Instant, to: Instant): Promise<ReadonlyMap<string, number>>
  /** Per account (all, or those given): live decisions recorded, and requirements still open; only accounts with any. */
  historyCounts(
    accounts?: readonly string[],
  ): Promise<ReadonlyMap<string, { readonly decisions: number; readonly openRequirements: number }>>
  startSweep(run: {
    readonly id: string
    readonly policy: string
    readonly policyVersion: number
    readonly startedBy: string
    readonly at: Instant
  }): Promise<SweepRun>
  finishSweep(id: string, state: 'finished' | 'failed', at: Instant): Promise<SweepRun>
  getSweep(id: string): Promise<SweepRun | undefined>
  /** Appends to the audit trail (for what `recordDecisions` and `savePolicy` do not record themselves). */
  appendAudit(records: readonly NewAuditRecord[]): Promise<void>
  /** Audit records in order, from `afterSeq` on, at most `limit`. */
  listAudit(opts?: {
    readonly afterSeq?: number
    readonly limit?: number
    readonly subject?: string
  }): Promise<readonly AuditRecord[]>
}
