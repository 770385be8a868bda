import { describeFeatures, describeLinks, describeReason } from './describe-evidence.ts'
import { EN_EVIDENCE } from './evidence-en.ts'
import { type EvidenceWording, methodNames, oneLine } from './evidence-wording.ts'
import { ZH_EVIDENCE } from './evidence-zh.ts'
import { EN_NOTICE } from './notice-en.ts'
import type { NoticeFacts, NoticeLocale } from './notice-facts.ts'
import { canonicalTimeZone, formatDate, formatDateTime } from './notice-time.ts'
import type { ActionInWords, NoticeWording } from './notice-wording.ts'
import { ZH_NOTICE } from './notice-zh.ts'

const WORDING: Readonly<Record<NoticeLocale, { readonly notice: NoticeWording; readonly evidence: EvidenceWording }>> =
  {
    en: { notice: EN_NOTICE, evidence: EN_EVIDENCE },
    zh: { notice: ZH_NOTICE, evidence: ZH_EVIDENCE },
  }

/** What every part of a notice needs: the facts, the wording of the locale, and the facts already in words. */
export interface NoticeContext {
  readonly facts: NoticeFacts
  readonly w: NoticeWording
  readonly e: EvidenceWording
  /** A moment in the seller's zone, the zone named. */
  at(ms: number): string
  /** A calendar day in the seller's zone. */
  day(ms: number): string
  /** "your seller account A1 on the US storefront". */
  readonly ref: string
  /** The decision's reason code in words. */
  readonly reason: string
  /** The features and links the decision relied on, as sentences. */
  readonly evidence: readonly string[]
  /** Where the seller appeals: the appeal page, else the portal. */
  readonly appealUrl: string | undefined
  readonly actionInWords: ActionInWords
}

/** The context of a notice whose facts passed `checkNoticeFacts`. */
export function noticeContext(facts: NoticeFacts): NoticeContext {
  const { notice: w, evidence: e } = WORDING[facts.locale]
  const zone = canonicalTimeZone(facts.timeZone) ?? facts.timeZone
  const action = facts.decision.action
  return {
    facts,
    w,
    e,
    at: (ms) => formatDateTime(ms, zone, facts.locale),
    day: (ms) => formatDate(ms, zone, facts.locale),
    ref: w.accountRef(oneLine(facts.account), oneLine(facts.marketplace) || undefined),
    reason: describeReason(action.reason, e),
    evidence: [...describeFeatures(facts.evidence.features, e), ...describeLinks(facts.evidence.links, e)],
    appealUrl: facts.redress.appealUrl ?? facts.portalUrl,
    actionInWords:
      action.type === 'require_verification'
        ? { type: action.type, methods: methodNames(e, action.methods) }
        : { type: action.type },
  }
}
