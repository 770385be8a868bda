import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccount, key, randomFaces, randomImageHashes } from '../../../test/builders/linkage-accounts.ts'
import { detectControlChange } from './control-change.ts'
import { evidencePath } from './evidence-path.ts'
import { evenSample, linkAccounts } from './link-accounts.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { typoStreets, withinOneEdit } from './pair-evidence.ts'

/** A base of unrelated sellers, so that value frequencies and thresholds are those of a real marketplace. */
function background(n: number): LinkageAccount[] {
  return Array.from({ length: n }, (_, i) =>
    anAccount(`bg${i}`, [
      key('device', `dev-bg${i}`),
      key('ip', `198.18.${i >> 8}.${i & 255}`),
      key('iban', `IBAN${i}`),
    ]),
  )
}

function clusterOf(r: ReturnType<typeof linkAccounts>, id: string): number {
  return r.clustering.labels[r.index.lookupAccount(id)]!
}

/**
 * Links strangers (each with its own near-match values, some sharing a band by chance) and two shops under different
 * names whose values are one: only the two shops are compared, and they are linked.
 */
function onlyTheOnePairCompared(
  strangers: Partial<LinkageAccount>[],
  one: Partial<LinkageAccount>,
  twice: Partial<LinkageAccount>,
): void {
  const r = linkAccounts([
    ...strangers.map((over, i) => anAccount(`s${i}`, [], over)),
    anAccount('farm1', [key('person_name', 'li wei')], one),
    anAccount('farm2', [key('person_name', 'zhang min')], twice),
  ])
  assert.equal(r.candidatePairs, 1, 'the one pair is the only pair compared')
  assert.equal(clusterOf(r, 'farm1'), clusterOf(r, 'farm2'))
}

