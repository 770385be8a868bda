import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountRecord, anUpdateRecord, aStatusRecord, toEventInput } from '../../../test/builders/records.ts'
import type { AccountId } from '../ids.ts'
import { applyUpdate, foldAccountEvents } from './account-state.ts'

const events = (...raws: Record<string, unknown>[]) => raws.map((r) => toEventInput(r))

describe('account state', () => {
  it('takes the profile from the registration and replaces fields an update sets', () => {
    const s = foldAccountEvents(
      'a1' as AccountId,
      events(anAccountRecord({ phone: '+1 202 555 0100' }), anUpdateRecord({ email: 'new@example.com' })),
    )
    assert.equal(s?.profile.email, 'new@example.com')
    assert.equal(s?.profile.phone, '+1 202 555 0100')
    assert.equal(s?.channelType, 'organic')
  })

  it('clears a field an update sets to null', () => {
    assert.deepEqual(applyUpdate({ email: 'a@b.c', phone: '1' }, { phone: null }), { email: 'a@b.c' })
  })

  it('makes a reinstated account active again', () => {
    const s = foldAccountEvents(
      'a1' as AccountId,
      events(
        anAccountRecord(),
        aStatusRecord('deactivated'),
        aStatusRecord('reinstated', { at: '2024-02-01T00:00:00Z' }),
      ),
    )
    assert.equal(s?.status, 'active')
  })

  it('applies events in time order whatever order they are given in', () => {
    const s = foldAccountEvents(
      'a1' as AccountId,
      events(
        aStatusRecord('reinstated', { at: '2024-02-01T00:00:00Z' }),
        aStatusRecord('suspended'),
        anAccountRecord(),
      ),
    )
    assert.equal(s?.status, 'active')
    assert.equal(s?.firstEventAt, Date.UTC(2024, 0, 1))
    assert.equal(s?.lastEventAt, Date.UTC(2024, 1, 1))
  })

  it('knows an account whose registration has not arrived, without counting it as registered', () => {
    const s = foldAccountEvents('a1' as AccountId, events(aStatusRecord('suspended')))
    assert.equal(s?.registered, false)
    assert.equal(s?.marketplace, null)
  })
})
