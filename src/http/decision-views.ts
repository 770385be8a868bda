import type { z } from 'zod'
import { type AccountDecision, formatTime } from '../app/index.ts'
import type { Instant } from '../core/time.ts'
import type { Restriction } from '../core/verification/restriction.ts'
import type { Decision, Requirement } from '../ports/index.ts'
import type { accountDecisionSchema, decisionSchema, requirementSchema, restrictionSchema } from './schemas.ts'

/** How decisions, requirements and a registration's outcome read over HTTP: times as RFC 3339. */
export function toDecisionView(d: Decision): z.input<typeof decisionSchema> {
  return {
    id: d.id,
    account: d.account,
    policy: d.policy,
    policyVersion: d.policyVersion,
    rule: d.rule,
    trigger: d.trigger,
    action: { ...d.action },
    evidence: {
      features: d.evidence.features,
      links: d.evidence.links.map((l) => ({ ...l, shared: [...l.shared] })),
      ...(d.evidence.via === undefined ? {} : { via: d.evidence.via }),
    },
    mode: d.mode,
    sweep: d.sweep,
    actor: d.actor,
    at: formatTime(d.at),
  }
}

export function toRequirementView(r: Requirement): z.input<typeof requirementSchema> {
  return {
    id: r.id,
    account: r.account,
    decision: r.decision,
    methods: [...r.methods],
    deadline: formatTime(r.deadline),
    state: r.state,
    createdAt: formatTime(r.createdAt),
    updatedAt: formatTime(r.updatedAt),
    onExpiry: r.onExpiry,
    reinstateOnLatePass: r.reinstateOnLatePass,
    progress: Object.fromEntries(
      Object.entries(r.progress).flatMap(([m, p]) =>
        p === undefined ? [] : [[m, { state: p.state, at: formatTime(p.at) }]],
      ),
    ),
    remindersSent: r.remindersSent,
    nextReminderAt: r.nextReminderAt === null ? null : formatTime(r.nextReminderAt),
    resolvedAt: r.resolvedAt === null ? null : formatTime(r.resolvedAt),
  }
}

export function toRestrictionView(r: Restriction): z.input<typeof restrictionSchema> {
  const time = (t: Instant | null): string | null => (t === null ? null : formatTime(t))
  return {
    id: r.id,
    account: r.account,
    kind: r.kind,
    decision: r.decision,
    requirement: r.requirement,
    reason: r.reason,
    createdAt: formatTime(r.createdAt),
    effectiveAt: formatTime(r.effectiveAt),
    inForceAt: time(r.inForceAt),
    liftedAt: time(r.liftedAt),
    liftedBy: r.liftedBy,
    liftReason: r.liftReason,
  }
}

export function toAccountDecisionView(d: AccountDecision): z.input<typeof accountDecisionSchema> {
  return {
    account: d.account,
    trigger: d.trigger,
    event: d.event ?? null,
    action: { ...d.action },
    policies: d.outcomes.map((o) => ({
      policy: o.policy,
      version: o.version,
      mode: o.mode,
      rule: o.hit?.rule.id ?? null,
      heldBack: o.heldBack ?? null,
      errors: [...o.errors],
    })),
    decisions: d.recorded.map(toDecisionView),
    requirements: d.requirements.map(toRequirementView),
    links: d.links.map((l) => ({ other: l.other, score: l.score, shared: [...l.shared] })),
  }
}