describe('linkAccounts', () => {
  it('links accounts that share a bank account and a device', () => {
    const r = linkAccounts([
      ...background(2000),
      anAccount('op1', [key('iban', 'DE00OPERATOR'), key('device', 'dev-op')]),
      anAccount('op2', [key('iban', 'DE00OPERATOR'), key('device', 'dev-op')]),
    ])
    assert.equal(clusterOf(r, 'op1'), clusterOf(r, 'op2'))
  })

  it('does not link tenants who share only an office-tower building and its network', () => {
    const tenants = Array.from({ length: 40 }, (_, i) =>
      anAccount(`t${i}`, [
        key('address_building', 'US|10001|5thave|350'),
        key('address', `US|10001|5thave|350|r=${100 + i}`),
        key('ip', '203.0.113.9'),
        key('ip_prefix', '203.0.113.0/24'),
      ]),
    )
    const r = linkAccounts([...background(2000), ...tenants])
    const clusters = new Set(tenants.map((t) => clusterOf(r, t.id)))
    assert.equal(clusters.size, tenants.length)
  })

  it('does not link relatives at one home who share the address, the home network and a surname', () => {
    const family = ['a', 'b', 'c'].map((m) =>
      anAccount(`fam-${m}`, [
        key('address', 'DE|10115|hauptstr|5'),
        key('ip', '93.184.216.34'),
        key('person_name', `muller ${m}`),
      ]),
    )
    const r = linkAccounts([...background(2000), ...family])
    assert.equal(new Set(family.map((f) => clusterOf(r, f.id))).size, 3)
  })

  it('gives no weight to a registered agent address or a carrier-NAT address, however rare', () => {
    const llcs = ['x', 'y'].map((m) =>
      anAccount(`llc-${m}`, [
        key('address', 'US|19808|littlefallsdr|251', ['registered_agent', 'shared_by_design']),
        key('ip', '100.64.1.2', ['carrier_nat']),
      ]),
    )
    const r = linkAccounts([...background(2000), ...llcs])
    assert.notEqual(clusterOf(r, 'llc-x'), clusterOf(r, 'llc-y'))
  })

  it('does not link honest resellers who use the same stock photos', () => {
    const photos = ['a1b2c3d4e5f60718', '0f1e2d3c4b5a6978', '1234567890abcdef']
    const resellers = Array.from({ length: 12 }, (_, i) => anAccount(`r${i}`, [], { listingImages: photos }))
    const r = linkAccounts([...background(2000), ...resellers])
    assert.equal(new Set(resellers.map((s) => clusterOf(r, s.id))).size, resellers.length)
  })

  it('does not link two shops on one network for one product photo, but does for a copied catalogue', () => {
    const network = key('ip', '203.0.113.77')
    const one = linkAccounts([
      ...background(2000),
      anAccount('p', [network], { listingImages: ['a1b2c3d4e5f60718'] }),
      anAccount('q', [network], { listingImages: ['a1b2c3d4e5f60718'] }),
    ])
    assert.notEqual(clusterOf(one, 'p'), clusterOf(one, 'q'))
    const catalogue = ['a1b2c3d4e5f60718', '0f1e2d3c4b5a6978', '1234567890abcdef']
    const copied = linkAccounts([
      ...background(2000),
      anAccount('p', [network], { listingImages: catalogue }),
      anAccount('q', [network], { listingImages: catalogue }),
    ])
    assert.equal(clusterOf(copied, 'p'), clusterOf(copied, 'q'))
  })

  it('links accounts whose verifications show the same face under different names', () => {
    const face = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i + 1))
    const norm = Math.hypot(...face)
    const unit = face.map((v) => v / norm)
    const noisy = unit.map((v, i) => v + (i % 7 === 0 ? 0.002 : -0.001))
    const r = linkAccounts([
      ...background(2000),
      anAccount('farm1', [key('person_name', 'li wei')], { faces: [unit] }),
      anAccount('farm2', [key('person_name', 'zhang min')], { faces: [noisy] }),
    ])
    assert.equal(clusterOf(r, 'farm1'), clusterOf(r, 'farm2'))
  })

  it('compares no two faces that share a band by chance, and still the two that are one face', () => {
    // Thousands of strangers, of whom some pairs share one of the 32 bands of 20 signs by chance (about 3 in 100,000
    // pairs), and two shops with one face read twice.
    const [face, ...faces] = randomFaces(3001, 12345) as [Float32Array, ...Float32Array[]]
    const twice = face.map((v, i) => v + (i % 5 === 0 ? 0.01 : -0.004))
    onlyTheOnePairCompared(
      faces.map((f) => ({ faces: [f] })),
      { faces: [face] },
      { faces: [twice] },
    )
  })

  it('compares no two document images that share a band by chance, and still the one image submitted twice', () => {
    const [image, ...images] = randomImageHashes(3001, 987654321) as [string, ...string[]]
    // The same scan twice: two bits apart.
    const again =
      ((Number.parseInt(image.slice(0, 8), 16) ^ 0x00010001) >>> 0).toString(16).padStart(8, '0') + image.slice(8)
    onlyTheOnePairCompared(
      images.map((h) => ({ documentImages: [h] })),
      { documentImages: [image] },
      { documentImages: [again] },
    )
  })

  it('learns m-probabilities in (0, 1) for every evidence group it sees', () => {
    const r = linkAccounts([
      ...background(500),
      anAccount('p1', [key('iban', 'SHARED'), key('device', 'D')]),
      anAccount('p2', [key('iban', 'SHARED'), key('device', 'D')]),
    ])
    for (const m of Object.values(r.weights.m)) assert.ok(m > 0 && m < 1)
  })

  it('explains a link with the evidence path between two accounts', () => {
    const r = linkAccounts([
      ...background(1000),
      anAccount('a', [key('iban', 'B1')]),
      anAccount('b', [key('iban', 'B1'), key('device', 'D2')]),
      anAccount('c', [key('device', 'D2')]),
    ])
    const links = r.clustering.links.map((l) => ({
      a: r.index.ids[l.a]!,
      b: r.index.ids[l.b]!,
      score: l.score,
      evidence: [],
    }))
    const path = evidencePath(links, 'a', 'c')
    assert.deepEqual(
      path?.map((l) => [l.a, l.b].sort().join('-')),
      ['a-b', 'b-c'],
    )
  })
})

