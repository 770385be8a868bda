import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { aSessionRecord, aVerificationRecord, toEventInput } from '../../test/builders/records.ts'
import type { Action } from '../core/policy/policy.ts'
import { type Instant, MS_PER_DAY, toInstant } from '../core/time.ts'
import { deadlinePassed, progressFromVerifications, reminderDue } from '../core/verification/requirement-lifecycle.ts'
import type { EventStore } from './event-store.ts'
import type { NewDecision, PolicyStore } from './policy-store.ts'
import type { NewNotice, WorkflowStore } from './workflow-store.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1))
const day = (n: number) => toInstant(T0 + n * MS_PER_DAY)

const REQUIRE: Action = {
  type: 'require_verification',
  reason: 'change_of_control',
  scope: 'account',
  methods: ['video'],
  deadlineDays: 7,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
}

const aDecision = (key: string, account: string, over: Partial<NewDecision> = {}): NewDecision => ({
  key,
  account,
  policy: 'second-review',
  policyVersion: 1,
  rule: 'change-of-control',
  trigger: 'sweep',
  action: REQUIRE,
  evidence: { features: {}, links: [] },
  mode: 'live',
  sweep: null,
  actor: 'alice',
  at: T0,
  ...over,
})

const aNotice = (key: string, over: Partial<NewNotice> = {}): NewNotice => ({
  key,
  account: 'a1',
  kind: 'verification_requested',
  locale: 'en',
  recipient: 'seller@example.com',
  subject: 'Please verify',
  text: 'text',
  html: '<p>html</p>',
  createdAt: T0,
  ...over,
})

export interface WorkflowStoreFixture {
  readonly workflows: WorkflowStore
  readonly policies: PolicyStore
  readonly events: EventStore
  close(): Promise<void>
}

