import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccount, key, keyBetween } from '../../../test/builders/linkage-accounts.ts'
import { estimateM } from './estimate-m.ts'
import { EVIDENCE_GROUPS, groupBit } from './evidence-kinds.ts'
import { linkAccounts } from './link-accounts.ts'
import { LinkageIndex } from './linkage-index.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { comparePair } from './pair-evidence.ts'
import { timeLevelWeights, withThresholds } from './weights.ts'

function background(n: number): LinkageAccount[] {
  return Array.from({ length: n }, (_, i) =>
    anAccount(`bg${i}`, [key('device', `dev-bg${i}`), key('iban', `IBAN${i}`)]),
  )
}

/**
 * Operators whose two shops share a phone and a device at the same time, and strangers who held one phone number
 * years apart (the carrier gave the first one's number, once given up, to the second).
 */
function recycledPhones(): LinkageAccount[] {
  const out = background(2000)
  for (let i = 0; i < 150; i++)
    for (const shop of ['a', 'b'])
      out.push(
        anAccount(`op${i}${shop}`, [
          keyBetween('phone', `+4915100${i}`, 19000, null),
          keyBetween('device', `dev-op${i}`, 19000 + i, 19100 + i),
        ]),
      )
  for (let i = 0; i < 150; i++) {
    out.push(anAccount(`old${i}`, [keyBetween('phone', `+4917600${i}`, 18000, 18365), key('device', `dev-old${i}`)]))
    out.push(anAccount(`new${i}`, [keyBetween('phone', `+4917600${i}`, 19200, null), key('device', `dev-new${i}`)]))
  }
  return out
}

describe('weighing time', () => {
  it('learns that a phone number held years apart is weak evidence, and does not link strangers who held a recycled one', () => {
    const r = linkAccounts(recycledPhones())
    const phone = r.weights.time?.phone
    assert.ok(phone, 'phone agreements are weighed at two levels of time')
    assert.ok(phone.mApart < phone.uApart, `apart among matches ${phone.mApart} < among non-matches ${phone.uApart}`)
    assert.ok(phone.apartBits < -3 && phone.closeBits > 0, `${phone.closeBits} / ${phone.apartBits} bits`)
    const cluster = (id: string) => r.clustering.labels[r.index.lookupAccount(id)]
    for (let i = 0; i < 150; i++) {
      assert.equal(cluster(`op${i}a`), cluster(`op${i}b`), `operator ${i}`)
      assert.notEqual(cluster(`old${i}`), cluster(`new${i}`), `recycled number ${i}`)
    }
    const p = r.explain(r.index.lookupAccount('old0'), r.index.lookupAccount('new0'))
    const shared = p.evidence.find((e) => e.kind === 'phone')
    assert.equal(shared?.daysApart, 19200 - 18365)
    assert.match(shared?.reason ?? '', /used 2 years apart \(more than 30 days apart: -\d+\.\d bits\)/)
    assert.ok(p.score < r.weights.linkThreshold)
  })

  it('weighs a network used by two shops in the same weeks above one used years apart, by the learned bits', () => {
    const accounts = [
      ...background(500),
      anAccount('x', [keyBetween('ip', '192.0.2.44', 19000, 19050)]),
      anAccount('y', [keyBetween('ip', '192.0.2.44', 19040, 19300)]),
      anAccount('z', [keyBetween('ip', '192.0.2.44', 20000, 20010)]),
    ]
    const index = new LinkageIndex()
    for (const a of accounts) index.add(a)
    index.finish()
    const time = { network: timeLevelWeights(0.2, 0.6) }
    const w = withThresholds({ network: 0.5 }, index.size, 1, time)
    const ip = (a: string, b: string) =>
      comparePair(index, w, index.lookupAccount(a), index.lookupAccount(b)).evidence.find((e) => e.kind === 'ip')!
    const close = ip('x', 'y')
    const apart = ip('y', 'z')
    assert.equal(close.daysApart, 0)
    assert.equal(apart.daysApart, 20000 - 19300)
    assert.ok(Math.abs(close.weight - apart.weight - (time.network.closeBits - time.network.apartBits)) < 1e-9)
    assert.ok(close.weight > apart.weight)
    // Weights stored before time was weighed have no time levels: then time changes nothing.
    const untimed = withThresholds({ network: 0.5 }, index.size, 1)
    const plain = (a: string, b: string) =>
      comparePair(index, untimed, index.lookupAccount(a), index.lookupAccount(b)).evidence.find((e) => e.kind === 'ip')!
    assert.equal(plain('x', 'y').weight, plain('y', 'z').weight)
  })

  it('never lets agreement far apart weigh more than agreement close in time', () => {
    assert.deepEqual(timeLevelWeights(0.6, 0.3), { mApart: 0.6, uApart: 0.3, closeBits: 0, apartBits: 0 })
    const t = timeLevelWeights(0.1, 0.4)
    assert.ok(Math.abs(t.closeBits - Math.log2(0.9 / 0.6)) < 1e-12)
    assert.ok(Math.abs(t.apartBits - Math.log2(0.25)) < 1e-12)
    // Shares estimated near 0 or 1 are bounded: a level weighs at most about 4.2 bits either way.
    const extreme = timeLevelWeights(0.001, 0.999)
    assert.ok(Math.abs(extreme.apartBits - Math.log2(0.05 / 0.95)) < 1e-12)
    assert.ok(Math.abs(extreme.closeBits - Math.log2(0.95 / 0.05)) < 1e-12)
  })
})

describe('estimateM with time levels', () => {
  it('recovers the share of agreements far apart among matches and among non-matches', () => {
    const phone = groupBit('phone')
    const device = groupBit('device')
    const bank = groupBit('bank')
    const present = phone | device | bank
    const patterns = new Map<string, { pattern: { present: number; agree: number; apart: number }; count: number }>()
    const add = (agree: number, apart: number, count: number) =>
      patterns.set(`${agree}:${apart}`, { pattern: { present, agree, apart }, count })
    // Matches agree on all three; one in ten of their phone agreements is years apart.
    add(present, 0, 900)
    add(present, phone, 100)
    // Non-matches agree on the phone only; seven in ten years apart.
    add(phone, 0, 300)
    add(phone, phone, 700)
    const em = estimateM(EVIDENCE_GROUPS, patterns, { m: { phone: 0.5, device: 0.5, bank: 0.5 } }, ['phone'])
    const apart = em.apart.phone
    assert.ok(apart, 'the phone is estimated at two levels')
    assert.ok(Math.abs(apart.m - 0.1) < 0.02, `m ${apart.m}`)
    assert.ok(Math.abs(apart.u - 0.7) < 0.02, `u ${apart.u}`)
    assert.equal(em.apart.device, undefined)
  })
})
