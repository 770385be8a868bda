import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toInstant } from '../time.ts'
import {
  canReviewer,
  parsePassword,
  parseReviewerName,
  parseReviewerRole,
  type Reviewer,
  roleAtLeast,
} from './reviewer.ts'

const aReviewer = (over: Partial<Reviewer> = {}): Reviewer => ({
  id: 'rev_1',
  name: 'ana',
  role: 'reviewer',
  createdAt: toInstant(0),
  disabledAt: null,
  ...over,
})

describe('reviewer roles', () => {
  it('orders the roles reviewer < lead < admin, each including the ones below', () => {
    assert.equal(roleAtLeast('admin', 'lead'), true)
    assert.equal(roleAtLeast('lead', 'lead'), true)
    assert.equal(roleAtLeast('lead', 'admin'), false)
    assert.equal(roleAtLeast('reviewer', 'lead'), false)
    assert.equal(roleAtLeast('reviewer', 'reviewer'), true)
  })

  it('lets a reviewer read, a lead list reviewers, and only an admin create or disable them', () => {
    assert.equal(canReviewer(aReviewer(), 'accounts.read'), true)
    assert.equal(canReviewer(aReviewer(), 'reviewers.list'), false)
    assert.equal(canReviewer(aReviewer({ role: 'lead' }), 'reviewers.list'), true)
    assert.equal(canReviewer(aReviewer({ role: 'lead' }), 'reviewers.create'), false)
    assert.equal(canReviewer(aReviewer({ role: 'admin' }), 'reviewers.create'), true)
    assert.equal(canReviewer(aReviewer({ role: 'admin' }), 'reviewers.disable'), true)
  })

  it('lets a disabled reviewer do nothing, whatever the role', () => {
    assert.equal(canReviewer(aReviewer({ role: 'admin', disabledAt: toInstant(1) }), 'accounts.read'), false)
  })

  it('reads role names in any case and names the choices for an unknown one', () => {
    assert.deepEqual(parseReviewerRole(' Lead '), { ok: true, value: 'lead' })
    const bad = parseReviewerRole('owner')
    assert.ok(!bad.ok)
    assert.match(bad.error, /"owner".*reviewer, lead, admin/)
  })
})

describe('reviewer names and passwords', () => {
  it('folds names to lowercase, so that Ana and ana are one reviewer', () => {
    assert.deepEqual(parseReviewerName('  Ana.Silva '), { ok: true, value: 'ana.silva' })
    assert.deepEqual(parseReviewerName('zoë@ops'), { ok: true, value: 'zoë@ops' })
  })

  it('refuses names with spaces, leading punctuation, or over 64 characters', () => {
    for (const bad of ['', 'ana silva', '.ana', 'a:b', 'x'.repeat(65)]) {
      assert.equal(parseReviewerName(bad).ok, false, bad)
    }
  })

  it('refuses a password shorter than 12 or longer than 1024 characters', () => {
    assert.equal(parsePassword('short-pass1').ok, false)
    assert.equal(parsePassword('twelve-chars').ok, true)
    assert.equal(parsePassword('x'.repeat(1025)).ok, false)
  })
})
