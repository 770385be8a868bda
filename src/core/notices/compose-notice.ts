import { MS_PER_DAY } from '../time.ts'
import { expiredBody, failedBody, passedBody, reminderBody, requestedBody } from './compose-verification.ts'
import { oneLine, paragraphText } from './evidence-wording.ts'
import { type NoticeContext, noticeContext } from './notice-context.ts'
import { button, callout, type NoticeBody, type NoticeDocument, paragraph, quote, quoted } from './notice-document.ts'
import type { NoticeFacts } from './notice-facts.ts'
import { noticeRestriction } from './notice-facts-check.ts'
import type { LiftCause, RestrictionKind } from './notice-wording.ts'
import { contactBlocks, statementOfReasons } from './statement-of-reasons.ts'

/** Regulation (EU) 2019/1150 Art. 4(1): a termination is notified at least 30 days before it takes effect. */
const P2B_NOTICE_DAYS = 30

// Checked by checkNoticeFacts before composing: a restriction, termination or reinstatement names a restriction.
const restrictionOf = (ctx: NoticeContext): RestrictionKind => noticeRestriction(ctx.facts)!

/** When a restriction decided directly takes effect: `effectiveAt`, else after the action's notice period. */
function effectiveOf(facts: NoticeFacts): number {
  const a = facts.decision.action
  const noticeDays = a.type === 'suspend' || a.type === 'deactivate' ? a.noticeDays : 0
  return facts.effectiveAt ?? facts.decision.at + noticeDays * MS_PER_DAY
}

function restriction(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const kind = restrictionOf(ctx)
  const effectiveAt = effectiveOf(facts)
  const future = effectiveAt > (facts.sentAt ?? facts.decision.at)
  return {
    subject: w.restriction.subject(kind, future ? ctx.day(effectiveAt) : undefined),
    title: w.restriction.title,
    sections: [
      { blocks: [paragraph(w.restriction.intro(ctx.ref))] },
      ...statementOfReasons(ctx, { kind, effectiveAt, future, lateFix: false, leadFacts: [] }),
    ],
  }
}

/** A deactivation given with advance notice (P2B Art. 4(1)): the date, and the chance to clarify the facts first. */
function termination(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const effectiveAt = effectiveOf(facts)
  const days = Math.max(0, Math.round((effectiveAt - facts.decision.at) / MS_PER_DAY))
  const effective = ctx.at(effectiveAt)
  return {
    subject: w.termination.subject(ctx.day(effectiveAt)),
    title: w.termination.title,
    sections: [
      { blocks: [paragraph(w.termination.intro(ctx.ref, effective, days))] },
      {
        heading: w.headings.beforeEffective,
        blocks: [
          callout(w.termination.clarify(effective)),
          ...button(w.appealButton, ctx.appealUrl),
          // The P2B Regulation asks for 30 days' notice: a shorter notice does not claim to follow it.
          ...(days >= P2B_NOTICE_DAYS ? [paragraph(w.termination.advanceNotice(days))] : []),
        ],
      },
      ...statementOfReasons(ctx, {
        kind: 'deactivate',
        effectiveAt,
        future: effectiveAt > (facts.sentAt ?? facts.decision.at),
        lateFix: false,
        leadFacts: [],
      }),
    ],
  }
}

function liftCauseOf(facts: NoticeFacts): LiftCause {
  if (facts.lift?.cause !== undefined) return facts.lift.cause
  if (facts.appeal?.outcome === 'overturned') return 'appeal'
  return facts.decision.action.type === 'require_verification' ? 'late_pass' : 'reviewer'
}

function reinstatement(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const kind = restrictionOf(ctx)
  const when = facts.effectiveAt === undefined ? undefined : ctx.at(facts.effectiveAt)
  return {
    subject: w.reinstatement.subject(kind),
    title: w.reinstatement.title,
    sections: [
      {
        blocks: [
          paragraph(w.reinstatement.intro(liftCauseOf(facts), kind, ctx.ref, when)),
          paragraph(w.restrictionLifted(kind)),
          ...quoted(w.reinstatement.note, facts.lift?.reason),
        ],
      },
    ],
  }
}

