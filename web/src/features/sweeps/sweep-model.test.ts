import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ImpactReport, Job } from '../../api/types.ts'
import { actionBars, applySummary, clusterSizeBars, evidenceBars, progressOf, ruleBars } from './sweep-model.ts'

const REPORT = {
  evaluated: 1000,
  hit: 40,
  byAction: { approve: 0, review: 10, require_verification: 28, hold_payouts: 0, suspend: 2, deactivate: 0 },
  byRule: [
    {
      rule: 'linked-to-deactivated',
      action: 'require_verification',
      reason: 'x',
      matched: 30,
      kept: 28,
      exempted: 1,
      capped: 1,
    },
    { rule: 'cluster-failed', action: 'review', reason: 'y', matched: 4, kept: 10, exempted: 0, capped: 0 },
  ],
  byClusterSize: [
    { bucket: '1', hit: 5 },
    { bucket: '2-5', hit: 35 },
  ],
  weakEvidenceOnly: 6,
  losingPrivileges: { immediately: 2, onMissedDeadline: 25 },
  exempted: 1,
  capped: 1,
  sample: [],
  errorCount: 0,
} as unknown as ImpactReport

const job = (over: Partial<Job>) => ({ state: 'running', attempts: 1, progress: null, error: null, ...over }) as Job

describe('the impact report', () => {
  it('charts hits by rule (after the guards), action, cluster size and evidence strength', () => {
    assert.deepEqual(
      ruleBars(REPORT).map((b) => [b.label, b.value]),
      [
        ['linked-to-deactivated (require verification)', 28],
        ['cluster-failed (review)', 10],
      ],
    )
    assert.deepEqual(
      actionBars(REPORT).map((b) => [b.label, b.value]),
      [
        ['review', 10],
        ['require verification', 28],
        ['suspend', 2],
      ],
    )
    assert.deepEqual(
      clusterSizeBars(REPORT).map((b) => [b.label, b.value]),
      [
        ['alone', 5],
        ['2-5 accounts', 35],
      ],
    )
    assert.deepEqual(
      evidenceBars(REPORT).map((b) => b.value),
      [34, 6],
    )
  })

  it('says what an apply will do, for the confirmation', () => {
    assert.deepEqual(applySummary(REPORT), [
      '10 × review',
      '28 × require verification',
      '2 × suspend',
      '2 active accounts lose selling privileges at once',
      '25 active accounts lose them if they miss their deadline',
    ])
  })

  it('turns a job into a progress bar: indeterminate until a total is known', () => {
    assert.deepEqual(progressOf(job({ state: 'queued', attempts: 0 })), {
      value: undefined,
      max: 1,
      text: 'waiting for a server to start it',
    })
    assert.deepEqual(progressOf(job({ progress: { phase: 'evaluating', done: 250, total: 1000 } })), {
      value: 250,
      max: 1000,
      text: 'evaluating: 250 of 1,000',
    })
    assert.equal(progressOf(job({ progress: { phase: 'reading', done: 3, total: null } })).value, undefined)
    assert.deepEqual(progressOf(job({ state: 'done' })), { value: 1, max: 1, text: 'done' })
    assert.equal(progressOf(job({ state: 'failed', error: 'gone' })).text, 'failed: gone')
  })
})
