import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccount, key, keyBetween, randomFaces } from '../../../test/builders/linkage-accounts.ts'
import { linkAccounts } from './link-accounts.ts'
import { listingTitleKey } from './linkage-account-of.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { joinClusters, type LiveCandidate, LiveClusters } from './live-cluster.ts'
import { LiveLinkageIndex } from './live-linkage-index.ts'
import { CLOSE_IN_TIME_DAYS, initialWeights } from './weights.ts'

function face(seed: number, noise = 0): Float32Array {
  const v = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i * seed + 1) + noise * Math.cos(i * 7 + seed))
  const norm = Math.hypot(...v)
  return v.map((x) => x / norm)
}

/** A marketplace with what linking weighs: unrelated sellers, one operator's shops, tenants of one tower, a farm. */
function marketplace(): LinkageAccount[] {
  const out: LinkageAccount[] = []
  for (let i = 0; i < 400; i++)
    out.push(
      anAccount(`bg${i}`, [
        key('device', `dev-bg${i}`),
        key('iban', `IBAN${i}`),
        key('ip', `198.18.${i >> 8}.${i & 255}`),
      ]),
    )
  for (let i = 0; i < 6; i++)
    out.push(
      anAccount(
        `op${i}`,
        [
          key('iban', 'DE00OPERATOR'),
          key('device', i < 3 ? 'dev-op-a' : 'dev-op-b'),
          // The operator's catalogue, each shop's titles re-worded a little.
          key('listing_title', listingTitleKey(`silk pillowcase queen mulberry ${i % 3 === 0 ? 'ivory' : 'pearl'}`)),
          key('listing_title', listingTitleKey(`garden hose expandable ${i < 2 ? 'green' : 'blue'} 50 ft`)),
        ],
        {
          listingImages: ['a1b2c3d4e5f60718', `00000000000000${(i + 16).toString(16)}`],
        },
      ),
    )
  for (let i = 0; i < 40; i++)
    out.push(
      anAccount(`t${i}`, [
        key('address_building', 'US|10001|5thave|350'),
        key('address', `US|10001|5thave|350|r=${100 + i}`),
        // Tenants come and go: some used the tower's network in the same months, some years apart.
        keyBetween('ip', '203.0.113.7', 19000 + 40 * i, 19010 + 40 * i),
      ]),
    )
  // A farm: one face and one document image (a few bits apart) under several names.
  for (let i = 0; i < 5; i++)
    out.push(
      anAccount(`farm${i}`, [key('person_name', `name ${i}`)], {
        faces: [face(3, i * 0.01)],
        documentImages: [i % 2 === 0 ? '0123456789abcdef' : '0123456789abcdee'],
      }),
    )
  // One device that thirty strangers' shops share (a library computer): a large key, hubs and neighbours.
  for (let i = 0; i < 30; i++)
    out.push(anAccount(`lib${i}`, [keyBetween('device', 'dev-library', 19000 + 20 * i, 19000 + 20 * i)]))
  return out
}

