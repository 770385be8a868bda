import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toInstant } from '../time.ts'
import {
  FAILED_SIGN_IN_LIMIT,
  FAILED_SIGN_IN_WINDOW_MS,
  type FailedSignIns,
  nextFailures,
  signInBlockedUntil,
} from './reviewer-session.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const MINUTE = 60_000

/** `n` failures, one a minute from T0. */
function failures(n: number): FailedSignIns {
  let out: FailedSignIns = []
  for (let i = 0; i < n; i++) out = nextFailures(out, toInstant(T0 + i * MINUTE))
  return out
}

describe('the limit on failed sign-ins', () => {
  it('lets a name try while it has fewer than 10 failures in 15 minutes', () => {
    assert.equal(signInBlockedUntil(failures(FAILED_SIGN_IN_LIMIT - 1), toInstant(T0 + 9 * MINUTE)), undefined)
  })

  it('blocks the name at the 10th failure until the oldest one leaves the window', () => {
    const ten = failures(FAILED_SIGN_IN_LIMIT)
    const now = toInstant(T0 + 10 * MINUTE)
    assert.equal(signInBlockedUntil(ten, now), T0 + FAILED_SIGN_IN_WINDOW_MS)
    assert.equal(signInBlockedUntil(ten, toInstant(T0 + FAILED_SIGN_IN_WINDOW_MS)), undefined)
  })

  it('forgets failures older than the window when counting a new one', () => {
    const old = failures(5)
    const later = nextFailures(old, toInstant(T0 + FAILED_SIGN_IN_WINDOW_MS + 3 * MINUTE))
    assert.equal(later.length, 2)
  })
})
