import { OnesellerError } from '../errors.ts'
import { MS_PER_DAY } from '../time.ts'
import { NOTICE_KINDS, NOTICE_LOCALES, type NoticeFacts, type NoticeMethodState } from './notice-facts.ts'
import { canonicalTimeZone } from './notice-time.ts'
import type { RestrictionKind } from './notice-wording.ts'

/** The requirement a verification notice is about, from `facts.requirement` and the decision's action. */
export interface NoticeRequirement {
  readonly id: number | undefined
  readonly methods: readonly string[]
  readonly deadline: number
  readonly onExpiry: RestrictionKind | undefined
  readonly reinstateOnLatePass: boolean
  readonly progress: Readonly<Partial<Record<string, NoticeMethodState>>>
  readonly failedMethods: readonly string[]
  readonly refused: boolean
  readonly failureReason: string | undefined
}

const VERIFICATION_NOTICES: ReadonlySet<string> = new Set([
  'verification_requested',
  'verification_reminder',
  'verification_passed',
  'verification_failed',
  'verification_expired',
])
const RESTRICTIONS: ReadonlySet<string> = new Set(['hold_payouts', 'suspend', 'deactivate'])
const HTTP_URL = /^https?:\/\/[^\s"'<>]+$/i

function fail(kind: string, field: string, problem: string): never {
  throw new OnesellerError('invalid_input', `${kind} notice: ${field} ${problem}`, { details: { field } })
}

/** The requirement of a verification notice, or undefined when neither the facts nor the action give one. */
export function noticeRequirement(facts: NoticeFacts): NoticeRequirement | undefined {
  const action = facts.decision.action
  const asked = action.type === 'require_verification' ? action : undefined
  const r = facts.requirement
  if (r === undefined && asked === undefined) return undefined
  const methods = r?.methods ?? asked?.methods ?? []
  return {
    id: r?.id,
    methods,
    deadline: r?.deadline ?? facts.decision.at + (asked?.deadlineDays ?? 0) * MS_PER_DAY,
    onExpiry: r?.onExpiry ?? asked?.onExpiry,
    reinstateOnLatePass: r?.reinstateOnLatePass ?? asked?.reinstateOnLatePass ?? false,
    progress: r?.progress ?? {},
    failedMethods: r?.failedMethods ?? methods,
    refused: r?.refused ?? false,
    failureReason: r?.failureReason,
  }
}

/**
 * What a restriction notice takes away (or a reinstatement gives back): the action's restriction, or, for a
 * requirement, what its missed deadline imposes; `lift.kind` says it for a reinstatement.
 */
export function noticeRestriction(facts: NoticeFacts): RestrictionKind | undefined {
  const action = facts.decision.action
  if (facts.kind === 'reinstatement' && facts.lift?.kind !== undefined) return facts.lift.kind
  if (action.type === 'hold_payouts' || action.type === 'suspend' || action.type === 'deactivate') return action.type
  return noticeRequirement(facts)?.onExpiry
}

function checkTime(kind: string, field: string, value: number | undefined): void {
  if (value !== undefined && !Number.isFinite(value)) fail(kind, field, 'must be a finite time (epoch milliseconds)')
}

function checkUrl(kind: string, field: string, value: string | undefined): void {
  if (value !== undefined && !HTTP_URL.test(value)) fail(kind, field, 'must be an http(s) URL without spaces or quotes')
}

function checkText(kind: string, field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') fail(kind, field, 'must be a non-empty string')
}

/** Refuses facts a notice cannot be made of, naming the field (`OnesellerError('invalid_input')`). */
export function checkNoticeFacts(facts: NoticeFacts): void {
  const kind = String(facts.kind)
  if (!NOTICE_KINDS.includes(facts.kind)) fail(kind, 'kind', `must be one of ${NOTICE_KINDS.join(', ')}`)
  if (!NOTICE_LOCALES.includes(facts.locale)) fail(kind, 'locale', `must be one of ${NOTICE_LOCALES.join(', ')}`)
  if (typeof facts.timeZone !== 'string' || canonicalTimeZone(facts.timeZone) === undefined) {
    fail(kind, 'timeZone', `"${String(facts.timeZone)}" is not an IANA time zone (e.g. "Asia/Shanghai")`)
  }
  checkText(kind, 'account', facts.account)
  if (typeof facts.marketplace !== 'string') fail(kind, 'marketplace', 'must be a string ("" before registration)')
  checkText(kind, 'decision.policy', facts.decision.policy)
  checkText(kind, 'decision.rule', facts.decision.rule)
  checkTime(kind, 'decision.at', facts.decision.at)
  checkTime(kind, 'effectiveAt', facts.effectiveAt)
  checkTime(kind, 'sentAt', facts.sentAt)
  checkTime(kind, 'requirement.deadline', facts.requirement?.deadline)
  checkTime(kind, 'appeal.at', facts.appeal?.at)
  checkTime(kind, 'appeal.decidedAt', facts.appeal?.decidedAt)
  checkTime(kind, 'redress.appealBy', facts.redress.appealBy)
  const days = facts.redress.appealWithinDays
  if (!Number.isInteger(days) || days < 1)
    fail(kind, 'redress.appealWithinDays', 'must be a whole number of days, 1 or more')
  checkUrl(kind, 'redress.appealUrl', facts.redress.appealUrl)
  checkUrl(kind, 'portalUrl', facts.portalUrl)
  checkUrl(kind, 'termsUrl', facts.termsUrl)

  if (VERIFICATION_NOTICES.has(facts.kind)) {
    const r = noticeRequirement(facts)
    if (r === undefined) fail(kind, 'requirement', 'is missing and the decision does not require a verification')
    if (r.methods.length === 0) fail(kind, 'requirement.methods', 'must name at least one verification method')
  }
  const restricts =
    facts.kind === 'verification_expired' ||
    facts.kind === 'restriction' ||
    facts.kind === 'termination_notice' ||
    facts.kind === 'reinstatement' ||
    (facts.kind === 'verification_failed' && facts.requirement?.refused === true)
  if (restricts && noticeRestriction(facts) === undefined) {
    fail(
      kind,
      'decision.action',
      'restricts nothing: name hold_payouts, suspend or deactivate (or requirement.onExpiry)',
    )
  }
  if (facts.kind === 'restriction' && !RESTRICTIONS.has(facts.decision.action.type)) {
    fail(kind, 'decision.action.type', 'must be hold_payouts, suspend or deactivate')
  }
  if (facts.kind === 'termination_notice' && facts.decision.action.type !== 'deactivate') {
    fail(kind, 'decision.action.type', 'must be deactivate')
  }
  if (facts.kind === 'verification_failed' && facts.requirement?.refused === true && facts.effectiveAt === undefined) {
    fail(kind, 'effectiveAt', 'is required for a refusal: when its consequence took effect')
  }
  if (facts.kind.startsWith('appeal_') && facts.appeal === undefined) fail(kind, 'appeal', 'is missing')
}