function appealReceived(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const appeal = facts.appeal!
  const statement = appeal.statement === undefined ? '' : paragraphText(appeal.statement)
  return {
    subject: w.appeal.receivedSubject,
    title: w.appeal.receivedTitle,
    sections: [
      {
        blocks: [
          paragraph(
            w.appeal.receivedIntro(
              ctx.ref,
              appeal.at === undefined ? undefined : ctx.at(appeal.at),
              ctx.at(facts.decision.at),
              w.actionSummary(ctx.actionInWords),
            ),
          ),
        ],
      },
      ...(statement === '' ? [] : [{ heading: w.headings.statement, blocks: [quote(statement)] }]),
      { heading: w.headings.nextSteps, blocks: [...w.appeal.nextSteps.map(paragraph), ...contactBlocks(ctx)] },
    ],
  }
}

function appealDecided(ctx: NoticeContext, upheld: boolean): NoticeBody {
  const { w, facts } = ctx
  const appeal = facts.appeal!
  const args = [ctx.ref, ctx.at(facts.decision.at), w.actionSummary(ctx.actionInWords)] as const
  const reason = appeal.reason === undefined ? '' : paragraphText(appeal.reason)
  const decidedOn = appeal.decidedAt === undefined ? [] : [paragraph(w.appeal.decidedOn(ctx.at(appeal.decidedAt)))]
  const redress = w.redress({
    days: facts.redress.appealWithinDays,
    by: undefined,
    outOfCourtBody: facts.redress.outOfCourtBody === undefined ? undefined : oneLine(facts.redress.outOfCourtBody),
  })
  return upheld
    ? {
        subject: w.appeal.upheldSubject,
        title: w.appeal.outcomeTitle,
        sections: [
          { blocks: [paragraph(w.appeal.upheldIntro(...args)), ...decidedOn] },
          {
            heading: w.headings.reasons,
            blocks: [reason === '' ? paragraph(w.appeal.upheldDefaultReason) : quote(reason)],
          },
          {
            heading: w.headings.furtherRedress,
            blocks: [paragraph(redress.outOfCourt), paragraph(redress.judicial), ...contactBlocks(ctx)],
          },
        ],
      }
    : {
        subject: w.appeal.overturnedSubject,
        title: w.appeal.outcomeTitle,
        sections: [
          {
            blocks: [paragraph(w.appeal.overturnedIntro(...args)), paragraph(w.appeal.overturnedEffect), ...decidedOn],
          },
          ...(reason === '' ? [] : [{ heading: w.headings.reasons, blocks: [quote(reason)] }]),
          { blocks: [paragraph(w.appeal.apology)] },
        ],
      }
}

function bodyOf(ctx: NoticeContext): NoticeBody {
  switch (ctx.facts.kind) {
    case 'verification_requested':
      return requestedBody(ctx)
    case 'verification_reminder':
      return reminderBody(ctx)
    case 'verification_passed':
      return passedBody(ctx)
    case 'verification_failed':
      return failedBody(ctx)
    case 'verification_expired':
      return expiredBody(ctx)
    case 'restriction':
      return restriction(ctx)
    case 'termination_notice':
      return termination(ctx)
    case 'reinstatement':
      return reinstatement(ctx)
    case 'appeal_received':
      return appealReceived(ctx)
    case 'appeal_upheld':
      return appealDecided(ctx, true)
    case 'appeal_overturned':
      return appealDecided(ctx, false)
  }
}

/** The notice as a document of headed sections, in the facts' locale (facts checked by `checkNoticeFacts`). */
export function composeNotice(facts: NoticeFacts): NoticeDocument {
  const ctx = noticeContext(facts)
  const { w } = ctx
  const body = bodyOf(ctx)
  const name = facts.sellerName === undefined ? '' : oneLine(facts.sellerName)
  const sender = facts.senderName === undefined ? '' : oneLine(facts.senderName)
  return {
    lang: w.lang,
    subject: oneLine(body.subject),
    title: body.title,
    greeting: w.greeting(name === '' ? undefined : name),
    sections: body.sections,
    signOff: w.signOff(sender === '' ? undefined : sender),
    footer: w.footer({
      account: oneLine(facts.account),
      marketplace: oneLine(facts.marketplace) || undefined,
      decision: facts.decision.id,
      ...(facts.requirement === undefined ? {} : { requirement: facts.requirement.id }),
      ...(facts.appeal === undefined ? {} : { appeal: facts.appeal.id }),
    }),
  }
}
