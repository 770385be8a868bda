import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { VerificationSummaries } from '../accounts/index.ts'
import { MS_PER_DAY, toInstant } from '../time.ts'
import {
  deadlinePassed,
  firstReminderAt,
  progressFromVerifications,
  type RequirementSnapshot,
  refuse,
  reminderDue,
  withdraw,
} from './requirement-lifecycle.ts'

const T0 = toInstant(Date.UTC(2026, 11, 1))
const day = (n: number) => toInstant(T0 + n * MS_PER_DAY)

const aRequirement = (over: Partial<RequirementSnapshot> = {}): RequirementSnapshot => ({
  id: 1,
  account: 'a1',
  decision: 10,
  methods: ['id_document', 'video'],
  deadline: day(7),
  state: 'requested',
  createdAt: T0,
  updatedAt: T0,
  onExpiry: 'suspend',
  reinstateOnLatePass: true,
  progress: {},
  remindersSent: 0,
  nextReminderAt: firstReminderAt(T0, day(7)),
  resolvedAt: null,
  ...over,
})

const passed = (at: number) => ({ outcome: 'passed' as const, at: toInstant(at), passedAt: toInstant(at) })

describe('reminders', () => {
  it('reminds 3 days, then 1 day, before the deadline, and not after it', () => {
    const r = aRequirement()
    assert.equal(r.nextReminderAt, day(4))
    assert.equal(reminderDue(r, day(3)), undefined)
    const first = reminderDue(r, day(4))
    assert.equal(first?.event, 'remind')
    assert.equal(first?.next.state, 'reminded')
    assert.equal(first?.next.nextReminderAt, day(6))
    const second = reminderDue(first!.next, day(6))
    assert.equal(second?.next.remindersSent, 2)
    assert.equal(second?.next.nextReminderAt, null)
    assert.equal(reminderDue(aRequirement({ nextReminderAt: day(6) }), day(7)), undefined)
  })

  it('sends one reminder when the scheduler was away for both, not a burst', () => {
    const late = reminderDue(aRequirement(), toInstant(day(6) + 1000))
    assert.equal(late?.next.remindersSent, 1)
    assert.equal(late?.next.nextReminderAt, null)
  })

  it('has no reminder ahead of a deadline too close to its creation', () => {
    assert.equal(firstReminderAt(T0, toInstant(T0 + MS_PER_DAY)), null)
    assert.equal(firstReminderAt(T0, day(2)), day(1))
  })

  it('does not remind a requirement the seller has answered', () => {
    assert.equal(reminderDue(aRequirement({ state: 'submitted' }), day(5)), undefined)
  })
})

describe('the deadline', () => {
  it('expires what waits on the seller, imposing the consequence', () => {
    const change = deadlinePassed(aRequirement({ state: 'reminded' }), day(7))
    assert.equal(change?.event, 'expire')
    assert.equal(change?.impose, 'suspend')
    assert.equal(change?.next.state, 'expired')
    assert.equal(change?.next.resolvedAt, day(7))
    assert.equal(deadlinePassed(aRequirement(), toInstant(day(7) - 1)), undefined)
  })

  it('does not expire what waits on a reviewer', () => {
    assert.equal(deadlinePassed(aRequirement({ state: 'submitted' }), day(9)), undefined)
    assert.equal(deadlinePassed(aRequirement({ state: 'in_review' }), day(9)), undefined)
  })
})

describe('progress from the verifications', () => {
  it('passes when every method passed since the requirement was made', () => {
    const v: VerificationSummaries = { id_document: passed(day(1)), video: passed(day(2)) }
    const change = progressFromVerifications(aRequirement(), v, day(2))
    assert.equal(change?.event, 'pass')
    assert.equal(change?.next.state, 'passed')
    assert.deepEqual(change?.methods, ['id_document', 'video'])
  })

  it('ignores passes older than the requirement: old evidence is what is re-checked', () => {
    const v: VerificationSummaries = { id_document: passed(T0 - MS_PER_DAY), video: passed(day(1)) }
    const change = progressFromVerifications(aRequirement(), v, day(1))
    assert.equal(change?.event, 'submit')
    assert.equal(change?.next.state, 'requested')
    assert.deepEqual(change?.next.progress, { video: { state: 'passed', at: day(1) } })
  })

  it('is submitted once every method has something in, and stops the deadline', () => {
    const v: VerificationSummaries = {
      id_document: { outcome: 'pending', at: day(1), passedAt: null },
      video: passed(day(1)),
    }
    const change = progressFromVerifications(aRequirement(), v, day(1))
    assert.equal(change?.next.state, 'submitted')
    assert.equal(deadlinePassed(change!.next, day(8)), undefined)
  })

  it('goes back to the seller after a failed attempt, deadline unchanged', () => {
    const submitted = aRequirement({ state: 'submitted', remindersSent: 1 })
    const v: VerificationSummaries = { id_document: { outcome: 'failed', at: day(2), passedAt: null } }
    const change = progressFromVerifications(submitted, v, day(2))
    assert.equal(change?.event, 'attempt_failed')
    assert.equal(change?.next.state, 'reminded')
    assert.equal(change?.next.deadline, day(7))
    assert.deepEqual(change?.methods, ['id_document'])
  })

  it('keeps a method passed even when a later attempt of it is pending', () => {
    const r = aRequirement({ progress: { video: { state: 'passed', at: day(1) } } })
    const v: VerificationSummaries = { video: { outcome: 'failed', at: day(2), passedAt: day(1) } }
    assert.equal(progressFromVerifications(r, v, day(2)), undefined)
  })

  it('passes late after expiry, lifting the restriction when the policy allows', () => {
    const expired = aRequirement({ state: 'expired', resolvedAt: day(7) })
    const v: VerificationSummaries = { id_document: passed(day(8)), video: passed(day(9)) }
    const change = progressFromVerifications(expired, v, day(9))
    assert.equal(change?.event, 'late_pass')
    assert.equal(change?.liftImposed, true)
    const strict = progressFromVerifications({ ...expired, reinstateOnLatePass: false }, v, day(9))
    assert.equal(strict?.event, 'late_pass')
    assert.equal(strict?.liftImposed, undefined)
  })

  it('changes nothing when nothing new was submitted', () => {
    const r = aRequirement({ progress: { video: { state: 'submitted', at: day(1) } } })
    const v: VerificationSummaries = { video: { outcome: 'pending', at: day(1), passedAt: null } }
    assert.equal(progressFromVerifications(r, v, day(3)), undefined)
    assert.equal(progressFromVerifications(aRequirement({ state: 'passed' }), v, day(3)), undefined)
  })
})

describe('refusal and withdrawal', () => {
  it('a final refusal fails the requirement and imposes its consequence now', () => {
    const change = refuse(aRequirement({ state: 'submitted', onExpiry: 'deactivate' }), day(3))
    assert.equal(change?.next.state, 'failed')
    assert.equal(change?.impose, 'deactivate')
    assert.equal(refuse(aRequirement({ state: 'expired' }), day(3)), undefined)
  })

  it('a withdrawn requirement lifts what it imposed, unless it had passed', () => {
    const change = withdraw(aRequirement({ state: 'expired' }), day(9))
    assert.equal(change?.next.state, 'withdrawn')
    assert.equal(change?.liftImposed, true)
    assert.equal(withdraw(aRequirement({ state: 'passed' }), day(9)), undefined)
  })
})