describe('learning from a sample of the candidates', () => {
  it('takes every k-th code, or all of them when there are no more than asked', () => {
    const codes = Float64Array.from({ length: 1000 }, (_, i) => i * 3)
    assert.deepEqual([...evenSample(codes, 4)], [0, 750, 1500, 2250])
    assert.equal(evenSample(codes, 100).length, 100)
    assert.deepEqual([...evenSample(codes, 100)].slice(0, 3), [0, 30, 60])
    assert.equal(evenSample(codes, 1000), codes)
    assert.equal(evenSample(codes, 5000), codes)
  })

  it('learns from an even sample the weights it learns from every pair, where the first pairs alone would mislead', () => {
    // Account order runs from operators (the first half of the candidate pairs: two shops on one device, two in three
    // on one payout account too) to strangers who share a device (the second half): the first half alone shows EM
    // nothing but matches.
    const accounts: LinkageAccount[] = []
    for (let i = 0; i < 300; i++) {
      accounts.push(anAccount(`op${i}a`, [key('device', `OPD${i}`), key('iban', i % 3 < 2 ? `OPB${i}` : `OPX${i}`)]))
      accounts.push(anAccount(`op${i}b`, [key('device', `OPD${i}`), key('iban', `OPB${i}`)]))
    }
    for (let i = 0; i < 300; i++) {
      accounts.push(anAccount(`s${i}a`, [key('device', `SD${i}`), key('iban', `SA${i}`)]))
      accounts.push(anAccount(`s${i}b`, [key('device', `SD${i}`), key('iban', `SB${i}`)]))
    }
    const base = [...accounts, ...background(1000)]
    const all = linkAccounts(base, { emPairs: Number.POSITIVE_INFINITY })
    const half = linkAccounts(base, { emPairs: 300 })
    assert.equal(all.candidatePairs, 600)
    assert.equal(all.learnedFrom, 600)
    assert.equal(half.candidatePairs, 600, 'every candidate is still scored')
    assert.equal(half.learnable, 600)
    assert.equal(half.learnedFrom, 300)
    for (const [group, m] of Object.entries(all.weights.m)) {
      assert.ok(Math.abs((half.weights.m[group] ?? 0) - m) < 0.02, `${group}: ${half.weights.m[group]} against ${m}`)
    }
    assert.ok(all.weights.m.bank! < 0.55, 'the strangers count: one pair of devices in two agrees on the bank')
    assert.deepEqual(half.clustering.labels, all.clustering.labels)
  })
})

describe('scoring candidates in bulk', () => {
  it('gives each scored candidate pair the score its explanation gives', () => {
    const face = (seed: number) => {
      const v = Float32Array.from({ length: 128 }, (_, i) => Math.sin(seed * 7 + i * 1.3))
      const norm = Math.hypot(...v)
      return v.map((x) => x / norm)
    }
    // A device shared by 22 shops of which only pairs also share a bank: its holders are half coherent, so the
    // number of holders its weight is computed from is not a whole number.
    const pooled = Array.from({ length: 22 }, (_, i) =>
      anAccount(`pool${i}`, [key('device', 'dev-pooled'), key('iban', `IBAN-pair-${i >> 1}`)]),
    )
    const person = (name: string) => key('person_identity', `${name}|1990-04-02`)
    const copies = ['a1b2c3d4e5f60718', 'a1b2c3d4e5f60719', '0f0f0f0f0f0f0f0f', '123456789abcdef0']
    // Six resellers of one product with its stock photos; two of them one operator's, on one device.
    const stock = ['5a5a5a5a12345678', 'c3c3c3c387654321']
    const resellers = Array.from({ length: 6 }, (_, i) =>
      anAccount(`stock${i}`, i < 2 ? [key('device', 'dev-stock')] : [], { listingImages: stock }),
    )
    const r = linkAccounts([
      ...background(2000),
      ...pooled,
      ...resellers,
      anAccount('cat1', [key('ip_prefix', '198.51.100.0/24')], { listingImages: copies, faces: [face(1)] }),
      anAccount('cat2', [key('ip_prefix', '198.51.100.0/24')], { listingImages: copies, faces: [face(1)] }),
      anAccount('rep1', [person('barnaby siggins'), key('address', 'AU|5162|hurley st|51')]),
      anAccount('rep2', [person('barhaby siggyins'), key('address', 'AU|5162|hurley st|51')]),
    ])
    const pairOf = (x: string, y: string) => {
      const [a, b] = [r.index.lookupAccount(x), r.index.lookupAccount(y)].sort((m, n) => m - n)
      return r.pairs.find((p) => p.a === a && p.b === b)
    }
    for (const [x, y] of [
      ['pool0', 'pool5'],
      ['pool0', 'pool1'],
      ['cat1', 'cat2'],
      ['rep1', 'rep2'],
      ['stock0', 'stock1'],
    ] as const) {
      assert.ok(pairOf(x, y), `${x} and ${y} are a scored candidate pair`)
    }
    // Scored without looking at the stock photos (they cannot weigh), explained with them.
    const stockPhotos = r.explain(r.index.lookupAccount('stock0'), r.index.lookupAccount('stock1'))
    assert.match(
      stockPhotos.evidence.find((e) => e.kind === 'listing_image')?.reason ?? '',
      /stock photos, no evidence/,
    )
    const pooledDevice = r.explain(r.index.lookupAccount('pool0'), r.index.lookupAccount('pool5'))
    assert.match(pooledDevice.evidence.find((e) => e.kind === 'device')?.reason ?? '', /% of them also share/)
    for (const p of r.pairs)
      assert.equal(r.explain(p.a, p.b).score, p.score, `pair ${r.index.ids[p.a]}–${r.index.ids[p.b]}`)
  })
})

