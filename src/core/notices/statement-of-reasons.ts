import { maskAccountId } from './describe-evidence.ts'
import { oneLine } from './evidence-wording.ts'
import type { NoticeContext } from './notice-context.ts'
import { button, list, type NoticeBlock, type NoticeSection, paragraph } from './notice-document.ts'
import type { RestrictionKind } from './notice-wording.ts'

/** What a restricting notice states in its first section. */
export interface StatedRestriction {
  readonly kind: RestrictionKind
  readonly effectiveAt: number
  /** It takes effect after the notice is sent (given with advance notice). */
  readonly future: boolean
  /** Completing the verification lifts it. */
  readonly lateFix: boolean
  /** Facts particular to this notice (a missed deadline, a refusal), stated before the decision's evidence. */
  readonly leadFacts: readonly NoticeBlock[]
}

/** Appeal, internal complaint handling, contact, out-of-court settlement and the courts, in that order. */
export function redressBlocks(ctx: NoticeContext): NoticeBlock[] {
  const { w, facts } = ctx
  const { redress } = facts
  const r = w.redress({
    days: redress.appealWithinDays,
    by: redress.appealBy === undefined ? undefined : ctx.at(redress.appealBy),
    outOfCourtBody: redress.outOfCourtBody === undefined ? undefined : oneLine(redress.outOfCourtBody),
  })
  return [
    paragraph(r.appeal),
    ...button(w.appealButton, ctx.appealUrl),
    paragraph(r.complaintHandling),
    ...contactBlocks(ctx),
    paragraph(r.outOfCourt),
    paragraph(r.judicial),
  ]
}

export function contactBlocks(ctx: NoticeContext): NoticeBlock[] {
  const contact = ctx.facts.redress.contact
  return contact === undefined || oneLine(contact) === '' ? [] : [paragraph(ctx.w.contact(oneLine(contact)))]
}

function scopeBlocks(ctx: NoticeContext): NoticeBlock[] {
  const { w, facts } = ctx
  const d = facts.decision
  const scope: string[] = []
  if (d.action.scope === 'cluster') {
    const others = d.clusterSize !== undefined && Number.isFinite(d.clusterSize) ? d.clusterSize - 1 : undefined
    scope.push(w.scopeCluster(others))
  } else {
    scope.push(w.scopeAccount)
  }
  if (d.via !== undefined && oneLine(d.via) !== '') scope.push(w.scopeVia(maskAccountId(d.via)))
  return scope.map(paragraph)
}

/**
 * The statement of reasons a restriction owes the seller (DSA Art. 17(3)), one section per element: (a) what was
 * decided, its scope and duration; (b) the facts and circumstances relied on; (c) the use of automated means;
 * (d)/(e) the ground in the marketplace's terms (policy, version, rule); (f) the ways to seek redress.
 */
export function statementOfReasons(ctx: NoticeContext, s: StatedRestriction): NoticeSection[] {
  const { w, facts } = ctx
  const d = facts.decision
  return [
    {
      heading: w.headings.decided,
      blocks: [
        paragraph(w.restrictionEffect(s.kind, ctx.at(s.effectiveAt), s.future)),
        ...scopeBlocks(ctx),
        paragraph(w.restrictionLasts(s.kind, s.lateFix)),
      ],
    },
    {
      heading: w.headings.facts,
      blocks: [...s.leadFacts, ctx.evidence.length > 0 ? list(ctx.evidence) : paragraph(w.noFurtherFacts)],
    },
    {
      heading: w.headings.automation,
      blocks: [paragraph(w.automatedDetection), paragraph(w.automatedDecision(d.automated))],
    },
    {
      heading: w.headings.ground,
      blocks: [
        list(
          w.ground({
            policy: oneLine(d.policy),
            version: d.policyVersion,
            rule: oneLine(d.rule),
            description: oneLine(d.ruleDescription ?? '') || undefined,
            reason: ctx.reason,
          }),
        ),
        paragraph(w.terms(facts.termsUrl)),
      ],
    },
    { heading: w.headings.redress, blocks: redressBlocks(ctx) },
  ]
}
