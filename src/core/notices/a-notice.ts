/**
 * Complete facts for each notice kind, for tests (the builder of the facts the scheduler passes) and for previews of
 * the notices: a decision of 3 December 2026 with a deadline of 10 December 2026, 09:00 UTC.
 */
import type { Action } from '../policy/policy.ts'
import type { NoticeFacts, NoticeKind } from './notice-facts.ts'

export const DECIDED = Date.parse('2026-12-03T09:00:00Z')
export const DEADLINE = Date.parse('2026-12-10T09:00:00Z')

export const REQUIRE: Extract<Action, { type: 'require_verification' }> = {
  type: 'require_verification',
  reason: 'linked_to_deactivated',
  scope: 'account',
  methods: ['id_document', 'video'],
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
}
export const SUSPEND: Extract<Action, { type: 'suspend' }> = {
  type: 'suspend',
  reason: 'linked_to_deactivated',
  scope: 'cluster',
  noticeDays: 0,
}
export const DEACTIVATE: Extract<Action, { type: 'deactivate' }> = {
  type: 'deactivate',
  reason: 'linked_to_deactivated',
  scope: 'account',
  noticeDays: 30,
}

const ACTION_OF: Readonly<Record<NoticeKind, Action>> = {
  verification_requested: REQUIRE,
  verification_reminder: REQUIRE,
  verification_passed: REQUIRE,
  verification_failed: REQUIRE,
  verification_expired: REQUIRE,
  restriction: SUSPEND,
  termination_notice: DEACTIVATE,
  reinstatement: SUSPEND,
  appeal_received: SUSPEND,
  appeal_upheld: SUSPEND,
  appeal_overturned: SUSPEND,
}

/** Complete facts for a notice of `kind`: what the scheduler would pass. */
export function aNotice(kind: NoticeKind, over: Partial<NoticeFacts> = {}): NoticeFacts {
  return {
    kind,
    locale: 'en',
    timeZone: 'Asia/Shanghai',
    account: 'acc-DE-000123',
    sellerName: 'Lindqvist Trading GmbH',
    marketplace: 'DE',
    decision: {
      id: 42,
      action: ACTION_OF[kind],
      policy: 'second-review',
      policyVersion: 3,
      rule: 'linked-to-deactivated',
      ruleDescription: 'Linked on personal evidence to an account the marketplace deactivated.',
      at: DECIDED,
      automated: true,
      decidedBy: 'policy',
      clusterSize: 4,
    },
    evidence: {
      features: { 'cluster.deactivated': 3, 'account.age_days': 12.6, 'cluster.strong_evidence': true },
      links: [{ other: 'acct_1f9a2b7f3', score: 31.5, shared: ['iban', 'device'] }],
    },
    requirement: { id: 7, methods: ['id_document', 'video'], deadline: DEADLINE, onExpiry: 'suspend' },
    appeal: { id: 5, statement: 'These accounts are not mine.', reason: 'The documents show other owners.' },
    redress: { appealUrl: 'https://sellers.example.com/appeals/42', appealWithinDays: 180 },
    portalUrl: 'https://sellers.example.com/verify',
    ...over,
  }
}