describe('LiveLinkageIndex', () => {
  it('weighs every pair a bulk run weighs exactly as the bulk run does', () => {
    const accounts = marketplace()
    const bulk = linkAccounts(accounts)
    const live = new LiveLinkageIndex()
    for (const a of accounts) live.upsert(a)
    const bulkPairs = new Map(bulk.pairs.map((p) => [`${bulk.index.ids[p.a]}|${bulk.index.ids[p.b]}`, p.score]))
    let compared = 0
    let apart = 0
    let nearTitles = 0
    for (const id of ['op0', 'op5', 't3', 'farm0', 'farm4', 'lib0', 'lib17', 'bg7']) {
      const livePairs = new Map(
        live.pairsOf(live.lookupAccount(id), bulk.weights).map((p) => [`${live.ids[p.a]}|${live.ids[p.b]}`, p]),
      )
      for (const [pair, score] of bulkPairs) {
        if (!pair.split('|').includes(id)) continue
        const got = livePairs.get(pair)
        assert.ok(got, `the live index finds the pair ${pair}`)
        assert.equal(got.score, score, pair)
        const [a, b] = pair.split('|') as [string, string]
        assert.deepEqual(got.evidence, bulk.explain(bulk.index.lookupAccount(a), bulk.index.lookupAccount(b)).evidence)
        compared++
        if (got.evidence.some((e) => (e.daysApart ?? 0) > CLOSE_IN_TIME_DAYS)) apart++
        if (got.evidence.some((e) => e.kind === 'listing_title' && e.value.includes(' ~ '))) nearTitles++
      }
    }
    // Operators (15 pairs among 6 shops, seen from two of them), the farm, the library's neighbours and hubs.
    assert.ok(compared >= 20, `compared ${compared} pairs`)
    // Some of them share a value used far apart in time (the library's device), weighed by the run's time levels.
    assert.ok(apart > 0, 'pairs far apart in time were compared')
    assert.ok(bulk.weights.time?.device, 'the run learned time levels for devices')
    assert.ok(nearTitles > 0, 'pairs with near-duplicate titles were compared')
  })

  it('links an account added after the others to the shops it shares a bank account with', () => {
    const accounts = marketplace()
    const w = linkAccounts(accounts).weights
    const live = new LiveLinkageIndex()
    for (const a of accounts) live.upsert(a)
    const n = live.upsert(anAccount('newcomer', [key('iban', 'DE00OPERATOR'), key('device', 'dev-op-a')]))
    const linked = live.pairsOf(n, w).filter((p) => p.score >= w.linkThreshold)
    assert.deepEqual(linked.map((p) => live.ids[p.a === n ? p.b : p.a]).sort(), [
      'op0',
      'op1',
      'op2',
      'op3',
      'op4',
      'op5',
    ])
    // A tenant of the tower joins no one: the building and its network are shared by design of the place.
    const t = live.upsert(
      anAccount('new-tenant', [key('address_building', 'US|10001|5thave|350'), key('ip', '203.0.113.7')]),
    )
    assert.deepEqual(
      live.pairsOf(t, w).filter((p) => p.score >= w.linkThreshold),
      [],
    )
  })

  it('compares no two faces that share a band by chance, and still the two that are one face', () => {
    const live = new LiveLinkageIndex()
    const [face, ...faces] = randomFaces(3001, 12345) as [Float32Array, ...Float32Array[]]
    for (const [i, f] of faces.entries()) live.upsert(anAccount(`s${i}`, [], { faces: [f] }))
    const a = live.upsert(anAccount('farm1', [], { faces: [face] }))
    const b = live.upsert(anAccount('farm2', [], { faces: [face.map((v, i) => v + (i % 5 === 0 ? 0.01 : -0.004))] }))
    const weights = {
      ...initialWeights(live.size, 1),
      face: { minCosine: 0.7, strangersMedian: 0, strangersSpread: 0.09, pairs: 1 },
    }
    let byChance = 0
    let compared = 0
    for (let n = 0; n < live.size; n++) {
      byChance += live.candidatesOf(n).length
      compared += live.candidatesOf(n, weights).length
    }
    assert.ok(byChance > 2, `${byChance} candidates through bands alone`)
    assert.equal(compared, 2)
    assert.deepEqual(live.candidatesOf(a, weights), [b])
  })

  it('compares shops that share a photo of their own, not every shop that shows a stock photo', () => {
    const live = new LiveLinkageIndex()
    const stock = '0123456789abcdef'
    for (let i = 0; i < 6; i++) live.upsert(anAccount(`r${i}`, [], { listingImages: [stock] }))
    live.upsert(anAccount('own-a', [], { listingImages: ['fedcba9876543210'] }))
    const b = live.upsert(anAccount('own-b', [], { listingImages: ['fedcba9876543211', stock] }))
    assert.deepEqual(live.candidatesOf(live.lookupAccount('r0')), [])
    assert.deepEqual(
      live.candidatesOf(b).map((n) => live.ids[n]),
      ['own-a'],
    )
  })

  it('keeps the title bands of an account whose titles did not change, and takes new ones when they did', () => {
    const live = new LiveLinkageIndex()
    const title = (text: string) => key('listing_title', listingTitleKey(text))
    live.upsert(anAccount('a', [title('silk pillowcase queen mulberry ivory')]))
    const b = live.upsert(anAccount('b', [title('silk pillowcase queen mulberry pearl')]))
    assert.deepEqual(live.candidatesOf(b), [0])
    // A session later (a new device): the same titles, the same candidates.
    live.upsert(anAccount('b', [title('silk pillowcase queen mulberry pearl'), key('device', 'dev-b')]))
    assert.deepEqual(live.candidatesOf(b), [0])
    // The listing re-titled as another product: its bands go with the old title.
    live.upsert(anAccount('b', [title('garden hose expandable blue 50 ft'), key('device', 'dev-b')]))
    assert.deepEqual(live.candidatesOf(b), [])
  })

  it('forgets the values an account no longer holds when it is added again', () => {
    const live = new LiveLinkageIndex()
    live.upsert(anAccount('a', [key('iban', 'SHARED')]))
    const b = live.upsert(anAccount('b', [key('iban', 'SHARED')]))
    assert.deepEqual(live.candidatesOf(b), [0])
    assert.equal(live.upsert(anAccount('b', [key('iban', 'OWN')])), b)
    assert.deepEqual(live.candidatesOf(b), [])
    assert.deepEqual(live.candidatesOf(0), [])
    assert.equal(live.size, 2)
    // The freed holder entry is reused, and the account links again when it takes the value back.
    live.upsert(anAccount('b', [key('iban', 'SHARED')]))
    assert.deepEqual(live.candidatesOf(b), [0])
  })
})

