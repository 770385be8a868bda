import type { AccountState } from '../core/accounts/index.ts'
import type { AccountId } from '../core/ids.ts'
import { type NoticeFacts, type NoticeKind, noticeAudience, renderNotice } from '../core/notices/notice.ts'
import { parsePolicy } from '../core/policy/parse-policy.ts'
import type { Instant } from '../core/time.ts'
import type {
  AuditRecord,
  Decision,
  EventStore,
  NewNotice,
  PolicyStore,
  Requirement,
  WorkflowStore,
} from '../ports/index.ts'
import { nextTurn, RECORDS_PER_TURN } from './next-turn.ts'

/** The follower of the audit trail that turns what happened to sellers into notices. */
export const NOTICES_CURSOR = 'workflow.notices'

/** Audit records read per step; each step's notices and the cursor move are one transaction. */
const AUDIT_PAGE = 2_000

/** What every notice says about redress, and where the seller acts. */
export interface NoticeSettings {
  /** The seller portal, where requirements are fulfilled and decisions appealed; absent: not mentioned. */
  readonly portalUrl?: string
  /** How long after a decision the seller may appeal it. */
  readonly appealWithinDays: number
  /** Where sellers write for help. */
  readonly contact?: string
  /** The certified out-of-court dispute settlement body the marketplace works with (DSA Art. 21). */
  readonly outOfCourtBody?: string
}

/** DSA Art. 20: a decision may be appealed for at least six months. */
export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { appealWithinDays: 183 }

interface NoticeDeps {
  readonly events: EventStore
  readonly policies: PolicyStore
  readonly workflows: WorkflowStore
  readonly notices: NoticeSettings
}

/**
 * Follows the audit trail from where it stopped and composes the notice each record calls for: a requirement made,
 * a reminder, a pass, a failed attempt, an expiry, a restriction imposed directly (a statement of reasons) or with
 * advance notice, a restriction lifted. A notice's key is its audit record's seq, so composing again changes nothing.
 */
export async function composeNotices(deps: NoticeDeps, now: Instant): Promise<number> {
  const context = new NoticeContext(deps)
  let composed = 0
  let position = await deps.workflows.cursor(NOTICES_CURSOR)
  for (;;) {
    const page = await deps.policies.listAudit({ afterSeq: position, limit: AUDIT_PAGE })
    if (page.length === 0) break
    const notices: NewNotice[] = []
    for (const [i, record] of page.entries()) {
      if (i > 0 && i % RECORDS_PER_TURN === 0) await nextTurn()
      const notice = await context.noticeFor(record, now)
      if (notice !== undefined) notices.push(notice)
    }
    position = page.at(-1)!.seq
    composed += await deps.workflows.insertNotices(notices, { name: NOTICES_CURSOR, position })
    await nextTurn()
  }
  return composed
}

/** Which notice an audit record calls for, if any. */
function kindOf(record: AuditRecord): NoticeKind | undefined {
  const d = record.detail
  switch (record.action) {
    case 'requirement.create':
      return 'verification_requested'
    case 'requirement.remind':
      return 'verification_reminder'
    case 'requirement.pass':
    case 'requirement.late_pass':
      return 'verification_passed'
    case 'requirement.attempt_failed':
      return 'verification_failed'
    case 'requirement.expire':
      return 'verification_expired'
    case 'requirement.fail':
      // A reviewer's final refusal: a statement of reasons, with the consequence in force from now.
      return 'verification_failed'
    case 'restriction.create':
      // A restriction a requirement imposed (missed deadline, refusal) is told by the requirement's notice.
      if (d.requirement !== null) return undefined
      return d.kind === 'deactivate' && typeof d.effective_at === 'number' && d.effective_at > record.at
        ? 'termination_notice'
        : 'restriction'
    case 'restriction.lift':
      // Lifted because an appeal succeeded (directly, or by withdrawing a requirement): the appeal's notice says so.
      return d.reason === 'appeal_overturned' || d.reason === 'requirement_withdrawn' ? undefined : 'reinstatement'
    case 'appeal.file':
      return 'appeal_received'
    case 'appeal.uphold':
      return 'appeal_upheld'
    case 'appeal.overturn':
      return 'appeal_overturned'
    default:
      return undefined
  }
}

