import { MS_PER_DAY } from '../time.ts'
import { methodNames, methodWording, oneLine } from './evidence-wording.ts'
import type { NoticeContext } from './notice-context.ts'
import {
  button,
  callout,
  list,
  type NoticeBlock,
  type NoticeBody,
  type NoticeSection,
  paragraph,
  quote,
  quoted,
} from './notice-document.ts'
import { type NoticeRequirement, noticeRequirement, noticeRestriction } from './notice-facts-check.ts'
import type { RestrictionKind } from './notice-wording.ts'
import { contactBlocks, statementOfReasons } from './statement-of-reasons.ts'

const MS_PER_HOUR = 3_600_000

// Checked by checkNoticeFacts before composing: a verification notice has a requirement, a refusal or an expiry
// a restriction.
const requirementOf = (ctx: NoticeContext): NoticeRequirement => noticeRequirement(ctx.facts)!
const restrictionOf = (ctx: NoticeContext): RestrictionKind => noticeRestriction(ctx.facts)!

function methodItems(ctx: NoticeContext, r: NoticeRequirement, methods: readonly string[]): string[] {
  return methods.map((m) => {
    const { name, how } = methodWording(ctx.e, m)
    return ctx.w.method(name, how, r.progress[m])
  })
}

function startBlocks(ctx: NoticeContext): NoticeBlock[] {
  const url = ctx.facts.portalUrl
  return url === undefined ? [paragraph(ctx.w.noPortal)] : button(ctx.w.startButton, url)
}

function deadlineSection(ctx: NoticeContext, r: NoticeRequirement): NoticeSection {
  const { w } = ctx
  const consequence =
    r.onExpiry === undefined ? [] : [paragraph(w.ifMissed(r.onExpiry)), paragraph(w.lateFix(r.reinstateOnLatePass))]
  return { heading: w.headings.deadline, blocks: [callout(w.deadlineCallout(ctx.at(r.deadline))), ...consequence] }
}

function whySection(ctx: NoticeContext, withEvidence: boolean): NoticeSection {
  const { w, facts } = ctx
  const d = facts.decision
  return {
    heading: w.headings.why,
    blocks: [
      paragraph(ctx.reason),
      ...(withEvidence && ctx.evidence.length > 0 ? [list(ctx.evidence)] : []),
      paragraph(w.requestedBy(oneLine(d.policy), d.policyVersion, oneLine(d.rule), d.automated)),
    ],
  }
}

function disagreeSection(ctx: NoticeContext): NoticeSection {
  return {
    heading: ctx.w.headings.disagree,
    blocks: [paragraph(ctx.w.disagreeBrief(ctx.facts.redress.appealWithinDays)), ...contactBlocks(ctx)],
  }
}

/** The methods still to do: those not passed (every method when the progress says nothing). */
const outstanding = (r: NoticeRequirement) => r.methods.filter((m) => r.progress[m] !== 'passed')

export function requestedBody(ctx: NoticeContext): NoticeBody {
  const { w } = ctx
  const r = requirementOf(ctx)
  return {
    subject: w.requested.subject(ctx.day(r.deadline)),
    title: w.requested.title,
    sections: [
      { blocks: [paragraph(w.requested.intro(ctx.ref))] },
      {
        heading: w.headings.whatToDo,
        blocks: [list(methodItems(ctx, r, r.methods)), ...startBlocks(ctx), paragraph(w.retry)],
      },
      deadlineSection(ctx, r),
      whySection(ctx, true),
      disagreeSection(ctx),
    ],
  }
}

