import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Submission, SubmissionCheck, SubmissionFile } from '../../api/types.ts'
import { matchShortcut } from '../../lib/shortcuts.ts'
import {
  checkCounts,
  declaredFacts,
  draftProblem,
  faceRows,
  fileLabel,
  fullChecklist,
  orderedChecks,
  otherAccounts,
  reasonsFor,
  reasonText,
  reviewOrder,
  submittedFacts,
  VERIFICATION_COMMANDS,
  type VerificationContext,
} from './verification-model.ts'

const declarations = {
  representative: {
    givenName: 'Ada',
    familyName: 'Lovelace',
    document: { type: 'passport', country: 'GB', number: 'L898902C3' },
  },
  business: { name: 'Analytical Engines Ltd', registrationNumber: '01234567', country: 'GB' },
  addresses: [{ role: 'business', lines: ['10 Downing St'], city: 'London', postalCode: 'SW1A 2AA', country: 'GB' }],
}

const check = (kind: string, outcome: SubmissionCheck['outcome'], accounts?: string[]): SubmissionCheck =>
  accounts === undefined ? { kind, outcome, detail: kind } : { kind, outcome, detail: kind, accounts }

describe('the verification review model', () => {
  it('shows the declarations a method is checked against', () => {
    assert.deepEqual(declaredFacts('id_document', declarations), [
      { label: 'Representative', value: 'Ada Lovelace' },
      { label: 'Document', value: 'passport, GB' },
      { label: 'Document number', value: 'L898902C3' },
    ])
    assert.deepEqual(
      declaredFacts('business_licence', declarations).map((r) => r.value),
      ['Analytical Engines Ltd', '01234567', 'GB'],
    )
    assert.deepEqual(
      declaredFacts('utility_bill', declarations).find((r) => r.label.startsWith('Address 1')),
      { label: 'Address 1 (business)', value: '10 Downing St, SW1A 2AA London, GB' },
    )
    assert.deepEqual(declaredFacts('id_document', {}), [])
  })

  it('labels what was typed, with an address on one line', () => {
    assert.deepEqual(
      submittedFacts({ documentNumber: 'L898902C3', address: { lines: ['1 High St'], city: 'Leeds', country: 'GB' } }),
      [
        { label: 'Document number', value: 'L898902C3' },
        { label: 'Address on the bill', value: '1 High St, Leeds, GB' },
      ],
    )
  })

  it('puts failed checks first, then those not run, and gathers the other accounts found', () => {
    const checks = [
      check('image_format', 'passed'),
      check('image_metadata', 'not_available'),
      check('document_elsewhere', 'failed', ['b2', 'a1']),
      check('image_elsewhere', 'failed', ['a1']),
    ]
    assert.deepEqual(
      orderedChecks(checks).map((c) => c.kind),
      ['document_elsewhere', 'image_elsewhere', 'image_metadata', 'image_format'],
    )
    assert.deepEqual(checkCounts(checks), { passed: 1, failed: 2, not_available: 1 })
    assert.deepEqual(otherAccounts(checks), ['a1', 'b2'])
  })

  it('shows the face scores the server computed, to three places', () => {
    const rows = faceRows({
      passed: false,
      idPhotoSimilarity: 0.41234,
      frameSimilarities: [0.5, null],
      lowestFramePairSimilarity: 0.9,
      real: null,
      live: 0.77,
      framesWithoutFace: [2],
      framesWithSeveralFaces: [],
    })
    assert.deepEqual(
      rows.map((r) => r.value),
      ['not matched', '0.412', '0.500, —', '0.900', '—', '0.770', '2'],
    )
  })

  it('numbers the frames of a video check', () => {
    const files: SubmissionFile[] = [
      { id: 1, role: 'photo', mime: 'image/jpeg', size: 1 },
      { id: 2, role: 'frame', mime: 'image/jpeg', size: 1 },
      { id: 3, role: 'frame', mime: 'image/jpeg', size: 1 },
    ]
    assert.deepEqual(
      files.map((f) => fileLabel(f, files)),
      ['ID photo', 'Frame 1', 'Frame 2'],
    )
  })

  it('offers the reasons of the outcome and method, and tells the seller the reason and the comment', () => {
    assert.ok(reasonsFor('failed', 'video').some((r) => r.id === 'face_mismatch'))
    assert.ok(!reasonsFor('failed', 'id_document').some((r) => r.id === 'face_mismatch'))
    assert.ok(reasonsFor('passed', 'id_document').every((r) => r.outcome === 'passed'))
    const [mismatch] = reasonsFor('failed', 'id_document').filter((r) => r.id === 'mismatch')
    assert.equal(reasonText(mismatch, '  The surname differs. '), `${mismatch?.text} The surname differs.`)
    assert.equal(reasonText(undefined, ' '), '')
  })

  it('refuses a pass with an item unticked, as the server does, and sends every item', () => {
    const items = ['original_document', 'number_matches_document']
    const [genuine] = reasonsFor('passed', 'id_document')
    const draft = {
      outcome: 'passed' as const,
      reason: genuine,
      comment: '',
      checklist: { original_document: true },
      items,
    }
    assert.match(draftProblem(draft) ?? '', /every item/)
    assert.equal(
      draftProblem({ ...draft, checklist: { original_document: true, number_matches_document: true } }),
      undefined,
    )
    assert.equal(draftProblem({ ...draft, outcome: 'failed' }), undefined)
    assert.match(draftProblem({ ...draft, outcome: null }) ?? '', /pass or fail/)
    assert.match(draftProblem({ ...draft, reason: undefined }) ?? '', /reason/)
    assert.deepEqual(fullChecklist(items, { original_document: true }), {
      original_document: true,
      number_matches_document: false,
    })
  })

  it('queues the submissions in review, oldest first', () => {
    const s = (id: number, state: Submission['state']) => ({ id, state }) as Submission
    assert.deepEqual(
      reviewOrder([s(3, 'in_review'), s(1, 'in_review'), s(2, 'passed')]).map((x) => x.id),
      [1, 3],
    )
  })

  it('binds p, f, the item numbers and Ctrl+Enter only when they can run', () => {
    const ctx: VerificationContext = { count: 2, open: true, busy: false, ready: false, items: 3 }
    const press = (key: string, extra: { ctrlKey?: boolean } = {}) =>
      matchShortcut(
        VERIFICATION_COMMANDS,
        { key, ctrlKey: extra.ctrlKey ?? false, metaKey: false, altKey: false, inField: false },
        undefined,
      )
    const can = (keys: string, c: VerificationContext) => VERIFICATION_COMMANDS.find((x) => x.keys === keys)?.canRun(c)
    assert.equal(press('p'), 'p')
    assert.equal(press('3'), '3')
    assert.equal(press('Enter', { ctrlKey: true }), 'Mod+Enter')
    assert.equal(can('4', ctx), false, 'three items only')
    assert.equal(can('Mod+Enter', ctx), false, 'not ready')
    assert.equal(can('Mod+Enter', { ...ctx, ready: true }), true)
    assert.equal(can('p', { ...ctx, busy: true }), false)
  })
})
