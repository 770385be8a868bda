import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { makeIdentifier, problem } from '../identifiers/identifier.ts'
import type { AccountId } from '../ids.ts'
import { parseRecord } from '../interchange/index.ts'
import { toInstant } from '../time.ts'
import { accountHistory } from './account-history.ts'
import { canApplyInOrder, foldAccountEvents, toAccountEvent } from './account-state.ts'
import { decodeProblemCodes, encodeProblemCodes, problemCodesOf } from './problem-codes.ts'
import {
  applyVerification,
  decodeVerifications,
  encodeVerifications,
  NO_VERIFICATIONS,
} from './verification-summary.ts'

const day = (d: number) => toInstant(Date.UTC(2024, 0, d))

function event(raw: Record<string, unknown>) {
  const parsed = parseRecord({ account: 'a1', ...raw })
  assert.ok(parsed.ok)
  return toAccountEvent(parsed.value.record, parsed.value.at)
}

describe('verification summaries', () => {
  it('keep the latest outcome per method and when it last passed, and round-trip through their stored form', () => {
    let s = applyVerification(NO_VERIFICATIONS, { kind: 'video', outcome: 'passed' }, day(1))
    s = applyVerification(s, { kind: 'video', outcome: 'failed' }, day(2))
    s = applyVerification(s, { kind: 'postcard', outcome: undefined }, day(3))
    assert.deepEqual(s, {
      video: { outcome: 'failed', at: day(2), passedAt: day(1) },
      postcard: { outcome: 'pending', at: day(3), passedAt: null },
    })
    const text = encodeVerifications(s)
    assert.equal(text, `{"postcard":["pending",${day(3)},null],"video":["failed",${day(2)},${day(1)}]}`)
    assert.deepEqual(decodeVerifications(text), s)
    assert.equal(encodeVerifications(NO_VERIFICATIONS), '{}')
  })

  it('are folded from verification records, which change state but not the history of declarations', () => {
    const events = [
      event({ type: 'account', at: '2024-01-01T00:00:00Z', marketplace: 'US', kind: 'individual' }),
      event({ type: 'verification', at: '2024-01-03T00:00:00Z', kind: 'id_document', outcome: 'failed' }),
      event({ type: 'verification', at: '2024-01-02T00:00:00Z', kind: 'id_document', outcome: 'passed' }),
    ]
    const state = foldAccountEvents('a1' as AccountId, events)
    assert.deepEqual(state?.verifications, { id_document: { outcome: 'failed', at: day(3), passedAt: day(2) } })
    assert.deepEqual(
      accountHistory('a1' as AccountId, events).changes.map((c) => c.type),
      ['account'],
    )
    // Only its method and outcome are carried: a face is linkage evidence, read from the log.
    const withFace = event({ type: 'verification', at: '2024-01-04T00:00:00Z', kind: 'video', face: [0.5, 0.5] })
    assert.deepEqual(withFace.change, {
      type: 'verification',
      account: 'a1',
      at: '2024-01-04T00:00:00Z',
      kind: 'video',
    })
  })

  it('apply in order unless older than the latest submission of their own method', () => {
    const state = {
      lastEventAt: day(10),
      verifications: { video: { outcome: 'passed' as const, at: day(5), passedAt: day(5) } },
    }
    const video = (d: number) => event({ type: 'verification', at: `2024-01-0${d}T00:00:00Z`, kind: 'video' })
    assert.equal(canApplyInOrder(state, [video(6)]), true)
    assert.equal(canApplyInOrder(state, [video(4)]), false)
    assert.equal(canApplyInOrder(state, [video(7), video(6)]), false)
    assert.equal(
      canApplyInOrder(state, [event({ type: 'verification', at: '2024-01-01T00:00:00Z', kind: 'postcard' })]),
      true,
    )
    assert.equal(
      canApplyInOrder(state, [event({ type: 'status', at: '2024-01-09T00:00:00Z', status: 'suspended' })]),
      false,
    )
    assert.equal(
      canApplyInOrder(undefined, [
        video(4),
        event({ type: 'status', at: '2024-01-03T00:00:00Z', status: 'suspended' }),
      ]),
      false,
    )
  })
})

describe('problem codes', () => {
  it('list each kind:code once and the invalid kinds, and round-trip through their stored form', () => {
    const codes = problemCodesOf([
      makeIdentifier('email', 'a@b.c'),
      makeIdentifier('national_id', 'x', [problem('bad_check_digit', 'm')]),
      makeIdentifier('address', 'y', [problem('bad_postcode', 'm')]),
      makeIdentifier('address', 'z', [problem('bad_postcode', 'm')]),
    ])
    assert.deepEqual(codes, {
      problems: ['national_id:bad_check_digit', 'address:bad_postcode'],
      invalidKinds: ['national_id', 'address'],
    })
    const text = encodeProblemCodes(codes)
    assert.equal(text, 'national_id:bad_check_digit address:bad_postcode !national_id !address')
    assert.deepEqual(decodeProblemCodes(text), codes)
    assert.equal(encodeProblemCodes(problemCodesOf([makeIdentifier('email', 'a@b.c')])), '')
  })
})