/** What composing a page needs, read once per decision, requirement, account and policy version. */
class NoticeContext {
  private readonly decisions = new Map<number, Decision | undefined>()
  private readonly requirements = new Map<number, Requirement | undefined>()
  private readonly accounts = new Map<string, AccountState | undefined>()
  private readonly rules = new Map<string, Map<string, string>>()

  constructor(private readonly deps: NoticeDeps) {}

  async noticeFor(record: AuditRecord, _now: Instant): Promise<NewNotice | undefined> {
    const kind = kindOf(record)
    if (kind === undefined) return undefined
    const detail = record.detail
    const requirement = typeof detail.requirement === 'number' ? await this.requirement(detail.requirement) : undefined
    const appeal = typeof detail.appeal === 'number' ? await this.deps.workflows.getAppeal(detail.appeal) : undefined
    const decisionId =
      typeof detail.decision === 'number'
        ? detail.decision
        : (requirement?.decision ?? (await this.liftedDecision(record)))
    const decision = decisionId === undefined ? undefined : await this.decision(decisionId)
    if (decision === undefined) return undefined
    const account = await this.account(record.subject)
    const marketplace = account?.marketplace ?? null
    const p = account?.profile
    const address =
      p?.business?.address ??
      p?.representative?.address ??
      p?.addresses?.find((a) => a.role === 'business') ??
      p?.addresses?.[0] ??
      null
    const audience = noticeAudience({
      marketplace: marketplace ?? '',
      country: address?.country ?? account?.profile.business?.country ?? null,
      region: address?.region ?? null,
      locale: p?.locale ?? null,
      timeZone: p?.timeZone ?? null,
    })
    const facts: NoticeFacts = {
      kind,
      locale: audience.locale,
      timeZone: audience.timeZone,
      account: record.subject,
      ...sellerName(account),
      marketplace: marketplace ?? '',
      decision: {
        id: decision.id,
        action: decision.action,
        policy: decision.policy,
        policyVersion: decision.policyVersion,
        rule: decision.rule,
        ...(await this.ruleDescription(decision)),
        at: decision.at,
        automated: !decision.actor.startsWith('reviewer:'),
        decidedBy: decision.actor.startsWith('reviewer:') ? 'reviewer' : 'policy',
        ...(decision.evidence.via === undefined ? {} : { via: decision.evidence.via }),
      },
      evidence: decision.evidence,
      ...(requirement === undefined
        ? {}
        : {
            requirement: {
              id: requirement.id,
              methods: requirement.methods,
              deadline: requirement.deadline,
              onExpiry: requirement.onExpiry,
              reinstateOnLatePass: requirement.reinstateOnLatePass,
              progress: Object.fromEntries(
                Object.entries(requirement.progress).flatMap(([m, v]) => (v === undefined ? [] : [[m, v.state]])),
              ),
              ...(Array.isArray(detail.methods) && record.action === 'requirement.attempt_failed'
                ? { failedMethods: detail.methods as Requirement['methods'] }
                : {}),
              ...(record.action === 'requirement.fail' ? { refused: true } : {}),
            },
          }),
      ...(record.action === 'requirement.fail' || record.action === 'requirement.expire'
        ? { effectiveAt: record.at }
        : {}),
      ...(record.action === 'restriction.lift'
        ? {
            effectiveAt: record.at,
            lift: {
              cause: liftCause(detail.reason),
              ...(liftCause(detail.reason) === 'reviewer' && typeof detail.reason === 'string'
                ? { reason: detail.reason }
                : {}),
              ...(typeof detail.kind === 'string'
                ? { kind: detail.kind as 'hold_payouts' | 'suspend' | 'deactivate' }
                : {}),
            },
          }
        : {}),
      sentAt: record.at,
      ...(typeof detail.effective_at === 'number' ? { effectiveAt: detail.effective_at } : {}),
      ...(appeal === undefined
        ? {}
        : {
            appeal: {
              id: appeal.id,
              statement: appeal.statement,
              at: appeal.filedAt,
              ...(appeal.state === 'open' ? {} : { outcome: appeal.state }),
              ...(appeal.reason === null ? {} : { reason: appeal.reason }),
              ...(appeal.decidedAt === null ? {} : { decidedAt: appeal.decidedAt }),
            },
          }),
      redress: {
        appealWithinDays: this.deps.notices.appealWithinDays,
        ...(this.deps.notices.portalUrl === undefined ? {} : { appealUrl: this.deps.notices.portalUrl }),
        ...(this.deps.notices.contact === undefined ? {} : { contact: this.deps.notices.contact }),
        ...(this.deps.notices.outOfCourtBody === undefined ? {} : { outOfCourtBody: this.deps.notices.outOfCourtBody }),
      },
      ...(this.deps.notices.portalUrl === undefined ? {} : { portalUrl: this.deps.notices.portalUrl }),
    }
    const rendered = renderNotice(facts)
    return {
      key: `audit:${record.seq}`,
      account: record.subject,
      kind,
      locale: rendered.locale,
      recipient: account?.profile.email?.trim() || null,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      createdAt: record.at,
    }
  }

