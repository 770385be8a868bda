import type { NoticeWording, RestrictionKind } from './notice-wording.ts'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

const NAME: Readonly<Record<RestrictionKind, string>> = {
  hold_payouts: 'hold on payouts',
  suspend: 'suspension of selling privileges',
  deactivate: 'deactivation',
}

const NOW: Readonly<Record<RestrictionKind, string>> = {
  hold_payouts: 'payouts to your account are on hold',
  suspend: 'your account is suspended',
  deactivate: 'your account is deactivated',
}

const WILL: Readonly<Record<RestrictionKind, string>> = {
  hold_payouts: 'payouts to your account will be held',
  suspend: 'your selling privileges will be suspended',
  deactivate: 'your account will be deactivated',
}

/** English sentences of every notice. */
export const EN_NOTICE: NoticeWording = {
  lang: 'en',
  greeting: (name) => (name === undefined ? 'Dear seller,' : `Dear ${name},`),
  signOff: (sender) => ['Kind regards,', sender ?? 'The seller support team'],
  footer: (r) =>
    `This message is about seller account ${r.account}${r.marketplace === undefined ? '' : ` on the ${r.marketplace} storefront`}. Reference: decision ${r.decision}` +
    `${r.requirement === undefined ? '' : `, verification request ${r.requirement}`}` +
    `${r.appeal === undefined ? '' : `, appeal ${r.appeal}`}. Please quote it if you contact us.`,
  accountRef: (account, marketplace) =>
    `your seller account ${account}${marketplace === undefined ? '' : ` on the ${marketplace} storefront`}`,

  headings: {
    decided: 'What we decided and its scope',
    facts: 'Facts and circumstances relied on',
    automation: 'Use of automated means',
    ground: 'Policy ground',
    redress: 'How to seek redress',
    whatToDo: 'What you need to do',
    deadline: 'Deadline',
    why: 'Why we are asking',
    disagree: 'If you disagree',
    beforeEffective: 'Before the deactivation takes effect',
    liftRestriction: 'How to lift the restriction',
    nextSteps: 'What happens next',
    statement: 'Your statement',
    reasons: 'Reasons',
    furtherRedress: 'Further redress',
  },

  restrictionName: (kind) => NAME[kind],
  restrictionNow: (kind) => NOW[kind],
  restrictionEffect: (kind, when, future) => {
    switch (kind) {
      case 'hold_payouts':
        return future
          ? `From ${when}, payouts to your account will be held: you can keep selling, but the proceeds of your sales will not be paid out to you while the hold lasts.`
          : `Since ${when}, payouts to your account are held: you can keep selling, but the proceeds of your sales are not paid out to you while the hold lasts.`
      case 'suspend':
        return future
          ? `From ${when}, your selling privileges will be suspended: you will not be able to sell on this account while the suspension lasts.`
          : `Since ${when}, your selling privileges are suspended: you cannot sell on this account while the suspension lasts.`
      case 'deactivate':
        return future
          ? `From ${when}, your account will be deactivated: it will be closed and can no longer be used to sell.`
          : `Since ${when}, your account is deactivated: it is closed and can no longer be used to sell.`
    }
  },
  restrictionWillApply: (kind) => WILL[kind],
  restrictionLasts: (kind, lateFix) => {
    if (kind === 'deactivate') {
      return lateFix
        ? 'It is permanent unless you complete the verification or it is overturned on appeal.'
        : 'It is permanent unless it is overturned on appeal.'
    }
    const ends = [
      ...(lateFix ? ['when you complete the verification'] : []),
      'when your appeal succeeds',
      'when our review team lifts it',
    ]
    return `It has no fixed end date: it lasts until it is lifted, which happens ${ends.slice(0, -1).join(', ')} or ${ends.at(-1)}.`
  },
  restrictionLifted: (kind) => {
    switch (kind) {
      case 'hold_payouts':
        return 'Payouts to your account are no longer held.'
      case 'suspend':
        return 'You can sell on your account again.'
      case 'deactivate':
        return 'Your account is open again and you can sell on it.'
    }
  },
  actionSummary: (a) => {
    switch (a.type) {
      case 'approve':
        return 'approving your account'
      case 'review':
        return 'a review of your account'
      case 'require_verification':
        return `a request to verify your account (${a.methods})`
      case 'hold_payouts':
        return 'holding payouts to your account'
      case 'suspend':
        return 'suspending your selling privileges'
      case 'deactivate':
        return 'deactivating your account'
    }
  },

  scopeAccount: 'It applies to this account only.',
  scopeCluster: (others) =>
    others === undefined || others < 1
      ? 'It applies to this account and to every account that we believe is run by the same party.'
      : `It applies to this account and to the ${plural(others, 'other account', 'other accounts')} that we believe ${others === 1 ? 'is' : 'are'} run by the same party.`,
  scopeVia: (via) =>
    `The decision was taken for a linked account${via === undefined ? '' : ` (${via})`} and extends to your account because we believe both are run by the same party.`,
  automatedDetection:
    'The facts stated above were found by automated means: our systems compare the details that accounts declare and how they are used, and link accounts that share them.',
  automatedDecision: (automated) =>
    automated
      ? 'The decision was taken by automated means: our systems applied the policy below to these facts, without a person reviewing it first. You can have a person review it by appealing.'
      : 'The decision was taken by a member of our review team, who examined these facts.',
  ground: (g) => [
    `Policy: "${g.policy}", version ${g.version}.`,
    `Rule: "${g.rule}"${g.description === undefined ? '.' : `: ${g.description}`}`,
    `Reason: ${g.reason}`,
  ],
  terms: (url) =>
    url === undefined
      ? "The policy applies the marketplace's terms and conditions for sellers."
      : `The policy applies the marketplace's terms and conditions for sellers: ${url}`,
  noFurtherFacts: 'No facts were recorded beyond those stated above.',

  redress: (r) => ({
    appeal: `You can appeal this decision free of charge in the seller portal within ${plural(r.days, 'day', 'days')} of receiving this notice${r.by === undefined ? '' : ` (by ${r.by})`}. Explain why you think the decision is wrong and add anything that shows it, for example documents showing that the linked accounts are not yours.`,
    complaintHandling:
      'Your appeal goes to our internal complaint-handling system: a member of our team who did not take this decision reviews it (not an automated system alone), and we tell you the outcome and the reasons without undue delay.',
    outOfCourt: `If the appeal does not settle the matter, you can refer the dispute to a certified out-of-court dispute settlement body or a mediator${r.outOfCourtBody === undefined ? '.' : `: ${r.outOfCourtBody}.`}`,
    judicial: 'You can also take the matter to court at any time. None of these steps takes away that right.',
  }),
  appealButton: 'Appeal this decision',
  contact: (c) => `If you have questions, contact ${c}.`,
  disagreeBrief: (days) =>
    `If you think this request is a mistake, you can appeal it in the seller portal within ${plural(days, 'day', 'days')}. A person will review your appeal. Completing the verification in the meantime does not affect your appeal.`,

  requested: {
    subject: (day) => `Action needed: verify your account by ${day}`,
    title: 'Please verify your seller account',
    intro: (ref) => `We ask you to complete the verification steps below for ${ref}.`,
  },
  reminder: {
    subject: (day) => `Reminder: verify your account by ${day}`,
    title: 'Your verification is not complete yet',
    intro: (ref, askedAt) =>
      `On ${askedAt} we asked you to complete a verification for ${ref}. It is not complete yet.`,
    timeLeft: (days, hours) =>
      days >= 1
        ? `You have ${plural(days, 'day', 'days')} left.`
        : hours >= 1
          ? `You have ${plural(hours, 'hour', 'hours')} left.`
          : 'You have less than an hour left.',
    done: (methods) => `Already done: ${methods}.`,
  },
  method: (name, how, state) => {
    const head = capitalise(name)
    if (state === 'submitted') return `${head}: received, waiting for the result.`
    if (state === 'failed') return `${head}: your last attempt did not pass, please try again. ${how}`
    return `${head}: ${how}`
  },
  startButton: 'Start verification',
  noPortal: 'Sign in to the seller portal to start.',
  deadlineCallout: (at) => `Complete every step by ${at}.`,
  ifMissed: (kind) => `If not every step is complete by then, ${WILL[kind]}.`,
  lateFix: (fixes) =>
    fixes
      ? 'If you complete the verification after the deadline, the restriction will be lifted.'
      : 'Completing the verification after the deadline will not lift the restriction by itself.',
  retry: 'If an attempt does not pass, you can try again until the deadline.',
  requestedBy: (policy, version, rule, automated) =>
    `This request comes from the policy "${policy}" (version ${version}), rule "${rule}". ${automated ? 'It was made automatically.' : 'It was made by a member of our review team.'}`,

  passed: {
    subject: 'Verification complete',
    title: 'You have passed the verification',
    intro: (ref, askedAt, methods) =>
      `Thank you. You have completed the verification we asked for on ${askedAt} for ${ref}: ${methods}. Nothing more is needed for this request.`,
  },
  failed: {
    subject: (day) => `Verification not passed: please try again by ${day}`,
    title: 'Your verification did not pass',
    intro: (ref, methods) => `What you submitted for ${ref} did not pass: ${methods}.`,
    reviewerReason: 'What our reviewer noted:',
    refusedSubject: (kind) => `Verification refused: ${NOW[kind]}`,
    refusedTitle: 'Your verification was refused',
    refusedIntro: (ref, methods, kind) =>
      `We have refused what you submitted for ${ref} (${methods}), and the verification request has ended. As a result, ${NOW[kind]}.`,
    refusedFact: (methods) => `What you submitted did not pass our review: ${methods}.`,
  },
  expired: {
    subject: (kind) => `${capitalise(NOW[kind])}: the verification deadline has passed`,
    title: 'The verification deadline has passed',
    intro: (ref, deadline, kind) =>
      `The deadline of ${deadline} to complete the verification for ${ref} has passed, and not every step was complete. As a result, ${NOW[kind]}.`,
    missing: (deadline, methods) => `These steps were not complete by the deadline of ${deadline}: ${methods}.`,
    askedBecause: (askedAt) => `We asked for the verification on ${askedAt} for this reason:`,
    howToLift:
      'Complete the verification in the seller portal: the restriction is lifted as soon as every step has passed.',
  },
  restriction: {
    subject: (kind, from) => {
      if (from === undefined) return capitalise(NOW[kind])
      switch (kind) {
        case 'hold_payouts':
          return `Payouts to your account will be held from ${from}`
        case 'suspend':
          return `Your account will be suspended on ${from}`
        case 'deactivate':
          return `Your account will be deactivated on ${from}`
      }
    },
    title: 'A decision about your seller account',
    intro: (ref) =>
      `We have taken a decision about ${ref}. This notice explains what we decided, the facts it rests on and how you can challenge it.`,
  },
  termination: {
    subject: (day) => `Notice: your account will be deactivated on ${day}`,
    title: 'Notice of deactivation of your seller account',
    intro: (ref, effective, days) =>
      `We are giving you notice that ${ref} will be deactivated on ${effective}, ${plural(days, 'day', 'days')} after this decision. Until then, this decision does not restrict your account.`,
    clarify: (effective) =>
      `Until ${effective} you can clarify the facts or send us information through the appeal in the seller portal. If what you send shows that the decision is wrong, we withdraw it and the deactivation does not take effect.`,
    advanceNotice: (days) =>
      `We give this notice ${plural(days, 'day', 'days')} in advance, as the EU rules on fairness for business users of online platforms (Regulation (EU) 2019/1150, Article 4) require before a termination.`,
  },
  reinstatement: {
    subject: (kind) =>
      kind === 'hold_payouts' ? 'Payouts to your account are released' : 'Your account is reinstated',
    title: 'Your account is reinstated',
    intro: (cause, kind, ref, when) => {
      const lifted = `the ${NAME[kind]} of ${ref} is lifted${when === undefined ? '' : ` as of ${when}`}`
      switch (cause) {
        case 'late_pass':
          return `You have completed the verification we asked for, so ${lifted}.`
        case 'appeal':
          return `Following your appeal, we have overturned the decision, so ${lifted}.`
        case 'reviewer':
          return `Our review team has reviewed your account: ${lifted}.`
      }
    },
    note: 'What our review team noted:',
  },
  appeal: {
    receivedSubject: 'We have received your appeal',
    receivedTitle: 'We have received your appeal',
    receivedIntro: (ref, receivedAt, decidedAt, action) =>
      `We received your appeal${receivedAt === undefined ? '' : ` on ${receivedAt}`} against the decision of ${decidedAt} about ${ref}: ${action}.`,
    nextSteps: [
      'A member of our team who did not take the decision reviews your appeal. We will write to you with the outcome and the reasons.',
      'You can add documents to your appeal in the seller portal.',
      'The decision stays in force while we review your appeal.',
    ],
    upheldSubject: 'Your appeal: the decision stands',
    overturnedSubject: 'Your appeal succeeded: the decision is withdrawn',
    outcomeTitle: 'The outcome of your appeal',
    upheldIntro: (ref, decidedAt, action) =>
      `We have reviewed your appeal against the decision of ${decidedAt} about ${ref} (${action}). The decision stands.`,
    overturnedIntro: (ref, decidedAt, action) =>
      `We have reviewed your appeal against the decision of ${decidedAt} about ${ref} (${action}), and we have overturned the decision.`,
    decidedOn: (at) => `We decided on your appeal on ${at}.`,
    upheldDefaultReason: 'Our review team found that the facts the decision rests on still apply.',
    overturnedEffect: 'Everything the decision imposed is lifted, and any verification it asked for is withdrawn.',
    apology: 'We are sorry for the inconvenience.',
  },
}
