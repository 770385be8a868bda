import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anAccount, key } from '../../../test/builders/linkage-accounts.ts'
import { FACE_THRESHOLD_CEILING, FACE_THRESHOLD_FLOOR, learnFaceThreshold } from './face-threshold.ts'
import { linkAccounts } from './link-accounts.ts'
import type { LinkageAccount } from './linkage-input.ts'
import { cosine } from './near-match-bands.ts'
import { initialWeights } from './weights.ts'

/** A seeded generator of standard normal numbers (Box–Muller). */
function normals(seed: number): () => number {
  let s = seed
  const uniform = () => {
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297
  }
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
}

function unit(v: Float32Array): Float32Array {
  let n = 0
  for (const x of v) n += x * x
  return v.map((x) => x / Math.sqrt(n))
}

const DIMS = 128

/** A person's face: a random direction. */
function aFace(next: () => number): Float32Array {
  return unit(Float32Array.from({ length: DIMS }, next))
}

/** A reading of a face: the face plus noise of `sigma` per dimension (two readings at 0.044 are near cosine 0.8). */
function aReading(face: Float32Array, next: () => number, sigma: number): Float32Array {
  return unit(face.map((x) => x + sigma * next()))
}

describe('the face threshold learned from the base', () => {
  it('is the floor for isotropic descriptors, whose strangers sit at 0 ± 1/√dimensions', () => {
    const next = normals(1)
    const t = learnFaceThreshold(Array.from({ length: 500 }, () => aFace(next)))
    assert.ok(t)
    assert.equal(t.minCosine, FACE_THRESHOLD_FLOOR)
    assert.ok(Math.abs(t.strangersMedian) < 0.01, `median ${t.strangersMedian}`)
    assert.ok(Math.abs(t.strangersSpread - 1 / Math.sqrt(DIMS)) < 0.01, `spread ${t.strangersSpread}`)
    assert.equal(t.pairs, 20_000)
  })

  it('rises above strangers that already look alike (descriptors of positive components), up to the ceiling', () => {
    const next = normals(2)
    const positive = Array.from({ length: 500 }, () =>
      unit(Float32Array.from({ length: DIMS }, () => Math.abs(next()))),
    )
    const t = learnFaceThreshold(positive)
    assert.ok(t)
    assert.ok(t.strangersMedian > 0.5, `median ${t.strangersMedian}`)
    assert.ok(t.minCosine > 0.9 && t.minCosine <= FACE_THRESHOLD_CEILING, `${t.minCosine}`)
    const shifted = Array.from({ length: 300 }, () => unit(Float32Array.from({ length: DIMS }, () => 5 + next())))
    assert.equal(learnFaceThreshold(shifted)?.minCosine, FACE_THRESHOLD_CEILING)
  })

  it('is not learned from fewer than 200 faces, and is the same on every run over the same faces', () => {
    const next = normals(3)
    assert.equal(learnFaceThreshold(Array.from({ length: 199 }, () => aFace(next))), undefined)
    const faces = Array.from({ length: 300 }, () => aFace(next))
    assert.deepEqual(learnFaceThreshold(faces), learnFaceThreshold(faces))
  })

  it('links accounts whose verifications read one face at cosine 0.8 in a base of isotropic faces, and no strangers', () => {
    const next = normals(4)
    const accounts: LinkageAccount[] = Array.from({ length: 2000 }, (_, i) =>
      anAccount(`bg${i}`, [key('device', `dev-bg${i}`)], i < 600 ? { faces: [aFace(next)] } : {}),
    )
    const pairs: [string, string, number][] = []
    for (let p = 0; p < 40; p++) {
      const face = aFace(next)
      const [x, y] = [aReading(face, next, 0.044), aReading(face, next, 0.044)]
      accounts.push(anAccount(`p${p}a`, [key('device', `dev-p${p}a`)], { faces: [x] }))
      accounts.push(anAccount(`p${p}b`, [key('device', `dev-p${p}b`)], { faces: [y] }))
      pairs.push([`p${p}a`, `p${p}b`, cosine(x, y)])
    }
    const r = linkAccounts(accounts)
    assert.equal(r.weights.face?.minCosine, FACE_THRESHOLD_FLOOR)
    const at = (id: string) => r.index.lookupAccount(id)
    const cluster = (id: string) => r.clustering.labels[at(id)]
    let linked = 0
    for (const [a, b, similarity] of pairs) {
      assert.ok(similarity > 0.7 && similarity < 0.9, `${similarity}`)
      // Compared when their faces share a band (about half the pairs at this similarity): then one face, and linked.
      const face = r.explain(at(a), at(b)).evidence.find((e) => e.kind === 'face')
      if (face === undefined) continue
      assert.match(face.reason, /the same face read differently/)
      assert.equal(cluster(a), cluster(b), `${a} ${b}: one face at ${similarity.toFixed(3)}`)
      linked++
    }
    assert.ok(linked >= 10, `${linked} of 40 pairs linked`)
    const members = new Set(r.clustering.links.flatMap((l) => [r.index.ids[l.a]!, r.index.ids[l.b]!]))
    assert.ok(
      [...members].every((id) => id.startsWith('p')),
      'no stranger linked',
    )
    // With the usual threshold (weights that learned none), the same readings are not one face.
    const plain = initialWeights(r.index.size)
    assert.equal(plain.face, undefined)
  })
})
