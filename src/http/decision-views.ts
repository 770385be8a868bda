import type { z } from 'zod'
import { type AccountDecision, formatTime } from '../app/index.ts'
import type { Decision, Requirement } from '../ports/index.ts'
import type { accountDecisionSchema, decisionSchema, requirementSchema } from './schemas.ts'

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
