import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountSummary } from '../../../test/builders/summaries.ts'
import { type Instant, MS_PER_DAY, toInstant } from '../time.ts'
import type { AccountSummary } from './account-summary.ts'
import { computeFeatures } from './compute-features.ts'
import { NO_LINKAGE } from './linkage-summary.ts'
import { SummaryColumnsBuilder, summaryAt, toSummaryColumns } from './summary-columns.ts'

const NOW = toInstant(Date.UTC(2026, 0, 31))
const daysAgo = (d: number): Instant => toInstant(NOW - d * MS_PER_DAY)

function aSummary(over: Partial<AccountSummary> & { id: string }): AccountSummary {
  return anAccountSummary({
    registeredAt: daysAgo(30),
    firstEventAt: daysAgo(31),
    lastEventAt: daysAgo(1),
    sessions: 3,
    listings: 2,
    updates: 1,
    ...over,
  })
}

/** One account of every kind a store holds: registered or not, each status and outcome, with and without problems. */
const EVERY_KIND: readonly AccountSummary[] = [
  aSummary({ id: 'plain' }),
  aSummary({
    id: 'unregistered',
    registered: false,
    marketplace: null,
    kind: null,
    channelType: null,
    registeredAt: null,
    sessions: 0,
    listings: 0,
    updates: 0,
  }),
  aSummary({ id: 'partner', channelType: 'partner', channelRef: 'p-9', marketplace: 'DE', kind: 'business' }),
  aSummary({ id: 'invited', channelType: 'invite', channelRef: 'https://example.test/i/1', status: 'suspended' }),
  aSummary({
    id: 'verified',
    status: 'deactivated',
    statuses: 2,
    verificationRecords: 6,
    verifications: {
      id_document: { outcome: 'passed', at: daysAgo(9), passedAt: daysAgo(9) },
      business_licence: { outcome: 'failed', at: daysAgo(8), passedAt: null },
      utility_bill: { outcome: 'pending', at: daysAgo(7), passedAt: daysAgo(20) },
      postcard: { outcome: 'failed', at: daysAgo(6), passedAt: daysAgo(25) },
      video: { outcome: 'pending', at: daysAgo(5), passedAt: null },
    },
  }),
  aSummary({
    id: 'problems',
    problems: ['national_id:bad_check_digit', 'phone:fictitious_range'],
    invalidKinds: ['national_id', 'phone'],
  }),
  aSummary({ id: 'problem-only', problems: ['address:unverifiable'] }),
  aSummary({ id: 'invalid-only', invalidKinds: ['iban'] }),
  aSummary({ id: 'same-problems', problems: ['address:unverifiable'], sessions: 1_000_000 }),
]

describe('summary columns', () => {
  it('give back every kind of summary exactly as it was added', () => {
    const columns = toSummaryColumns(EVERY_KIND)
    assert.equal(columns.size, EVERY_KIND.length)
    assert.deepEqual(
      EVERY_KIND.map((_, i) => summaryAt(columns, i)),
      EVERY_KIND,
    )
  })

  it('keep each repeating text and set of problems once', () => {
    const columns = toSummaryColumns(EVERY_KIND)
    assert.equal(new Set(columns.texts).size, columns.texts.length)
    assert.ok(columns.texts.includes('US') && columns.texts.includes('p-9'))
    assert.equal(columns.problemSets.length, 4, 'none, two codes, one code, one invalid kind: the repeat shares one')
    assert.equal(columns.problemSet[6], columns.problemSet[8])
  })

  it('grow past the size they were built for, and hold nothing beyond what was added', () => {
    const builder = new SummaryColumnsBuilder(1)
    const many = Array.from({ length: 2_500 }, (_, i) => EVERY_KIND[i % EVERY_KIND.length] as AccountSummary)
    for (const [i, s] of many.entries()) builder.add({ ...s, id: `a${i}` })
    const columns = builder.finish()
    assert.equal(columns.size, 2_500)
    assert.equal(columns.sessions.length, 2_500)
    assert.equal(columns.verificationStart.length, 2_501)
    assert.deepEqual(summaryAt(columns, 2_495), { ...many[2_495], id: 'a2495' })
    assert.throws(() => summaryAt(columns, 2_500), RangeError)
    assert.throws(() => builder.add(EVERY_KIND[0] as AccountSummary), /finished/)
  })

  it('copy what they are given: a summary object may be filled again for the next account', () => {
    const builder = new SummaryColumnsBuilder()
    const reused = { ...(EVERY_KIND[4] as AccountSummary) }
    builder.add(reused)
    Object.assign(reused, EVERY_KIND[1])
    builder.add(reused)
    const columns = builder.finish()
    assert.deepEqual([summaryAt(columns, 0), summaryAt(columns, 1)], [EVERY_KIND[4], EVERY_KIND[1]])
  })

  it('make features from their columns: verification lists in method order, the latest pass', () => {
    const table = computeFeatures({
      summaries: toSummaryColumns(EVERY_KIND),
      clusters: NO_LINKAGE.clusters,
      links: NO_LINKAGE.links,
      history: new Map(),
      now: NOW,
    })
    const verified = table.features(4).account
    assert.deepEqual(
      [verified.status, verified.verified, verified.failed_verifications, verified.pending_verifications],
      ['deactivated', ['id_document'], ['business_licence', 'postcard'], ['utility_bill', 'video']],
    )
    assert.equal(verified.days_since_verified, 9, 'the latest pass of any method, failed since or not')
    const unregistered = table.features(1)
    assert.deepEqual(
      [unregistered.account.marketplace, unregistered.account.age_days, unregistered.cluster.marketplaces],
      ['', 31, 0],
    )
    assert.deepEqual(table.features(5).account.invalid_identifiers, ['national_id', 'phone'])
  })
})