describe('partial identifiers', () => {
  it('does not link strangers whose cards agree only on BIN, last four digits and expiry', () => {
    const r = linkAccounts([
      ...background(2000),
      anAccount('x', [key('card', '622202:0208:2029-11'), key('card_fingerprint', 'fp-x')]),
      anAccount('y', [key('card', '622202:0208:2029-11'), key('card_fingerprint', 'fp-y')]),
    ])
    assert.notEqual(clusterOf(r, 'x'), clusterOf(r, 'y'))
    // Next to a shared bank account, the card agreement is counted, as circumstantial evidence.
    const shared = key('iban', 'DE00SHARED')
    const w = linkAccounts([
      ...background(2000),
      anAccount('x', [key('card', '622202:0208:2029-11'), shared]),
      anAccount('y', [key('card', '622202:0208:2029-11'), shared]),
    ])
    const [x, y] = [w.index.lookupAccount('x'), w.index.lookupAccount('y')]
    assert.ok(w.pairs.some((p) => p.a === Math.min(x, y) && p.b === Math.max(x, y)))
    const card = w.explain(x, y).evidence.find((e) => e.kind === 'card')
    assert.equal(card?.class, 'circumstantial')
    assert.ok((card?.weight ?? 0) > 0)
  })

  it('does not link two companies of one register number from different courts, but adds it to other evidence', () => {
    const hrb = key('business_registration', 'DE:HRB234452', ['partial_number'])
    const alone = linkAccounts([...background(2000), anAccount('p', [hrb]), anAccount('q', [hrb])])
    assert.notEqual(clusterOf(alone, 'p'), clusterOf(alone, 'q'))
    const withBank = linkAccounts([
      ...background(2000),
      anAccount('p', [hrb, key('iban', 'DE00SHARED')]),
      anAccount('q', [hrb, key('iban', 'DE00SHARED')]),
    ])
    assert.equal(clusterOf(withBank, 'p'), clusterOf(withBank, 'q'))
  })
})

