import type { NoticeWording, RestrictionKind } from './notice-wording.ts'

const NAME: Readonly<Record<RestrictionKind, string>> = {
  hold_payouts: '暂停放款',
  suspend: '暂停销售权限',
  deactivate: '账户停用',
}

const NOW: Readonly<Record<RestrictionKind, string>> = {
  hold_payouts: '您账户的放款已暂停',
  suspend: '您账户的销售权限已暂停',
  deactivate: '您的账户已被停用',
}

const WILL: Readonly<Record<RestrictionKind, string>> = {
  hold_payouts: '您账户的放款将被暂停',
  suspend: '您账户的销售权限将被暂停',
  deactivate: '您的账户将被停用',
}

/** 各类通知的简体中文表述。 */
export const ZH_NOTICE: NoticeWording = {
  lang: 'zh-CN',
  greeting: (name) => (name === undefined ? '尊敬的卖家：' : `尊敬的${name}：`),
  signOff: (sender) => ['此致', sender ?? '卖家支持团队'],
  footer: (r) =>
    `本邮件涉及您${r.marketplace === undefined ? '' : `在 ${r.marketplace} 站点`}的卖家账户 ${r.account}。参考编号：决定 ${r.decision}` +
    `${r.requirement === undefined ? '' : `，验证要求 ${r.requirement}`}` +
    `${r.appeal === undefined ? '' : `，申诉 ${r.appeal}`}。联系我们时请提供上述编号。`,
  accountRef: (account, marketplace) =>
    `您${marketplace === undefined ? '' : `在 ${marketplace} 站点`}的卖家账户（${account}）`,

  headings: {
    decided: '决定内容及适用范围',
    facts: '所依据的事实和情况',
    automation: '自动化手段的使用',
    ground: '政策依据',
    redress: '申诉及救济途径',
    whatToDo: '您需要做什么',
    deadline: '截止时间',
    why: '我们为何提出此要求',
    disagree: '如有异议',
    beforeEffective: '停用生效之前',
    liftRestriction: '如何解除限制',
    nextSteps: '后续流程',
    statement: '您的陈述',
    reasons: '理由',
    furtherRedress: '其他救济途径',
  },

  restrictionName: (kind) => NAME[kind],
  restrictionNow: (kind) => NOW[kind],
  restrictionEffect: (kind, when, future) => {
    switch (kind) {
      case 'hold_payouts':
        return future
          ? `自${when}起，您账户的放款将被暂停：您仍可继续销售，但在暂停期间，销售所得款项不会支付给您。`
          : `自${when}起，您账户的放款已暂停：您仍可继续销售，但在暂停期间，销售所得款项不会支付给您。`
      case 'suspend':
        return future
          ? `自${when}起，您账户的销售权限将被暂停：暂停期间，您将无法通过此账户进行销售。`
          : `自${when}起，您账户的销售权限已暂停：暂停期间，您无法通过此账户进行销售。`
      case 'deactivate':
        return future
          ? `自${when}起，您的账户将被停用：账户将被关闭，不能再用于销售。`
          : `自${when}起，您的账户已被停用：账户已关闭，不能再用于销售。`
    }
  },
  restrictionWillApply: (kind) => WILL[kind],
  restrictionLasts: (kind, lateFix) => {
    if (kind === 'deactivate') {
      return lateFix
        ? '除非您完成验证或经申诉撤销该决定，否则停用为永久性的。'
        : '除非经申诉撤销该决定，否则停用为永久性的。'
    }
    const ends = [...(lateFix ? ['您完成验证'] : []), '您的申诉获得支持', '我们的审核团队解除限制']
    return `此项限制没有固定期限，直至解除为止。出现以下任一情况时即予解除：${ends.join('、')}。`
  },
  restrictionLifted: (kind) => {
    switch (kind) {
      case 'hold_payouts':
        return '您账户的放款已恢复正常。'
      case 'suspend':
        return '您可以重新通过此账户进行销售。'
      case 'deactivate':
        return '您的账户已重新开放，可以继续销售。'
    }
  },
  actionSummary: (a) => {
    switch (a.type) {
      case 'approve':
        return '批准您的账户'
      case 'review':
        return '对您的账户进行审核'
      case 'require_verification':
        return `要求您完成账户验证，包括${a.methods}`
      case 'hold_payouts':
        return '暂停您账户的放款'
      case 'suspend':
        return '暂停您的销售权限'
      case 'deactivate':
        return '停用您的账户'
    }
  },

  scopeAccount: '该决定仅适用于此账户。',
  scopeCluster: (others) =>
    others === undefined || others < 1
      ? '该决定适用于此账户，以及我们认为由同一经营者运营的所有账户。'
      : `该决定适用于此账户，以及我们认为由同一经营者运营的另外 ${others} 个账户。`,
  scopeVia: (via) =>
    `该决定是针对一个关联账户${via === undefined ? '' : `（${via}）`}作出的。由于我们认为该账户与您的账户由同一经营者运营，该决定同样适用于您的账户。`,
  automatedDetection:
    '上述事实是通过自动化手段发现的：我们的系统会比对各账户填写的信息及其使用情况，并将共用这些信息的账户关联起来。',
  automatedDecision: (automated) =>
    automated
      ? '该决定由自动化系统作出：系统将下述政策适用于上述事实，事先未经人工审核。您可以通过申诉要求由工作人员复核。'
      : '该决定由我们审核团队的工作人员在审查上述事实后作出。',
  ground: (g) => [
    `政策：“${g.policy}”（第 ${g.version} 版）。`,
    `规则：“${g.rule}”${g.description === undefined ? '。' : `。规则说明（原文）：${g.description}`}`,
    `原因：${g.reason}`,
  ],
  terms: (url) =>
    url === undefined ? '该政策是对平台卖家服务条款的执行。' : `该政策是对平台卖家服务条款的执行，条款全文见：${url}`,
  noFurtherFacts: '除上述内容外，未记录其他事实。',

  redress: (r) => ({
    appeal: `您可以在收到本通知后 ${r.days} 天内${r.by === undefined ? '' : `（即${r.by}之前）`}通过卖家后台免费对该决定提出申诉。请说明您认为该决定有误的理由，并附上相关证明材料，例如证明关联账户并非由您经营的文件。`,
    complaintHandling:
      '您的申诉将由我们的内部投诉处理机制受理：由未参与作出该决定的工作人员进行审核（而非仅由自动化系统处理），我们会及时告知您处理结果及理由。',
    outOfCourt: `如申诉未能解决争议，您可以将争议提交给经认证的庭外争议解决机构或调解员${r.outOfCourtBody === undefined ? '。' : `：${r.outOfCourtBody}。`}`,
    judicial: '您也可以随时向法院提起诉讼。上述任何途径均不影响您的这一权利。',
  }),
  appealButton: '对此决定提出申诉',
  contact: (c) => `如有疑问，请联系：${c}`,
  disagreeBrief: (days) =>
    `如果您认为此项要求有误，可以在 ${days} 天内通过卖家后台提出申诉，我们的工作人员会进行审核。在此期间完成验证不会影响您的申诉。`,

  requested: {
    subject: (day) => `请于${day}前完成账户验证`,
    title: '请完成卖家账户验证',
    intro: (ref) => `请为${ref}完成以下验证步骤。`,
  },
  reminder: {
    subject: (day) => `提醒：请于${day}前完成账户验证`,
    title: '您的验证尚未完成',
    intro: (ref, askedAt) => `我们已于${askedAt}请您为${ref}完成验证，目前验证尚未完成。`,
    timeLeft: (days, hours) =>
      days >= 1
        ? `距离截止时间还剩 ${days} 天。`
        : hours >= 1
          ? `距离截止时间还剩 ${hours} 小时。`
          : '距离截止时间已不到 1 小时。',
    done: (methods) => `已完成：${methods}。`,
  },
  method: (name, how, state) => {
    if (state === 'submitted') return `${name}：已收到，正在等待结果。`
    if (state === 'failed') return `${name}：您上一次提交的材料未通过，请重新提交。${how}`
    return `${name}：${how}`
  },
  startButton: '开始验证',
  noPortal: '请登录卖家后台开始验证。',
  deadlineCallout: (at) => `请在${at}之前完成全部步骤。`,
  ifMissed: (kind) => `如届时仍有步骤未完成，${WILL[kind]}。`,
  lateFix: (fixes) =>
    fixes ? '如果您在截止时间之后才完成验证，该限制将随即解除。' : '截止时间之后再完成验证，并不会自动解除该限制。',
  retry: '如果某次验证未通过，您可以在截止时间之前重新尝试。',
  requestedBy: (policy, version, rule, automated) =>
    `此项要求依据政策“${policy}”（第 ${version} 版）的规则“${rule}”提出，${automated ? '由系统自动发出。' : '由审核团队的工作人员发出。'}`,

  passed: {
    subject: '账户验证已通过',
    title: '您已通过验证',
    intro: (ref, askedAt, methods) =>
      `感谢您的配合。您已完成我们于${askedAt}为${ref}提出的验证要求：${methods}。此项要求无需您再做任何操作。`,
  },
  failed: {
    subject: (day) => `验证未通过：请于${day}前重新提交`,
    title: '您的验证未通过',
    intro: (ref, methods) => `${ref}提交的以下验证未通过：${methods}。`,
    reviewerReason: '审核人员的说明：',
    refusedSubject: (kind) => `验证未获通过：${NOW[kind]}`,
    refusedTitle: '您的验证未获通过',
    refusedIntro: (ref, methods, kind) =>
      `${ref}提交的验证材料（${methods}）未获通过，此项验证要求已结束。因此，${NOW[kind]}。`,
    refusedFact: (methods) => `您提交的以下验证材料未通过我们的审核：${methods}。`,
  },
  expired: {
    subject: (kind) => `${NOW[kind]}：验证已逾期`,
    title: '验证截止时间已过',
    intro: (ref, deadline, kind) => `${ref}的验证已于${deadline}截止，但仍有步骤未完成。因此，${NOW[kind]}。`,
    missing: (deadline, methods) => `截至${deadline}，以下步骤尚未完成：${methods}。`,
    askedBecause: (askedAt) => `我们于${askedAt}提出此项验证要求，原因如下：`,
    howToLift: '请在卖家后台完成验证：所有步骤通过后，该限制将立即解除。',
  },
  restriction: {
    subject: (kind, from) => {
      if (from === undefined) return NOW[kind]
      switch (kind) {
        case 'hold_payouts':
          return `自${from}起，您账户的放款将被暂停`
        case 'suspend':
          return `您账户的销售权限将于${from}被暂停`
        case 'deactivate':
          return `您的账户将于${from}被停用`
      }
    },
    title: '关于您卖家账户的决定',
    intro: (ref) => `我们已就${ref}作出决定。本通知将说明决定内容、所依据的事实，以及您可以如何提出异议。`,
  },
  termination: {
    subject: (day) => `通知：您的账户将于${day}被停用`,
    title: '卖家账户停用通知',
    intro: (ref, effective, days) =>
      `特此通知：${ref}将于${effective}被停用，距本决定作出之日 ${days} 天。在此之前，本决定不会限制您的账户。`,
    clarify: (effective) =>
      `在${effective}之前，您可以通过卖家后台的申诉功能澄清事实或向我们提交材料。如果您提交的材料表明该决定有误，我们将撤销该决定，停用也不会生效。`,
    advanceNotice: (days) =>
      `根据欧盟关于在线平台商业用户公平性与透明度的规定（(EU) 2019/1150 号条例第 4 条）对终止服务的要求，我们提前 ${days} 天发出本通知。`,
  },
  reinstatement: {
    subject: (kind) => (kind === 'hold_payouts' ? '您账户的放款已恢复' : '您的账户已恢复'),
    title: '您的账户已恢复',
    intro: (cause, kind, ref, when) => {
      const lifted = `${ref}的${NAME[kind]}已${when === undefined ? '' : `自${when}起`}解除`
      switch (cause) {
        case 'late_pass':
          return `您已完成我们要求的验证，因此${lifted}。`
        case 'appeal':
          return `根据您的申诉，我们已撤销原决定，因此${lifted}。`
        case 'reviewer':
          return `经我们的审核团队审查，${lifted}。`
      }
    },
    note: '审核团队的说明：',
  },
  appeal: {
    receivedSubject: '我们已收到您的申诉',
    receivedTitle: '我们已收到您的申诉',
    receivedIntro: (ref, receivedAt, decidedAt, action) =>
      `我们${receivedAt === undefined ? '已' : `已于${receivedAt}`}收到您的申诉。该申诉针对我们于${decidedAt}就${ref}作出的决定：${action}。`,
    nextSteps: [
      '我们将安排未参与作出该决定的工作人员审核您的申诉，并以书面形式告知您处理结果及理由。',
      '您可以在卖家后台为申诉补充材料。',
      '在审核期间，原决定继续有效。',
    ],
    upheldSubject: '申诉结果：维持原决定',
    overturnedSubject: '申诉成功：原决定已撤销',
    outcomeTitle: '申诉处理结果',
    upheldIntro: (ref, decidedAt, action) =>
      `我们已审核您针对${decidedAt}就${ref}所作决定（${action}）提出的申诉。经审核，原决定予以维持。`,
    overturnedIntro: (ref, decidedAt, action) =>
      `我们已审核您针对${decidedAt}就${ref}所作决定（${action}）提出的申诉。经审核，我们已撤销原决定。`,
    decidedOn: (at) => `申诉处理决定作出时间：${at}。`,
    upheldDefaultReason: '我们的审核团队认定，原决定所依据的事实仍然成立。',
    overturnedEffect: '原决定施加的所有限制均已解除，其要求的验证也已撤销。',
    apology: '由此给您带来的不便，敬请谅解。',
  },
}
