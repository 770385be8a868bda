import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TimelineEntry } from '../../api/types.ts'
import { actorName, dayOf, TIMELINE_GROUPS, timelineLines, toTimelineLine } from './timeline-model.ts'

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  at: '2026-12-03T09:00:00Z',
  source: 'audit',
  kind: 'decision.record',
  actor: 'reviewer:ana',
  detail: {},
  ...over,
})

describe('the account timeline in words', () => {
  it('says what a decision did and who made it; a live suspension reads as bad, a shadow one as nothing done', () => {
    const live = toTimelineLine(
      entry({
        detail: {
          decision: 7,
          action: 'suspend',
          reason: 'linked_to_deactivated',
          policy: 'p@2',
          rule: 'r',
          mode: 'live',
        },
      }),
    )
    assert.equal(live.title, 'Decision: suspend')
    assert.equal(live.text, 'Decision 7: suspend (linked to deactivated), policy p@2, rule r.')
    assert.deepEqual([live.by, live.tone, live.group], ['ana (reviewer)', 'bad', 'decisions'])
    const shadow = toTimelineLine(entry({ detail: { decision: 8, action: 'suspend', reason: 'x', mode: 'shadow' } }))
    assert.equal(shadow.tone, 'neutral')
    assert.match(shadow.text, /shadow mode: nothing done/)
  })

  it('shows a requirement change with the states it moved between, and a lift as good', () => {
    const expired = toTimelineLine(
      entry({
        kind: 'requirement.expire',
        actor: 'scheduler',
        detail: {
          requirement: 3,
          methods: ['video'],
          from: 'requested',
          to: 'expired',
          deadline: Date.UTC(2026, 11, 1),
        },
      }),
    )
    assert.equal(expired.title, 'Requirement expired')
    assert.equal(expired.text, 'Requirement 3 for video (requested → expired), deadline 2026-12-01 00:00 UTC.')
    assert.deepEqual([expired.by, expired.tone], ['scheduler', 'bad'])
    const lifted = toTimelineLine(
      entry({
        kind: 'restriction.lift',
        detail: { restriction: 4, kind: 'hold_payouts', reason: 'appeal_overturned' },
      }),
    )
    assert.deepEqual([lifted.title, lifted.tone], ['Lifted: hold payouts', 'good'])
  })

  it('words records, appeals, submissions and notices', () => {
    const status = toTimelineLine(
      entry({ source: 'record', kind: 'status', actor: null, detail: { status: 'suspended' } }),
    )
    assert.deepEqual([status.title, status.by, status.tone], ['Status: suspended', 'the marketplace', 'bad'])
    const update = toTimelineLine(
      entry({
        source: 'record',
        kind: 'update',
        actor: null,
        detail: { fields: ['bank'], added: ['iban:X'], removed: [] },
      }),
    )
    assert.equal(update.text, 'Changed: bank. Identifiers: 1 added, 0 removed.')
    const appeal = toTimelineLine(
      entry({ kind: 'appeal.file', actor: 'seller:s1', detail: { appeal: 2, decision: 7, files: 2 } }),
    )
    assert.deepEqual([appeal.text, appeal.by], ['Appeal 2 against decision 7, with 2 files.', 'the seller'])
    const failed = toTimelineLine(
      entry({
        kind: 'submission.fail',
        detail: { submission: 5, method: 'id_document', reason: 'Blurred.', final: true },
      }),
    )
    assert.equal(failed.text, 'Submission 5 (id document): Blurred. Refused for good.')
    const notice = toTimelineLine(
      entry({
        source: 'notice',
        kind: 'appeal_received',
        actor: null,
        detail: { subject: 'We received it', sentAt: null },
      }),
    )
    assert.deepEqual(
      [notice.title, notice.text, notice.group],
      ['Notice: appeal received', 'We received it (not sent yet)', 'notices'],
    )
  })

  it('keeps an unknown action readable, and filters by group', () => {
    const odd = toTimelineLine(entry({ kind: 'sweep.start', detail: { sweep: 's1', seq: 4 } }))
    assert.equal(odd.text, 'sweep: s1')
    const entries = [
      entry({ source: 'record', kind: 'account', actor: null }),
      entry({ kind: 'case.open', detail: {} }),
    ]
    assert.deepEqual(
      timelineLines(entries, new Set(['records'])).map((l) => l.title),
      ['Registered'],
    )
    assert.equal(timelineLines(entries, new Set(TIMELINE_GROUPS.map((g) => g.group))).length, 2)
    assert.equal(dayOf('2026-12-03T09:00:00Z'), '2026-12-03')
    assert.equal(actorName('apikey:k1'), 'API key k1')
  })
})
