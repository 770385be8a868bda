import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccount, key } from '../../../test/builders/linkage-accounts.ts'
import { linkAccounts } from './link-accounts.ts'
import { listingTitleKey } from './linkage-account-of.ts'
import type { LinkageAccount } from './linkage-input.ts'
import {
  nearDuplicateTitles as nearDuplicatesOf,
  TITLE_BANDS,
  titleBandNumbers,
  titleTable,
  titleWords,
  wordJaccard,
} from './title-bands.ts'

const nearDuplicateTitles = (a: string[], b: string[]) => nearDuplicatesOf(titleTable(a), titleTable(b))

const t = (title: string) => listingTitleKey(title)

function sharesBand(a: string, b: string): boolean {
  const x = new Float64Array(TITLE_BANDS)
  const y = new Float64Array(TITLE_BANDS)
  if (!titleBandNumbers(titleWords(a), x) || !titleBandNumbers(titleWords(b), y)) return false
  return [...x].some((band) => y.includes(band))
}

/** A title of `n` distinct made-up words, numbered from `from`. */
function words(from: number, n: number): string {
  return t(Array.from({ length: n }, (_, i) => `w${from + i}`).join(' '))
}

describe('near-duplicate titles', () => {
  it('measures titles as sets of words', () => {
    assert.equal(wordJaccard(titleWords(t('Anker USB-C charger 65W')), titleWords(t('charger anker 65w usb c'))), 1)
    assert.equal(wordJaccard(['a', 'b', 'c'], ['b', 'c', 'd']), 0.5)
  })

  it('finds a title with a word added, dropped or changed, and not the same title or an unrelated one', () => {
    const shop = [t('Anker USB-C Charger 65W GaN fast'), t('Silk pillowcase queen ivory'), t('Garden hose 50 ft')]
    const other = [
      t('Anker USB-C Charger 65W GaN fast compact'), // a word added
      t('Silk pillowcase queen champagne'), // a word changed
      t('Garden hose 50 ft'), // the same title: exact evidence, not a near duplicate
      t('Bamboo cutting board set'),
    ]
    const found = nearDuplicateTitles(shop, other)
    assert.equal(found.matched, 2)
    assert.ok(
      [JSON.stringify([shop[0], other[0]]), JSON.stringify([shop[1], other[1]])].includes(
        JSON.stringify(found.example),
      ),
    )
    assert.equal(nearDuplicateTitles([t('Bamboo cutting board set')], [t('Bamboo socks set of six')]).matched, 0)
    // Titles of fewer than three words are not compared: one word of two changed is another product.
    assert.equal(nearDuplicateTitles([t('red mug')], [t('red mug large')]).matched, 0)
  })

  it('brings titles one word apart together through a band nearly always, and unrelated titles rarely', () => {
    let near = 0
    let far = 0
    const trials = 2000
    for (let i = 0; i < trials; i++) {
      const base = i * 100
      // Six words, one changed: Jaccard 5/7.
      if (sharesBand(words(base, 6), t(`${words(base, 5)} x${i}`))) near++
      // Six words, one shared: Jaccard 1/11.
      if (sharesBand(words(base, 6), t(`w${base} ${words(base + 50, 5)}`))) far++
    }
    assert.ok(near / trials > 0.93, `one word changed: ${near} of ${trials}`)
    assert.ok(far / trials < 0.02, `one word shared: ${far} of ${trials}`)
  })
})

describe('linking on near-duplicate titles', () => {
  const background = (n: number): LinkageAccount[] =>
    Array.from({ length: n }, (_, i) => anAccount(`bg${i}`, [key('device', `dev-bg${i}`), key('iban', `IBAN${i}`)]))
  const catalogue = [
    'Anker USB-C Charger 65W GaN fast',
    'Silk pillowcase queen ivory mulberry',
    'Garden hose 50 ft expandable green',
    'Stainless steel water bottle 750 ml insulated',
  ]
  const reworded = [
    'Anker USB-C Charger 65W GaN fast compact',
    'Silk pillowcase queen champagne mulberry',
    'Garden hose 50 ft expandable blue',
    'Stainless steel water bottle 750 ml vacuum',
  ]
  const titles = (list: readonly string[]) => list.map((title) => key('listing_title', t(title)))
  const network = key('ip', '203.0.113.77')

  it('links two shops on one network whose catalogues are the same products re-worded, and explains it', () => {
    const r = linkAccounts([
      ...background(2000),
      anAccount('p', [network, ...titles(catalogue)]),
      anAccount('q', [network, ...titles(reworded)]),
    ])
    const [p, q] = [r.index.lookupAccount('p'), r.index.lookupAccount('q')]
    assert.equal(r.clustering.labels[p], r.clustering.labels[q])
    const evidence = r.explain(p, q).evidence.find((e) => e.kind === 'listing_title')
    assert.equal(evidence?.items, 4)
    assert.match(evidence?.reason ?? '', /4 listing titles nearly the same/)
    assert.match(evidence?.value ?? '', /^4 titles, e\.g\. ".+" ~ ".+"$/)
  })

  it('does not link shops on re-worded titles alone, nor on re-worded titles of products many shops sell', () => {
    const alone = linkAccounts([
      ...background(2000),
      anAccount('p', titles(catalogue)),
      anAccount('q', titles(reworded)),
    ])
    assert.notEqual(
      alone.clustering.labels[alone.index.lookupAccount('p')],
      alone.clustering.labels[alone.index.lookupAccount('q')],
    )
    // Twelve resellers on one coworking network list the same products, each titled a little differently.
    const resellers = Array.from({ length: 12 }, (_, i) =>
      anAccount(`r${i}`, [network, ...titles(catalogue.map((title) => `${title} v${i}`))]),
    )
    const common = linkAccounts([...background(2000), ...resellers])
    assert.equal(new Set(resellers.map((s) => common.clustering.labels[common.index.lookupAccount(s.id)])).size, 12)
  })
})
