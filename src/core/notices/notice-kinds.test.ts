import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MS_PER_DAY } from '../time.ts'
import { aNotice, DEADLINE, DECIDED, REQUIRE, SUSPEND } from './a-notice.ts'
import { renderNotice } from './notice.ts'

describe('notices of each kind', () => {
  it('announces a termination with its date, the chance to clarify, and the P2B notice period', () => {
    const n = renderNotice(aNotice('termination_notice'))
    const effective = '2 January 2027, 17:00 (Asia/Shanghai)'
    assert.equal(n.subject, 'Notice: your account will be deactivated on 2 January 2027')
    assert.ok(n.text.includes(`will be deactivated on ${effective}, 30 days after this decision`))
    assert.ok(n.text.includes(`Until ${effective} you can clarify the facts`))
    assert.match(n.text, /Regulation \(EU\) 2019\/1150, Article 4/)
    assert.ok(n.text.includes(`From ${effective}, your account will be deactivated`))
    const short = renderNotice(aNotice('termination_notice', { effectiveAt: DECIDED + 10 * MS_PER_DAY })).text
    assert.ok(short.includes('10 days after this decision'))
    assert.doesNotMatch(short, /2019\/1150/, 'a shorter notice does not claim to follow the regulation')
  })

  it('announces a restriction given with notice for its date', () => {
    const later = { ...SUSPEND, scope: 'account' as const, noticeDays: 14 }
    const n = renderNotice(aNotice('restriction', { decision: { ...aNotice('restriction').decision, action: later } }))
    assert.equal(n.subject, 'Your account will be suspended on 17 December 2026')
    assert.match(n.text, /From 17 December 2026, 17:00 \(Asia\/Shanghai\), your selling privileges will be suspended/)
    assert.match(n.text, /It applies to this account only\./)
  })

  it('tells a seller in an expiry notice what was missing and how to lift it', () => {
    const facts = aNotice('verification_expired', {
      requirement: {
        id: 7,
        methods: ['id_document', 'video'],
        deadline: DEADLINE,
        progress: { id_document: 'passed' },
      },
    })
    const n = renderNotice(facts)
    assert.equal(n.subject, 'Your account is suspended: the verification deadline has passed')
    assert.match(n.text, /not complete by the deadline of 10 December 2026, 17:00 \(Asia\/Shanghai\): video call\./)
    assert.match(n.text, /How to lift the restriction/)
    assert.match(n.text, /lifted, which happens when you complete the verification, when your appeal succeeds/)
    const noLateFix = aNotice('verification_expired', {
      decision: { ...facts.decision, action: { ...REQUIRE, reinstateOnLatePass: false, onExpiry: 'hold_payouts' } },
      requirement: { id: 7, methods: ['video'], deadline: DEADLINE },
    })
    const held = renderNotice(noLateFix)
    assert.equal(held.subject, 'Payouts to your account are on hold: the verification deadline has passed')
    assert.doesNotMatch(held.text, /How to lift the restriction/)
  })

  it('reminds with what is left and how long', () => {
    const n = renderNotice(
      aNotice('verification_reminder', {
        sentAt: DEADLINE - 3 * MS_PER_DAY,
        requirement: {
          id: 7,
          methods: ['id_document', 'video'],
          deadline: DEADLINE,
          progress: { id_document: 'passed' },
        },
      }),
    )
    assert.match(n.text, /You have 3 days left\./)
    assert.match(n.text, /Already done: identity document\./)
    assert.match(n.text, /- Video call: Join a short video call/)
    assert.doesNotMatch(n.text, /- Identity document:/)
    const lastHours = renderNotice(aNotice('verification_reminder', { sentAt: DEADLINE - 5 * 3_600_000 })).text
    assert.match(lastHours, /You have 5 hours left\./)
  })

  it('reads the requirement off the decision when the caller gives none', () => {
    const n = renderNotice(aNotice('verification_requested', { requirement: undefined }))
    assert.match(n.text, /by 10 December 2026, 17:00 \(Asia\/Shanghai\)/)
    assert.match(n.text, /your selling privileges will be suspended\./)
  })

  it('names why a restriction was lifted', () => {
    const late = renderNotice(aNotice('reinstatement', { lift: { cause: 'late_pass' }, effectiveAt: DEADLINE })).text
    assert.match(late, /You have completed the verification we asked for, so the suspension of selling privileges/)
    assert.match(late, /as of 10 December 2026, 17:00 \(Asia\/Shanghai\)/)
    const held = renderNotice(
      aNotice('reinstatement', { lift: { kind: 'hold_payouts', cause: 'reviewer', reason: 'Checked.' } }),
    )
    assert.equal(held.subject, 'Payouts to your account are released')
    assert.match(held.text, /What our review team noted:\n\n> Checked\./)
  })

  it('says what was decided, its scope, how long, the automation and the ground', () => {
    const text = renderNotice(
      aNotice('restriction', { decision: { ...aNotice('restriction').decision, via: 'acct_77aa88bb99' } }),
    ).text
    assert.match(text, /Since 3 December 2026, 17:00 \(Asia\/Shanghai\), your selling privileges are suspended/)
    assert.match(text, /to the 3 other accounts that we believe are run by the same party/)
    assert.match(text, /taken for a linked account \(acc…b99\)/)
    assert.match(text, /no fixed end date/)
    assert.match(text, /The decision was taken by automated means/)
    assert.match(text, /Policy: "second-review", version 3\./)
    assert.match(text, /Rule: "linked-to-deactivated": Linked on personal evidence/)
    assert.match(text, /out-of-court dispute settlement body/)
    assert.match(text, /take the matter to court/)
    assert.match(text, /within 180 days/)
    assert.match(text, /Appeal this decision: https:\/\/sellers\.example\.com\/appeals\/42/)
    const byReviewer = renderNotice(
      aNotice('restriction', {
        decision: { ...aNotice('restriction').decision, automated: false, decidedBy: 'reviewer' },
      }),
    ).text
    assert.match(byReviewer, /taken by a member of our review team/)
  })
})