describe('one representative typed differently', () => {
  const person = (name: string, date: string) => key('person_identity', `${name}|${date}`)

  it('links two shops whose representative was born the same day, the name mistyped, with one more shared value', () => {
    const r = linkAccounts([
      ...background(2000),
      anAccount('p', [person('barnaby siggins', '1998-10-21'), key('address', 'AU|5162|hurley st|51')]),
      anAccount('q', [person('barhaby siggyins', '1998-10-21'), key('address', 'AU|5162|hurley st|51')]),
    ])
    assert.equal(clusterOf(r, 'p'), clusterOf(r, 'q'))
  })

  it('needs one more shared value besides the same name and birth date (namesakes born on one day exist)', () => {
    const alone = linkAccounts([
      ...background(2000),
      anAccount('p', [person('yuko mori', '1966-01-20')]),
      anAccount('q', [person('yuko mori', '1966-01-20')]),
    ])
    assert.notEqual(clusterOf(alone, 'p'), clusterOf(alone, 'q'))
    const corroborated = linkAccounts([
      ...background(2000),
      anAccount('p', [person('yuko mori', '1966-01-20'), key('ip_prefix', '198.51.100.0/24')]),
      anAccount('q', [person('yuko mori', '1966-01-20'), key('ip_prefix', '198.51.100.0/24')]),
    ])
    assert.equal(clusterOf(corroborated, 'p'), clusterOf(corroborated, 'q'))
    // The name alone (held by as many accounts, so weighing as much before capping) must not stand in for it.
    const withName = linkAccounts([
      ...background(2000),
      anAccount('p', [key('person_name', 'mori yuko'), person('yuko mori', '1966-01-20'), key('address', 'JP|1')]),
      anAccount('q', [key('person_name', 'mori yuko'), person('yuko mori', '1966-01-20'), key('address', 'JP|1')]),
    ])
    assert.equal(clusterOf(withName, 'p'), clusterOf(withName, 'q'))
  })

  it('does not take namesakes born on different days, or different names born the same day, for one person', () => {
    const r = linkAccounts([
      ...background(2000),
      anAccount('p', [person('barnaby siggins', '1998-10-21'), key('address', 'AU|5162|hurley st|51')]),
      anAccount('q', [person('barnaby siggins', '1971-03-02'), key('address', 'AU|5162|hurley st|51')]),
      anAccount('s', [person('bruce stone', '1998-10-21'), key('address', 'AU|5162|hurley st|51')]),
    ])
    assert.notEqual(clusterOf(r, 'p'), clusterOf(r, 'q'))
    assert.notEqual(clusterOf(r, 'p'), clusterOf(r, 's'))
  })

  it('compares no two representatives born on one day with the same initials by chance, only those that are one', () => {
    // Ten representatives born on one day whose names start with B and S: every pair shares both person bands.
    const strangers = ['bruce stone', 'betty smith', 'bob sanders', 'bella shaw', 'brian scott', 'bianca soto']
    const r = linkAccounts([
      ...background(2000),
      ...strangers.map((name, i) => anAccount(`s${i}`, [person(name, '1998-10-21')])),
      // One person, the name typed differently.
      anAccount('p', [person('barnaby siggins', '1998-10-21'), key('address', 'AU|5162|hurley st|51')]),
      anAccount('q', [person('barhaby siggyins', '1998-10-21'), key('address', 'AU|5162|hurley st|51')]),
      // Two names, one identity number typed with one mistake.
      anAccount('r', [person('brenda stark', '1998-10-21'), key('national_id', 'AU:5752610')]),
      anAccount('t', [person('boris sykes', '1998-10-21'), key('national_id', 'AU:5752601')]),
    ])
    assert.equal(r.candidatePairs, 2, 'of the 45 pairs sharing the bands, the two that are one person')
    assert.equal(clusterOf(r, 'p'), clusterOf(r, 'q'))
    assert.ok(r.explain(r.index.lookupAccount('r'), r.index.lookupAccount('t')).score > 0)
  })

  it('links an identity number typed with one mistake when the representatives were born the same day', () => {
    const r = linkAccounts([
      ...background(2000),
      anAccount('p', [person('barnaby siggins', '1998-10-21'), key('national_id', 'AU:5752610')]),
      anAccount('q', [person('barnayb reid', '1998-10-21'), key('national_id', 'AU:5752601')]),
    ])
    const [p, q] = [r.index.lookupAccount('p'), r.index.lookupAccount('q')]
    assert.ok(r.pairs.some((x) => x.a === Math.min(p, q) && x.b === Math.max(p, q)))
    assert.equal(r.explain(p, q).evidence.find((e) => e.kind === 'national_id')?.value, 'AU:5752610 ~ AU:5752601')
  })

  it('counts one substitution, insertion, deletion or swap of neighbours as one edit', () => {
    assert.ok(withinOneEdit('5752610', '5752610'))
    assert.ok(withinOneEdit('5752610', '5752601'))
    assert.ok(withinOneEdit('5752610', '5752910'))
    assert.ok(withinOneEdit('5752610', '575610'))
    assert.ok(withinOneEdit('575610', '5752610'))
    assert.ok(!withinOneEdit('5752610', '5725601'))
    assert.ok(!withinOneEdit('5752610', '57526100x'))
    assert.ok(!withinOneEdit('1234', '2143'))
  })
})