export function reminderBody(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const r = requirementOf(ctx)
  const todo = outstanding(r)
  const done = r.methods.filter((m) => r.progress[m] === 'passed')
  const remaining = facts.sentAt === undefined ? undefined : r.deadline - facts.sentAt
  const intro = [
    w.reminder.intro(ctx.ref, ctx.at(facts.decision.at)),
    ...(remaining === undefined || remaining <= 0
      ? []
      : [w.reminder.timeLeft(Math.floor(remaining / MS_PER_DAY), Math.floor(remaining / MS_PER_HOUR))]),
  ]
  return {
    subject: w.reminder.subject(ctx.day(r.deadline)),
    title: w.reminder.title,
    sections: [
      { blocks: [paragraph(intro.join(' '))] },
      {
        heading: w.headings.whatToDo,
        blocks: [
          list(methodItems(ctx, r, todo.length > 0 ? todo : r.methods)),
          ...(done.length > 0 ? [paragraph(w.reminder.done(methodNames(ctx.e, done)))] : []),
          ...startBlocks(ctx),
        ],
      },
      deadlineSection(ctx, r),
      whySection(ctx, false),
      disagreeSection(ctx),
    ],
  }
}

export function passedBody(ctx: NoticeContext): NoticeBody {
  const { w } = ctx
  const r = requirementOf(ctx)
  return {
    subject: w.passed.subject,
    title: w.passed.title,
    sections: [
      { blocks: [paragraph(w.passed.intro(ctx.ref, ctx.at(ctx.facts.decision.at), methodNames(ctx.e, r.methods)))] },
    ],
  }
}

export function failedBody(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const r = requirementOf(ctx)
  const names = methodNames(ctx.e, r.failedMethods.length > 0 ? r.failedMethods : r.methods)
  const reviewer = quoted(w.failed.reviewerReason, r.failureReason)
  if (r.refused) {
    const kind = restrictionOf(ctx)
    return {
      subject: w.failed.refusedSubject(kind),
      title: w.failed.refusedTitle,
      sections: [
        { blocks: [paragraph(w.failed.refusedIntro(ctx.ref, names, kind))] },
        ...statementOfReasons(ctx, {
          kind,
          effectiveAt: facts.effectiveAt!,
          // A refusal imposes its consequence when it is made: the notice reports it in force.
          future: false,
          lateFix: false,
          leadFacts: [
            paragraph(w.failed.refusedFact(names)),
            ...reviewer,
            paragraph(w.expired.askedBecause(ctx.at(facts.decision.at))),
            quote(ctx.reason),
          ],
        }),
      ],
    }
  }
  const todo = outstanding(r)
  return {
    subject: w.failed.subject(ctx.day(r.deadline)),
    title: w.failed.title,
    sections: [
      { blocks: [paragraph(w.failed.intro(ctx.ref, names)), ...reviewer] },
      {
        heading: w.headings.whatToDo,
        blocks: [
          list(methodItems(ctx, r, todo.length > 0 ? todo : r.methods)),
          ...startBlocks(ctx),
          paragraph(w.retry),
        ],
      },
      deadlineSection(ctx, r),
      disagreeSection(ctx),
    ],
  }
}

export function expiredBody(ctx: NoticeContext): NoticeBody {
  const { w, facts } = ctx
  const r = requirementOf(ctx)
  const kind = restrictionOf(ctx)
  const effectiveAt = facts.effectiveAt ?? r.deadline
  const missing = outstanding(r)
  const deadline = ctx.at(r.deadline)
  return {
    subject: w.expired.subject(kind),
    title: w.expired.title,
    sections: [
      { blocks: [paragraph(w.expired.intro(ctx.ref, deadline, kind))] },
      ...statementOfReasons(ctx, {
        kind,
        effectiveAt,
        // An expiry notice reports the consequence in force (the deadline has passed).
        future: false,
        lateFix: r.reinstateOnLatePass,
        leadFacts: [
          paragraph(w.expired.missing(deadline, methodNames(ctx.e, missing.length > 0 ? missing : r.methods))),
          paragraph(w.expired.askedBecause(ctx.at(facts.decision.at))),
          quote(ctx.reason),
        ],
      }),
      ...(r.reinstateOnLatePass
        ? [{ heading: w.headings.liftRestriction, blocks: [paragraph(w.expired.howToLift), ...startBlocks(ctx)] }]
        : []),
    ],
  }
}