  /** A lifted restriction names its requirement or, for one a decision imposed, is found among the account's. */
  private async liftedDecision(record: AuditRecord): Promise<number | undefined> {
    if (record.action !== 'restriction.lift' || typeof record.detail.restriction !== 'number') return undefined
    const restrictions = await this.deps.workflows.restrictionsOf(record.subject)
    return restrictions.find((r) => r.id === record.detail.restriction)?.decision ?? undefined
  }

  private async decision(id: number): Promise<Decision | undefined> {
    if (!this.decisions.has(id)) this.decisions.set(id, await this.deps.workflows.getDecision(id))
    return this.decisions.get(id)
  }

  private async requirement(id: number): Promise<Requirement | undefined> {
    if (!this.requirements.has(id)) this.requirements.set(id, await this.deps.workflows.getRequirement(id))
    return this.requirements.get(id)
  }

  private async account(id: string): Promise<AccountState | undefined> {
    if (!this.accounts.has(id)) this.accounts.set(id, await this.deps.events.getAccount(id as AccountId))
    return this.accounts.get(id)
  }

  /** The rule's description from the policy version that decided: the policy ground a notice states. */
  private async ruleDescription(d: Decision): Promise<{ ruleDescription?: string }> {
    const key = `${d.policy}@${d.policyVersion}`
    let rules = this.rules.get(key)
    if (rules === undefined) {
      rules = new Map()
      const stored = await this.deps.policies.getPolicy(d.policy, d.policyVersion)
      if (stored !== undefined) {
        const parsed = parsePolicy(stored.source, key)
        if (parsed.ok) for (const r of parsed.value.rules) rules.set(r.id, r.description)
      }
      this.rules.set(key, rules)
    }
    const description = rules.get(d.rule)
    return description === undefined || description === '' ? {} : { ruleDescription: description }
  }
}

/** Why a restriction was lifted, as a notice words it. */
function liftCause(reason: unknown): 'late_pass' | 'appeal' | 'reviewer' {
  return reason === 'late_pass' ? 'late_pass' : reason === 'appeal_overturned' ? 'appeal' : 'reviewer'
}

function sellerName(account: AccountState | undefined): { sellerName?: string } {
  const business = account?.profile.business?.name?.trim()
  if (business) return { sellerName: business }
  const rep = account?.profile.representative
  const name = personName(rep?.givenName, rep?.familyName)
  return name === '' ? {} : { sellerName: name }
}

const HAN_OR_HANGUL = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u

/**
 * A person's name as they would write it: family name first and no space in Chinese, Japanese and Korean script
 * (林颖), given name first otherwise (Ada Lovelace).
 */
export function personName(given: string | null | undefined, family: string | null | undefined): string {
  const g = given?.trim() ?? ''
  const f = family?.trim() ?? ''
  if (g === '' || f === '') return g || f
  return HAN_OR_HANGUL.test(g + f) ? `${f}${g}` : `${g} ${f}`
}