/** The behaviour every {@link WorkflowStore} must have; each engine runs this suite. */
export function describeWorkflowStoreContract(name: string, open: () => Promise<WorkflowStoreFixture>): void {
  describe(`${name} satisfies WorkflowStore`, () => {
    let f: WorkflowStoreFixture
    beforeEach(async () => {
      f = await open()
    })
    afterEach(() => f.close())

    const requirementOf = async (account: string) => (await f.policies.requirementsOf(account))[0]!

    it('finds reminders and deadlines due, and carries out a reminder once', async () => {
      await f.policies.recordDecisions([aDecision('k1', 'a1'), aDecision('k2', 'a2', { at: day(2) })])
      assert.deepEqual(
        (await f.workflows.dueReminders(day(4), 10)).map((r) => r.account),
        ['a1'],
      )
      const r = await requirementOf('a1')
      const change = reminderDue(r, day(4))!
      assert.deepEqual(await f.workflows.applyRequirementChanges([change], { actor: 'scheduler', at: day(4) }), {
        applied: 1,
        skipped: 0,
        appliedIds: [r.id],
      })
      // The same change again (a second scheduler that read the row before) is skipped.
      assert.equal((await f.workflows.applyRequirementChanges([change], { actor: 'x', at: day(4) })).skipped, 1)
      const after = await f.workflows.getRequirement(r.id)
      assert.equal(after?.state, 'reminded')
      assert.equal(after?.remindersSent, 1)
      assert.equal(after?.nextReminderAt, day(6))
      assert.deepEqual(
        (await f.workflows.dueExpiries(day(7), 10)).map((x) => x.account),
        ['a1'],
      )
      const reminds = (await f.policies.listAudit()).filter((a) => a.action === 'requirement.remind')
      assert.deepEqual(
        reminds.map((a) => [a.subject, a.detail.from, a.detail.to]),
        [['a1', 'requested', 'reminded']],
      )
    })

    it('imposes a restriction on expiry and lifts it on a late pass, auditing each step', async () => {
      await f.policies.recordDecisions([aDecision('k1', 'a1')])
      const r = await requirementOf('a1')
      await f.workflows.applyRequirementChanges([deadlinePassed(r, day(7))!], { actor: 'scheduler', at: day(7) })
      const [restriction] = await f.workflows.restrictionsOf('a1')
      assert.equal(restriction?.kind, 'suspend')
      assert.equal(restriction?.requirement, r.id)
      assert.equal(restriction?.decision, r.decision)
      assert.equal(restriction?.effectiveAt, day(7))
      assert.equal(restriction?.liftedAt, null)
      assert.equal(await f.workflows.markRestrictionsInForce(day(7), 10), 1)
      assert.equal(await f.workflows.markRestrictionsInForce(day(8), 10), 0)
      const expired = (await f.workflows.activeRequirementsOf(['a1', 'nobody']))[0]!
      assert.equal(expired.state, 'expired')
      const late = progressFromVerifications(
        expired,
        { video: { outcome: 'passed', at: day(9), passedAt: day(9) } },
        day(9),
      )!
      await f.workflows.applyRequirementChanges([late], { actor: 'scheduler', at: day(9) })
      const [lifted] = await f.workflows.restrictionsOf('a1')
      assert.equal(lifted?.liftedAt, day(9))
      assert.equal(lifted?.liftReason, 'late_pass')
      assert.equal((await f.workflows.getRequirement(r.id))?.state, 'passed')
      assert.deepEqual(
        (await f.policies.listAudit()).map((a) => a.action),
        [
          'decision.record',
          'requirement.create',
          'requirement.expire',
          'restriction.create',
          'restriction.in_force',
          'requirement.late_pass',
          'restriction.lift',
        ],
      )
    })

    it('lifts restrictions by id once, and marks one given with notice in force only when due', async () => {
      const deactivate: Action = { type: 'deactivate', reason: 'farm', scope: 'account', noticeDays: 30 }
      await f.policies.recordDecisions([aDecision('k1', 'a1', { action: deactivate })])
      const [r] = await f.workflows.restrictionsOf('a1')
      assert.equal(r?.effectiveAt, day(30))
      assert.equal(await f.workflows.markRestrictionsInForce(day(29), 10), 0)
      assert.equal(
        await f.workflows.liftRestrictions([r!.id], { actor: 'reviewer:bo', reason: 'appeal', at: day(3) }),
        1,
      )
      assert.equal(
        await f.workflows.liftRestrictions([r!.id], { actor: 'reviewer:bo', reason: 'again', at: day(4) }),
        0,
      )
      assert.equal(await f.workflows.markRestrictionsInForce(day(31), 10), 0)
      assert.equal((await f.workflows.restrictionsOf('a1'))[0]?.liftedBy, 'reviewer:bo')
    })

    it('reads the accounts of verification records after a position of the log', async () => {
      await f.events.append(
        [
          toEventInput(aSessionRecord({ account: 'a1' }), 1),
          toEventInput(aVerificationRecord('video', { account: 'a1', outcome: 'passed' }), 2),
          toEventInput(aVerificationRecord('video', { account: 'a2' }), 3),
        ],
        day(1),
      )
      const all = await f.workflows.verificationRecordsAfter(0, 100)
      assert.deepEqual([...all.accounts].sort(), ['a1', 'a2'])
      assert.equal(all.lastSeq, 3)
      const tail = await f.workflows.verificationRecordsAfter(2, 100)
      assert.deepEqual(tail.accounts, ['a2'])
      assert.deepEqual(await f.workflows.verificationRecordsAfter(3, 100), { accounts: [], lastSeq: 3 })
    })

    it('keeps notices once per key with the cursor, and tracks delivery', async () => {
      assert.equal(await f.workflows.cursor('notices'), 0)
      assert.equal(
        await f.workflows.insertNotices([aNotice('audit:1'), aNotice('audit:2')], { name: 'notices', position: 2 }),
        2,
      )
      assert.equal(await f.workflows.insertNotices([aNotice('audit:2')], { name: 'notices', position: 1 }), 0)
      assert.equal(await f.workflows.cursor('notices'), 2, 'a cursor never moves back')
      const [first, second] = await f.workflows.unsentNotices(10, 3)
      await f.workflows.markNoticeSent(first!.id, 'outbox', day(1))
      for (let i = 0; i < 3; i++) await f.workflows.markNoticeFailed(second!.id, 'mail server said no', day(1))
      assert.deepEqual(await f.workflows.unsentNotices(10, 3), [])
      const stored = await f.workflows.noticesOf('a1')
      assert.deepEqual(
        stored.map((n) => [n.key, n.sentAt, n.channel, n.attempts, n.lastError]),
        [
          ['audit:1', day(1), 'outbox', 1, null],
          ['audit:2', null, null, 3, 'mail server said no'],
        ],
      )
      assert.equal((await f.workflows.getNotice(first!.id))?.html, '<p>html</p>')
    })

    it('refuses a requirement state the schema does not know, storing nothing of the call', async () => {
      await f.policies.recordDecisions([aDecision('k1', 'a1')])
      const r = await requirementOf('a1')
      const bad = { ...reminderDue(r, day(4))!, next: { ...r, state: 'lost' as never, updatedAt: day(4) as Instant } }
      await assert.rejects(
        f.workflows.applyRequirementChanges([bad], { actor: 'x', at: day(4), cursor: { name: 'c', position: 9 } }),
        (e: Error) => /refused a value/.test(e.message),
      )
      assert.equal(await f.workflows.cursor('c'), 0)
      assert.equal((await requirementOf('a1')).state, 'requested')
    })

    it('opens a case for each live review decision, and moves it through assign and close once', async () => {
      const review: Action = {
        type: 'review',
        reason: 'cluster_failed_verifications',
        scope: 'account',
        priority: 'high',
      }
      await f.policies.recordDecisions([
        aDecision('r1', 'a1', { action: review }),
        aDecision('r2', 'a2', { action: review, mode: 'shadow' }),
      ])
      const [c] = await f.workflows.listCases({ limit: 10 })
      assert.equal(c?.account, 'a1')
      assert.equal(c?.state, 'open')
      assert.equal(c?.dueAt, T0 + 24 * 3_600_000)
      assert.equal((await f.workflows.listCases({ limit: 10 })).length, 1, 'a shadow decision opens none')
      const taken = await f.workflows.assignCase(c!.id, { to: 'reviewer:bo', actor: 'reviewer:bo', at: day(1) })
      assert.deepEqual([taken.state, taken.assignee], ['assigned', 'reviewer:bo'])
      await assert.rejects(
        f.workflows.assignCase(c!.id, { to: 'reviewer:cy', actor: 'reviewer:cy', at: day(1) }),
        (e: Error & { code?: string }) => e.code === 'conflict' && /assigned to reviewer:bo/.test(e.message),
      )
      const stolen = await f.workflows.assignCase(c!.id, {
        to: 'reviewer:cy',
        actor: 'lead:di',
        at: day(1),
        steal: true,
      })
      assert.equal(stolen.assignee, 'reviewer:cy')
      assert.deepEqual(
        (await f.workflows.listCases({ assignee: 'reviewer:cy', limit: 10 })).map((x) => x.id),
        [c!.id],
      )
      const closed = await f.workflows.closeCase(c!.id, {
        outcome: 'no_action',
        note: 'Shared office tower.',
        actor: 'reviewer:cy',
        at: day(2),
      })
      assert.deepEqual([closed.state, closed.outcome, closed.closedAt], ['closed', 'no_action', day(2)])
      await assert.rejects(
        f.workflows.closeCase(c!.id, { outcome: 'escalated', note: '', actor: 'x', at: day(3) }),
        (e: Error & { code?: string }) => e.code === 'conflict',
      )
      await assert.rejects(
        f.workflows.assignCase(999, { to: 'x', actor: 'x', at: day(3) }),
        (e: Error & { code?: string }) => e.code === 'not_found',
      )
      assert.deepEqual(await f.workflows.listCases({ limit: 10 }), [])
      assert.equal((await f.workflows.listCases({ state: 'closed', limit: 10 })).length, 1)
      assert.deepEqual(
        (await f.policies.listAudit()).map((a) => a.action).filter((a) => a.startsWith('case.')),
        ['case.open', 'case.assign', 'case.assign', 'case.close'],
      )
    })

    it('stores the files attached to an appeal with it, and reads each back only under its appeal', async () => {
      await f.policies.recordDecisions([aDecision('k1', 'a1'), aDecision('k2', 'a1', { rule: 'other' })])
      const [d1, d2] = await f.policies.decisionsOf('a1')
      const pdf = new TextEncoder().encode('%PDF-1.7 a register extract')
      const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
      const appeal = await f.workflows.fileAppeal({
        account: 'a1',
        decision: d1!.id,
        statement: 'Ours alone.',
        files: [],
        uploads: [
          { name: 'extract.pdf', mime: 'application/pdf', sha256: 'aa', bytes: pdf },
          { name: 'shop.jpg', mime: 'image/jpeg', sha256: 'bb', bytes: jpeg },
        ],
        filedBy: 'seller:a1',
        filedAt: day(1),
      })
      const plain = await f.workflows.fileAppeal({
        account: 'a1',
        decision: d2!.id,
        statement: 'No.',
        files: ['ref-1'],
        filedBy: 'seller:a1',
        filedAt: day(1),
      })
      const files = await f.workflows.appealFilesOf([appeal.id, plain.id])
      assert.deepEqual(
        files.map((x) => [x.appeal, x.name, x.mime, x.size, x.sha256]),
        [
          [appeal.id, 'extract.pdf', 'application/pdf', pdf.byteLength, 'aa'],
          [appeal.id, 'shop.jpg', 'image/jpeg', jpeg.byteLength, 'bb'],
        ],
      )
      const read = await f.workflows.readAppealFile(appeal.id, files[1]!.id)
      assert.deepEqual(read?.bytes, jpeg)
      assert.equal(await f.workflows.readAppealFile(plain.id, files[1]!.id), undefined, 'not under another appeal')
      assert.deepEqual(await f.workflows.appealFilesOf([]), [])
      const filed = (await f.policies.listAudit()).filter((a) => a.action === 'appeal.file')
      assert.deepEqual(
        filed.map((a) => (a.detail.uploads as { name: string; size: number }[] | undefined)?.map((u) => u.name)),
        [['extract.pdf', 'shop.jpg'], undefined],
      )
      await assert.rejects(
        f.workflows.fileAppeal({
          account: 'a1',
          decision: d1!.id,
          statement: 'Again.',
          files: [],
          uploads: [{ name: 'x.pdf', mime: 'application/pdf', sha256: 'cc', bytes: pdf }],
          filedBy: 'seller:a1',
          filedAt: day(2),
        }),
      )
      assert.equal((await f.workflows.appealFilesOf([appeal.id])).length, 2, 'a refused appeal stores no file')
    })
  })
}