describe('one address typed differently', () => {
  const person = key('person_identity', 'yuko mori|1966-01-20')

  it('adds a delivery point whose street was mistyped to other evidence, as the same address less 2 bits', () => {
    const typed = (street: string) => key('address', `JP|1000001|${street}|5|r=301`)
    const alone = linkAccounts([...background(2000), anAccount('p', [person]), anAccount('q', [person])])
    assert.notEqual(clusterOf(alone, 'p'), clusterOf(alone, 'q'), 'a name and birth date need one more value')
    const r = linkAccounts([
      ...background(2000),
      anAccount('p', [person, typed('chiyodadori')]),
      anAccount('q', [person, typed('chiyodadoir')]),
    ])
    assert.equal(clusterOf(r, 'p'), clusterOf(r, 'q'))
    const [p, q] = [r.index.lookupAccount('p'), r.index.lookupAccount('q')]
    const address = r.explain(p, q).evidence.find((e) => e.kind === 'address')
    assert.equal(address?.value, 'JP|1000001|chiyodadori|5|r=301 ~ JP|1000001|chiyodadoir|5|r=301')
    assert.equal(address?.class, 'circumstantial')
    assert.match(address?.reason ?? '', /street typed differently \("chiyodadori", "chiyodadoir"\)/)
    const exact = linkAccounts([
      ...background(2000),
      anAccount('p', [person, typed('chiyodadori')]),
      anAccount('q', [person, typed('chiyodadori')]),
    ])
    const same = exact.explain(p, q).evidence.find((e) => e.kind === 'address')
    assert.ok(same && address && Math.abs(same.weight - address.weight - 2) < 1e-9, `${same?.weight} − 2`)
  })

  it('counts a mistyped street in another suite as the building, and never links tenants on it alone', () => {
    const tenants = Array.from({ length: 30 }, (_, i) => {
      const street = i % 2 === 0 ? '5thavenue' : '5thaveneu'
      return anAccount(`t${i}`, [
        key('address_building', `US|10001|${street}|350`),
        key('address', `US|10001|${street}|350|r=${100 + i}`),
      ])
    })
    const r = linkAccounts([...background(2000), ...tenants])
    const [a, b] = [r.index.lookupAccount('t0'), r.index.lookupAccount('t1')]
    assert.deepEqual(
      r.explain(a, b).evidence.map((e) => e.kind),
      ['address_building'],
    )
    assert.equal(r.clustering.links.length, 0)
  })

  it('takes only the street one keystroke apart, with everything else the same, for one address', () => {
    assert.deepEqual(typoStreets('DE|10115|invalidenstr|117', 'DE|10115|invaldienstr|117'), [
      'invalidenstr',
      'invaldienstr',
    ])
    assert.deepEqual(typoStreets('US|62701|mainstreet|12|r=4', 'US|62701|mainsteet|12|r=4'), [
      'mainstreet',
      'mainsteet',
    ])
    assert.equal(typoStreets('US|62701|mainst|12', 'US|62701|mainst|12'), undefined, 'the same address')
    assert.equal(typoStreets('US|62701|mainst|12', 'US|62701|mailst|12'), undefined, 'a short street name')
    assert.equal(typoStreets('US|62701|mainstreet|12', 'US|62701|mainstreet|13'), undefined, 'another house')
    assert.equal(typoStreets('US|62701|mainstreet|12', 'US|62702|mainsteet|12'), undefined, 'another postcode')
    assert.equal(typoStreets('US|62701|mainstreet|12|r=4', 'US|62701|mainsteet|12|r=5'), undefined, 'another unit')
    assert.equal(typoStreets('US|62701|mainstreet|12|r=4', 'US|62701|mainsteet|12'), undefined, 'a unit left out')
    assert.equal(typoStreets('US|62701|mainstreet|12', 'US|62701|mianstreeet|12'), undefined, 'two keystrokes')
  })
})

