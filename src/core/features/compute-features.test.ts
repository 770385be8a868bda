import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccountSummary } from '../../../test/builders/summaries.ts'
import type { VerificationSummaries } from '../accounts/index.ts'
import { type Instant, MS_PER_DAY, toInstant } from '../time.ts'
import type { AccountSummary } from './account-summary.ts'
import { ACCOUNTS_PER_STEP, computeFeatures, computeFeaturesInSteps, type FeatureInputs } from './compute-features.ts'
import { FEATURE_CATALOGUE, type Features } from './feature-catalogue.ts'
import { LinkageSummaryBuilder, NO_LINKAGE } from './linkage-summary.ts'

const NOW = toInstant(Date.UTC(2026, 0, 31))
const daysAgo = (d: number): Instant => toInstant(NOW - d * MS_PER_DAY)

function aSummary(over: Partial<AccountSummary> & { id: string }): AccountSummary {
  return anAccountSummary({ registeredAt: daysAgo(30), firstEventAt: daysAgo(30), lastEventAt: daysAgo(1), ...over })
}

/** a, b, c in one cluster (a–b on a shared bank account, b–c on listing photos only); d alone; e unregistered. */
function aMarketplace(): FeatureInputs {
  const failedVideo: VerificationSummaries = { video: { outcome: 'failed', at: daysAgo(3), passedAt: null } }
  const summaries = [
    aSummary({
      id: 'a',
      channelType: 'partner',
      channelRef: 'p-1',
      registeredAt: daysAgo(10),
      firstEventAt: daysAgo(12),
      lastEventAt: daysAgo(0.5),
      sessions: 7,
      listings: 3,
      updates: 2,
      statuses: 1,
      verificationRecords: 4,
      verifications: {
        id_document: { outcome: 'passed', at: daysAgo(8), passedAt: daysAgo(8) },
        video: { outcome: 'failed', at: daysAgo(2), passedAt: daysAgo(6) },
        postcard: { outcome: 'pending', at: daysAgo(1), passedAt: null },
      },
      problems: ['national_id:bad_check_digit', 'phone:fictitious_range'],
      invalidKinds: ['national_id', 'phone'],
    }),
    aSummary({ id: 'b', status: 'deactivated', marketplace: 'DE', verifications: failedVideo }),
    aSummary({ id: 'c', status: 'suspended', marketplace: 'DE' }),
    aSummary({ id: 'd', status: 'suspended', verifications: failedVideo }),
    aSummary({
      id: 'e',
      registered: false,
      marketplace: null,
      kind: null,
      channelType: null,
      registeredAt: null,
      firstEventAt: daysAgo(4),
      lastEventAt: daysAgo(2),
    }),
  ]
  const run = new LinkageSummaryBuilder()
  run.addAccount('a', 'a', daysAgo(5))
  run.addAccount('b', 'a', null)
  run.addAccount('c', 'a', daysAgo(20))
  run.addAccount('d', 'd', null)
  run.addLink('a', 'b', 31.5, ['iban', 'address'])
  run.addLink('b', 'c', 12.25, ['listing_image', 'listing_title', 'ip_prefix'])
  const { clusters, links } = run.finish()
  return {
    summaries,
    clusters,
    links,
    history: new Map([['a', { decisions: 2, openRequirements: 1 }]]),
    now: NOW,
  }
}

const featuresOf = (inputs: FeatureInputs, id: string): Features => {
  const table = computeFeatures(inputs)
  return table.features(table.indexOf(id) as number)
}

