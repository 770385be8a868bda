import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { bandTable, closestHashes } from './near-match-bands.ts'

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
        let at: [number, number] = [-1, -1]
        for (let i = 0; i < a.length; i += 2) {
          let hit = false
          for (let j = 0; j < b.length; j += 2) {
            const d = popcount64([a[i]!, a[i + 1]!], [b[j]!, b[j + 1]!])
            if (d < best) [best, at] = [d, [i / 2, j / 2]]
            if (d <= 3) hit = true
          }
          if (hit) matched += 1
        }
        assert.equal(got.matched, matched)
        if (best <= 3) assert.deepEqual([got.distance, got.i, got.j], [best, ...at])
        else assert.ok(got.distance > 3)
        // Tables the caller keeps give the same answer.
        assert.deepEqual(
          closestHashes(a, b, 3, () => [bandTable(a), bandTable(b)]),
          got,
        )
      }),
      { numRuns: 60 },
    )
  })

  it('matches a few photos against a thousand as comparing every pair does', () => {
    const few = fc.array(fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff)), { minLength: 1, maxLength: 4 })
    const many = fc.array(fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff)), { minLength: 300, maxLength: 1000 })
    fc.assert(
      fc.property(few, many, fc.nat(3), fc.nat(999), (xs, ys, flips, at) => {
        // One photo of the small shop sits, a few bits changed, somewhere in the large one.
        const [hi, lo] = xs[0]!
        const near: [number, number] = [(hi ^ ((1 << flips) - 1)) >>> 0, lo]
        const large = [...ys.slice(0, at % ys.length), near, ...ys.slice(at % ys.length)]
        for (const [a, b] of [
          [Uint32Array.from(xs.flat()), Uint32Array.from(large.flat())],
          [Uint32Array.from(large.flat()), Uint32Array.from(xs.flat())],
        ] as const) {
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
          const got = closestHashes(a, b, 3)
          assert.equal(got.matched, matched)
          assert.equal(got.distance, best)
        }
      }),
      { numRuns: 40 },
    )
  })
})

describe('bandTable', () => {
  it('holds the ten band keys of every hash, from the blocks read bit by bit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff)), { minLength: 1, maxLength: 5 }), (hs) => {
        const table = bandTable(Uint32Array.from(hs.flat()))
        assert.equal(table.length, hs.length * 10)
        for (let k = 1; k < table.length; k++) assert.ok(table[k - 1]! <= table[k]!)
        hs.forEach(([hi, lo], position) => {
          const hex = hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
          // The reference: blocks read bit by bit from the hex digits.
          const bits = [...hex].map((c) => Number.parseInt(c, 16).toString(2).padStart(4, '0')).join('')
          const blocks = [bits.slice(0, 13), bits.slice(13, 26), bits.slice(26, 39), bits.slice(39, 52), bits.slice(52)]
          const values = blocks.map((b) => Number.parseInt(b, 2))
          const numbers: number[] = []
          let pair = 0
          for (let x = 0; x < 5; x++)
            for (let y = x + 1; y < 5; y++) {
              numbers.push((pair * 2 ** 26 + values[x]! * 2 ** 13 + values[y]!) * 2 ** 23 + position)
              pair += 1
            }
          for (const v of numbers) assert.ok(table.includes(v))
        })
      }),
      { numRuns: 100 },
    )
  })
})
