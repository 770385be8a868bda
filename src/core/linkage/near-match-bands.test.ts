import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { closestHashes } from './near-match-bands.ts'

function popcount64(a: readonly [number, number], b: readonly [number, number]): number {
  let d = 0
  for (const x of [(a[0] ^ b[0]) >>> 0, (a[1] ^ b[1]) >>> 0]) for (let v = x; v !== 0; v >>>= 1) d += v & 1
  return d
}

/** A list of hashes, some of them copies of `base` with a few bits flipped (the near matches to find). */
const hashList = fc.array(fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff)), { minLength: 1, maxLength: 60 })

describe('closestHashes', () => {
  it('finds the same near matches through the bands as by comparing every pair, on large lists', () => {
    fc.assert(
      fc.property(hashList, hashList, fc.array(fc.nat(63), { maxLength: 3 }), (xs, ys, flips) => {
        // Plant near copies of xs in ys so that matches exist.
        const planted = xs.slice(0, 20).map(([hi, lo]) => {
          let [h, l] = [hi, lo]
          for (const f of flips)
            if (f < 32) h = (h ^ (1 << f)) >>> 0
            else l = (l ^ (1 << (f - 32))) >>> 0
          return [h, l] as [number, number]
        })
        const all = [...ys, ...planted]
        // Make both sides large enough to go through the bands.
        const a = Uint32Array.from([...xs, ...xs, ...xs].flat())
        const b = Uint32Array.from([...all, ...all].flat())
        const got = closestHashes(a, b, 3)
        let matched = 0
        let best = 65
        for (let i = 0; i < a.length; i += 2) {
          let hit = false
          for (let j = 0; j < b.length; j += 2) {
            const d = popcount64([a[i]!, a[i + 1]!], [b[j]!, b[j + 1]!])
            best = Math.min(best, d)
            if (d <= 3) hit = true
          }
          if (hit) matched += 1
        }
        assert.equal(got.matched, matched)
        if (best <= 3) assert.equal(got.distance, best)
        else assert.ok(got.distance > 3)
      }),
      { numRuns: 60 },
    )
  })
})