describe('detectControlChange', () => {
  const day = 86_400_000
  const s = (d: number, device: string) => ({ at: d * day, device })
  const bank = (d: number) => ({ at: d * day, fields: ['bank'] })
  const contact = (d: number) => ({ at: d * day, fields: ['email', 'phone'] })
  const representative = (d: number) => ({ at: d * day, fields: ['representative'] })
  const phone = (d: number) => ({ at: d * day, fields: ['phone'] })
  const email = (d: number) => ({ at: d * day, fields: ['email'] })

  it('finds the switch to new devices followed by a new payout bank', () => {
    const sessions = [s(1, 'old'), s(5, 'old'), s(9, 'old2'), s(40, 'new'), s(45, 'new'), s(50, 'new')]
    assert.equal(detectControlChange(sessions, [bank(42)]), 40 * day)
  })

  it('finds the switch when the new controller changed bank and contact in the quiet gap before signing in', () => {
    // The last session of the old devices on day 30, the bank and email changed on days 44 and 45, the new devices
    // from day 81 on: the change lies between the two periods, however long the gap.
    const sessions = [s(1, 'old'), s(28, 'old'), s(30, 'old'), s(81, 'new'), s(83, 'new2'), s(90, 'new')]
    assert.equal(detectControlChange(sessions, [bank(44)]), 81 * day)
    // With the email and phone replaced too, the handover itself marks the change, before the buyer signed in.
    assert.equal(detectControlChange(sessions, [bank(44), contact(45)]), 44 * day)
  })

  it('takes one session of new devices as enough when the payout changed in the gap before it', () => {
    const sessions = [s(1, 'old'), s(20, 'old'), s(90, 'new')]
    assert.equal(detectControlChange(sessions, [bank(40)]), 90 * day)
    assert.equal(detectControlChange(sessions, [bank(95)]), null)
  })

  it('finds a handover of representative, bank and contact within a month, whatever the devices', () => {
    const sessions = [s(1, 'a'), s(50, 'a'), s(100, 'a')]
    assert.equal(detectControlChange(sessions, [bank(60), contact(62), representative(70)]), 60 * day)
    // A new representative alone, or a new bank and phone alone, is not a handover.
    assert.equal(detectControlChange(sessions, [representative(70)]), null)
    assert.equal(detectControlChange(sessions, [bank(60), phone(62)]), null)
    // Bank, email and phone replaced within a week, even with the same representative and no session since.
    assert.equal(detectControlChange(sessions, [bank(200), contact(200)]), 200 * day)
    assert.equal(detectControlChange(sessions, [bank(200), email(203), phone(205)]), 200 * day)
    assert.equal(detectControlChange(sessions, [bank(200), email(230), phone(260)]), null)
    // The three spread over a year are ordinary upkeep.
    assert.equal(detectControlChange(sessions, [bank(10), contact(150), representative(300)]), null)
  })

  it('sees no change when the update came long before the last session of the old devices', () => {
    const sessions = [s(1, 'old'), s(100, 'old'), s(200, 'new'), s(210, 'new')]
    assert.equal(detectControlChange(sessions, [bank(10)]), null)
  })

  it('sees no change when a device spans the switch, or when nothing was updated', () => {
    const sessions = [s(1, 'old'), s(5, 'old'), s(40, 'new'), s(45, 'old'), s(50, 'new')]
    assert.equal(detectControlChange(sessions, [bank(42)]), null)
    assert.equal(detectControlChange([s(1, 'a'), s(2, 'a'), s(40, 'b'), s(41, 'b')], []), null)
  })
})