describe('computeFeatures', () => {
  it('gives the account features of the catalogue from the account summary and the linkage run', () => {
    assert.deepEqual(featuresOf(aMarketplace(), 'a').account, {
      id: 'a',
      marketplace: 'US',
      kind: 'individual',
      channel_type: 'partner',
      channel_ref: 'p-1',
      status: 'active',
      registered: true,
      age_days: 10,
      sessions: 7,
      listings: 3,
      updates: 2,
      verified: ['id_document'],
      failed_verifications: ['video'],
      pending_verifications: ['postcard'],
      // The video passed 6 days ago before failing 2 days ago: the latest pass of any method counts.
      days_since_verified: 6,
      problems: ['national_id:bad_check_digit', 'phone:fictitious_range'],
      invalid_identifiers: ['national_id', 'phone'],
      change_of_control: true,
      days_since_control_change: 5,
    })
  })

  it('counts the other members of the cluster, and the links of the account itself', () => {
    const inputs = aMarketplace()
    assert.deepEqual(featuresOf(inputs, 'a').cluster, {
      size: 3,
      deactivated: 1,
      suspended: 1,
      failed_verifications: 1,
      strongest_link: 31.5,
      strong_evidence: true,
      listing_duplicate_share: 0,
      control_changes: 2,
      marketplaces: 2,
    })
    // b is deactivated itself: only the others count; half of its partners share listings with it.
    assert.deepEqual(featuresOf(inputs, 'b').cluster, {
      size: 3,
      deactivated: 0,
      suspended: 1,
      // a's latest video check failed; b's own failure does not count.
      failed_verifications: 1,
      strongest_link: 31.5,
      strong_evidence: true,
      listing_duplicate_share: 0.5,
      control_changes: 2,
      marketplaces: 2,
    })
    // c is linked on content and circumstance only.
    const c = featuresOf(inputs, 'c').cluster
    assert.deepEqual(
      [c.strongest_link, c.strong_evidence, c.listing_duplicate_share, c.suspended],
      [12.25, false, 1, 0],
    )
  })

  it('treats an account without links as a cluster of its own, and an unregistered one with empty texts', () => {
    const inputs = aMarketplace()
    assert.deepEqual(featuresOf(inputs, 'd').cluster, {
      size: 1,
      deactivated: 0,
      suspended: 0,
      failed_verifications: 0,
      strongest_link: 0,
      strong_evidence: false,
      listing_duplicate_share: 0,
      control_changes: 0,
      marketplaces: 1,
    })
    const e = featuresOf(inputs, 'e')
    assert.deepEqual(
      [e.account.registered, e.account.marketplace, e.account.kind, e.account.channel_type, e.account.channel_ref],
      [false, '', '', '', ''],
    )
    // Age from the first record when not registered; -1 where the catalogue says so.
    assert.equal(e.account.age_days, 4)
    assert.deepEqual(
      [e.account.days_since_verified, e.account.change_of_control, e.account.days_since_control_change],
      [-1, false, -1],
    )
    assert.equal(e.cluster.marketplaces, 0)
  })

  it('gives the history features from the decision counts and the account summary', () => {
    const inputs = aMarketplace()
    assert.deepEqual(featuresOf(inputs, 'a').history, {
      decisions: 2,
      open_requirements: 1,
      status_changes: 1,
      days_since_last_event: 0.5,
    })
    assert.deepEqual(featuresOf(inputs, 'c').history, {
      decisions: 0,
      open_requirements: 0,
      status_changes: 0,
      days_since_last_event: 1,
    })
  })

  it('fills every feature of the catalogue, with the type it declares', () => {
    const f = featuresOf(aMarketplace(), 'a') as unknown as Record<string, Record<string, unknown>>
    const typeOf = (v: unknown) =>
      Array.isArray(v)
        ? 'list(string)'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v === 'string'
            ? 'string'
            : Number.isInteger(v)
              ? 'int'
              : 'double'
    for (const spec of FEATURE_CATALOGUE) {
      const [group, name] = spec.name.split('.') as [string, string]
      const value = f[group]?.[name]
      assert.notEqual(value, undefined, spec.name)
      // An int-typed value is also a whole double; a double may happen to be whole.
      if (spec.type !== 'double') assert.equal(typeOf(value), spec.type, spec.name)
      else assert.equal(typeof value, 'number', spec.name)
    }
    const names = Object.entries(f).flatMap(([g, fields]) => Object.keys(fields).map((k) => `${g}.${k}`))
    assert.deepEqual(names.sort(), FEATURE_CATALOGUE.map((s) => s.name).sort())
  })

  it('answers members and links for cluster-scoped actions and decision evidence', () => {
    const table = computeFeatures(aMarketplace())
    assert.deepEqual(table.membersOf('b'), ['a', 'b', 'c'])
    assert.deepEqual(table.membersOf('d'), ['d'])
    assert.deepEqual(table.membersOf('e'), ['e'])
    assert.deepEqual(table.membersOf('nobody'), [])
    assert.deepEqual(table.linksOf('b'), [
      { other: 'a', score: 31.5, shared: ['iban', 'address'], strong: true, listingContent: false },
      {
        other: 'c',
        score: 12.25,
        shared: ['ip_prefix', 'listing_image', 'listing_title'],
        strong: false,
        listingContent: true,
      },
    ])
    assert.deepEqual(table.linksOf('e'), [])
    assert.deepEqual(
      [table.size, table.accountAt(3), table.indexOf('c'), table.indexOf('nobody')],
      [5, 'd', 2, undefined],
    )
  })

  it('evaluates one account in real time from its summary and its cluster members alone', () => {
    const all = aMarketplace()
    const one = computeFeatures({ ...all, summaries: all.summaries.filter((s) => ['a', 'b', 'c'].includes(s.id)) })
    const index = one.indexOf('b') as number
    assert.deepEqual(one.features(index), featuresOf(all, 'b'))
  })

  it('builds the same table in steps, yielding every so many accounts', () => {
    // Many accounts in pairs (a cluster each, linked), around the five of the marketplace above.
    const small = aMarketplace()
    const n = 2 * ACCOUNTS_PER_STEP + 123
    const run = new LinkageSummaryBuilder()
    const summaries = [...small.summaries]
    for (let k = 0; k < n; k++) {
      summaries.push(aSummary({ id: `s${k}`, status: k % 7 === 0 ? 'deactivated' : 'active' }))
      run.addAccount(`s${k}`, `s${k - (k % 2)}`, null)
      if (k % 2 === 1) run.addLink(`s${k - 1}`, `s${k}`, 20 + (k % 5), ['phone'])
    }
    for (const id of ['a', 'b', 'c']) run.addAccount(id, 'a', null)
    run.addLink('a', 'b', 31.5, ['iban', 'address'])
    const inputs = { ...small, summaries, ...run.finish() }
    const steps = computeFeaturesInSteps(inputs)
    let yields = 0
    let step = steps.next()
    for (; !step.done; step = steps.next()) yields++
    // The index of ids, the run's accounts and the clusters: each yields every ACCOUNTS_PER_STEP at least.
    assert.ok(yields >= 2 * Math.floor(n / ACCOUNTS_PER_STEP), `${yields} steps`)
    const whole = computeFeatures(inputs)
    for (const i of [0, 1, 2, 5, 6, 7, 8, n, n + 4]) assert.deepEqual(step.value.features(i), whole.features(i), `${i}`)
    assert.deepEqual(step.value.membersOf('s7'), ['s6', 's7'])
    assert.equal(step.value.features(whole.indexOf('s15')!).cluster.deactivated, 1, 's14 is deactivated')
  })

  it('works before any linkage run: every account alone', () => {
    const table = computeFeatures({ ...aMarketplace(), ...NO_LINKAGE })
    const a = table.features(0)
    assert.deepEqual([a.cluster.size, a.account.change_of_control, a.cluster.strongest_link], [1, false, 0])
  })
})
