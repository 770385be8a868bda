import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccount, key } from '../../../test/builders/linkage-accounts.ts'
import { ALL_PAIRS_MAX_DEGREE, forEachCandidatePair, forEachCorroboratedPair } from './candidate-pairs.ts'
import { linkAccounts } from './link-accounts.ts'
import { LinkageIndex } from './linkage-index.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { LiveLinkageIndex } from './live-linkage-index.ts'

const SHARED = 40

/**
 * 2,000 unrelated sellers, and 40 shops signed in from one browser (its cookie held by all 40, more than
 * ALL_PAIRS_MAX_DEGREE); two of them, far apart in the holder list, also used one home line that no one else used.
 */
function sharedBrowser(): LinkageAccount[] {
  const out = Array.from({ length: 2000 }, (_, i) =>
    anAccount(`bg${i}`, [key('device', `dev-bg${i}`), key('iban', `IBAN${i}`)]),
  )
  for (let i = 0; i < SHARED; i++) {
    const keys = [key('cookie', 'ck-one-browser'), key('device', `dev-shop${i}`)]
    if (i === 10 || i === 30) keys.push(key('ip', '198.51.100.7'))
    out.push(anAccount(`shop${String(i).padStart(2, '0')}`, keys))
  }
  return out
}

function pairsOf(index: LinkageIndex, each: typeof forEachCorroboratedPair): Set<string> {
  const seen = new Set<string>()
  each(index, (a, b) => seen.add(`${index.ids[Math.min(a, b)]}|${index.ids[Math.max(a, b)]}`))
  return seen
}

describe('candidate pairs', () => {
  assert.ok(SHARED > ALL_PAIRS_MAX_DEGREE)

  it('compares the holders of a large value that share a second one, not only neighbours in the holder list', () => {
    const index = new LinkageIndex()
    for (const a of sharedBrowser()) index.add(a)
    index.finish()
    const chain = pairsOf(index, forEachCandidatePair)
    const corroborated = pairsOf(index, forEachCorroboratedPair)
    assert.ok(!chain.has('shop10|shop30'), 'the chain and hubs alone never compare the two')
    assert.deepEqual([...corroborated], ['shop10|shop30'])
  })

  it('links the two shops that share the browser and the home line, and no other holder of the browser', () => {
    const r = linkAccounts(sharedBrowser())
    const at = (id: string) => r.index.lookupAccount(id)
    const p = r.explain(at('shop10'), at('shop30'))
    assert.deepEqual(p.evidence.map((e) => e.kind).sort(), ['cookie', 'ip'])
    assert.ok(p.score >= r.weights.linkThreshold, `${p.score} ≥ ${r.weights.linkThreshold}`)
    assert.equal(r.clustering.labels[at('shop10')], r.clustering.labels[at('shop30')])
    const linked = new Set(r.clustering.links.flatMap((l) => [r.index.ids[l.a], r.index.ids[l.b]]))
    assert.deepEqual([...linked].sort(), ['shop10', 'shop30'])
  })

  it('gives the live index the same partner', () => {
    const live = new LiveLinkageIndex()
    for (const a of sharedBrowser()) live.upsert(a)
    const candidates = live.candidatesOf(live.lookupAccount('shop30')).map((c) => live.ids[c])
    assert.ok(candidates.includes('shop10'), 'shop10 is a candidate of shop30')
    assert.ok(live.candidatesOf(live.lookupAccount('shop10')).some((c) => live.ids[c] === 'shop30'))
  })
})
