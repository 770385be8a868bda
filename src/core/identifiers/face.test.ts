import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cosineSimilarity, normaliseFaceDescriptor } from './face.ts'

const descriptor = (seed: number, n = 128) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + seed))

describe('normaliseFaceDescriptor', () => {
  it('scales a valid descriptor to unit length and keys it by dimension and sign bucket', () => {
    const { identifier, vector } = normaliseFaceDescriptor(descriptor(1).map((v) => v * 5))
    assert.equal(identifier.valid, true)
    assert.match(identifier.key, /^d128:[0-9a-f]{16}$/)
    assert.deepEqual(identifier.flags, ['similarity_only'])
    let norm = 0
    for (const v of vector ?? []) norm += v * v
    assert.ok(Math.abs(norm - 1) < 1e-12)
  })

  it('rejects short, non-finite and all-zero descriptors', () => {
    const code = (values: number[]) => normaliseFaceDescriptor(values).identifier.problems.map((p) => p.code)
    assert.deepEqual(code([1, 2, 3]), ['bad_length'])
    assert.deepEqual(code([...descriptor(1).slice(1), Number.NaN]), ['not_finite'])
    assert.deepEqual(code(new Array(128).fill(0)), ['all_zero'])
    assert.equal(normaliseFaceDescriptor([1, 2]).vector, undefined)
  })
})

describe('cosineSimilarity', () => {
  it('is 1 for a scaled copy, about 0 for orthogonal vectors and 0 for mismatched lengths', () => {
    assert.ok(Math.abs(cosineSimilarity([1, 2, 3], [2, 4, 6]) - 1) < 1e-12)
    assert.equal(cosineSimilarity([1, 0], [0, 1]), 0)
    assert.equal(cosineSimilarity([1, 0], [1, 0, 0]), 0)
    assert.equal(cosineSimilarity([0, 0], [1, 1]), 0)
  })

  it('scores a slightly perturbed descriptor above an unrelated one', () => {
    const a = descriptor(1)
    const near = a.map((v, i) => v + (i % 7 === 0 ? 0.05 : 0))
    assert.ok(cosineSimilarity(a, near) > 0.99)
    assert.ok(cosineSimilarity(a, descriptor(2.5)) < cosineSimilarity(a, near))
  })
})
