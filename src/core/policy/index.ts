export {
  type Condition,
  type ConditionInput,
  type ConditionIssue,
  compileCondition,
  type Evidence,
  type FeatureValue,
  runCondition,
  toConditionInput,
} from './condition.ts'
export {
  type ActionHit,
  actionHits,
  type ErrorHit,
  evaluatePolicy,
  matchesTrigger,
  mostSevere,
  type RuleHit,
} from './evaluate-policy.ts'
export { renderFeatureTable } from './feature-table.ts'
export { type GuardableHit, type GuardContext, type GuardedHits, guardHits } from './guard-hits.ts'
export { linkageEvents } from './linkage-events.ts'
export {
  type CompiledPolicy,
  type CompiledRule,
  type ParsePolicyOptions,
  parseExpiry,
  parsePolicy,
} from './parse-policy.ts'
export {
  type EvaluateRules,
  type PlannedAction,
  type PlannedFacts,
  type PlannedHits,
  planSweep,
  type SweepPlan,
  type SweepRuleHit,
  type SweepSubject,
} from './plan-sweep.ts'
export {
  ACTION_SEVERITY,
  type Action,
  type ActionBase,
  type ActionType,
  type ExpiryConsequence,
  POLICY_EVENTS,
  type Policy,
  type PolicyCaps,
  type PolicyEvent,
  type PolicyException,
  type ReviewPriority,
  type Rule,
  TRIGGERS,
  type Trigger,
} from './policy.ts'
export { formatPolicyError, type PolicyError } from './policy-error.ts'
export { DEFAULT_PER_RULE_PER_DAY, MAX_DEADLINE_DAYS, MAX_NOTICE_DAYS } from './policy-schema.ts'
export {
  CLUSTER_SIZE_BUCKETS,
  type ClusterSizeBucket,
  clusterSizeBucket,
  defaultHonestRole,
  type GuardedPlan,
  type HeldBackHit,
  type ImpactReport,
  LONG_STANDING_DAYS,
  type PrivilegeLoss,
  type ReportOptions,
  type RoleImpact,
  type RuleImpact,
  reportSweep,
  type TruthImpact,
} from './sweep-report.ts'