describe('joinClusters', () => {
  const w = initialWeights(100_000)
  const at = (other: string, score: number, cluster: string, clusterSize: number): LiveCandidate => ({
    other,
    score,
    cluster,
    clusterSize,
  })
  const weak = (w.linkThreshold + w.strongThreshold) / 2

  it('joins a new account to a group on one weak link, and to another group only on a strong one', () => {
    const j = joinClusters('new', 1, [at('y1', weak - 0.1, 'Y', 4), at('x1', weak, 'X', 5)], w)
    assert.deepEqual(j.clusters, ['new', 'X'])
    assert.deepEqual(
      j.refused.map((c) => c.other),
      ['y1'],
    )
    const k = joinClusters('new', 1, [at('x1', weak, 'X', 5), at('z1', w.strongThreshold, 'Z', 3)], w)
    assert.deepEqual(k.clusters, ['new', 'Z'])
    assert.deepEqual(
      k.refused.map((c) => c.other),
      ['x1'],
    )
  })

  it('joins two groups on two weak links, and ignores links below the threshold', () => {
    const j = joinClusters(
      'G',
      3,
      [at('x1', weak, 'X', 5), at('x2', weak - 0.1, 'X', 5), at('y1', w.linkThreshold - 0.01, 'Y', 2)],
      w,
    )
    assert.deepEqual(j.clusters, ['G', 'X'])
    assert.deepEqual(
      j.links.map((c) => c.other),
      ['x1', 'x2'],
    )
    assert.deepEqual(j.refused, [])
  })
})

describe('LiveClusters', () => {
  it('merges clusters with their members and keeps the name it is given', () => {
    const c = new LiveClusters()
    for (const [n, name] of ['A', 'A', 'B', 'x'].entries()) c.ensure(n, name)
    c.union(1, 0)
    assert.deepEqual(c.members(0).sort(), [0, 1])
    c.union(3, 2, 'B')
    c.union(3, 0, 'B')
    assert.deepEqual(c.members(2).sort(), [0, 1, 2, 3])
    assert.equal(c.sizeOf(1), 4)
    assert.equal(c.nameOf(0), 'B')
    c.ensure(5, 'y')
    assert.deepEqual(c.members(4), [4])
    assert.equal(c.nameOf(5), 'y')
  })
})
