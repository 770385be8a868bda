import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Appeal, Decision, Requirement, Restriction } from '../../api/types.ts'
import {
  appealFilesProblem,
  decisionLines,
  methodsToDo,
  restrictionsInForce,
  splitRequirements,
  timeLeft,
  tokenFrom,
} from './portal-model.ts'

const NOW = Date.UTC(2026, 11, 1, 12)
const HOUR = 3_600_000

describe('the seller portal', () => {
  it('takes the token from the link first, else the one kept for the tab; nothing else is a token', () => {
    const q = (s: string) => new URLSearchParams(s)
    assert.deepEqual(tokenFrom(q('token=osp_new.sig'), 'osp_old.sig'), { token: 'osp_new.sig', fromLink: true })
    assert.deepEqual(tokenFrom(q(''), 'osp_old.sig'), { token: 'osp_old.sig', fromLink: false })
    assert.deepEqual(tokenFrom(q('token=oss_reviewer'), null), { token: null, fromLink: false })
  })

  it('counts the time left to a deadline in days and hours, or says it is overdue', () => {
    assert.deepEqual(timeLeft(new Date(NOW + 50 * HOUR).toISOString(), NOW), { overdue: false, days: 2, hours: 2 })
    assert.deepEqual(timeLeft(new Date(NOW - HOUR).toISOString(), NOW), { overdue: true, days: 0, hours: 0 })
  })

  it('shows requirements to do (an expired one too) apart from the resolved, and the methods not yet passed', () => {
    const r = (id: number, state: string, progress = {}) =>
      ({ id, state, methods: ['id_document', 'video'], progress }) as unknown as Requirement
    const { open, closed } = splitRequirements([r(1, 'requested'), r(2, 'passed'), r(3, 'expired'), r(4, 'withdrawn')])
    assert.deepEqual(
      [open.map((x) => x.id), closed.map((x) => x.id)],
      [
        [1, 3],
        [2, 4],
      ],
    )
    assert.deepEqual(methodsToDo(r(5, 'requested', { id_document: { state: 'passed', at: '' } })), ['video'])
  })

  it('lists live decisions that changed something, newest first, appealable until appealed', () => {
    const d = (id: number, type: string, mode = 'live') => ({ id, mode, action: { type } }) as unknown as Decision
    const lines = decisionLines(
      [d(1, 'require_verification'), d(2, 'approve'), d(3, 'suspend', 'shadow'), d(4, 'suspend')],
      [{ id: 9, decision: 1, state: 'upheld' } as Appeal],
    )
    assert.deepEqual(
      lines.map((l) => [l.decision.id, l.appealable, l.appeal?.state]),
      [
        [4, true, undefined],
        [1, false, 'upheld'],
      ],
    )
  })

  it('keeps the restrictions in force: effective and not lifted', () => {
    const r = (id: number, effectiveAt: number, liftedAt: string | null) =>
      ({ id, effectiveAt: new Date(effectiveAt).toISOString(), liftedAt }) as Restriction
    const found = restrictionsInForce([r(1, NOW - HOUR, null), r(2, NOW + HOUR, null), r(3, NOW - HOUR, 'x')], NOW)
    assert.deepEqual(
      found.map((x) => x.id),
      [1],
    )
  })
})

describe('files attached to an appeal', () => {
  const file = (name: string, size: number, type: string) => ({ name, size, type })
  it('takes pictures and PDFs within the limits, and names the file that is refused', () => {
    assert.equal(appealFilesProblem([]), undefined)
    assert.equal(
      appealFilesProblem([file('a.pdf', 1000, 'application/pdf'), file('b.jpg', 2000, 'image/jpeg')]),
      undefined,
    )
    assert.deepEqual(appealFilesProblem([file('a.docx', 10, 'application/msword')]), {
      key: 'appealFileType',
      name: 'a.docx',
    })
    assert.deepEqual(appealFilesProblem([file('big.png', 10_000_001, 'image/png')]), {
      key: 'appealFileSize',
      name: 'big.png',
    })
    assert.deepEqual(appealFilesProblem([file('e.pdf', 0, 'application/pdf')]), {
      key: 'appealFileEmpty',
      name: 'e.pdf',
    })
    assert.deepEqual(appealFilesProblem(Array.from({ length: 6 }, (_, i) => file(`${i}.pdf`, 1, 'application/pdf'))), {
      key: 'appealFileCount',
    })
    assert.deepEqual(
      appealFilesProblem(Array.from({ length: 3 }, (_, i) => file(`${i}.pdf`, 9_000_000, 'application/pdf'))),
      { key: 'appealFileTotal' },
    )
  })
})
