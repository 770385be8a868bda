import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatImageHash, hammingDistance, parseImageHash } from './image-hash.ts'
import { dhashFromGrayscale, phashFromGrayscale, resizeGrayscale } from './perceptual-hash.ts'

/** A synthetic picture: a diagonal gradient with a bright disc, at any size. */
function picture(size: number, disc: { x: number; y: number }): Uint8Array {
  const out = new Uint8Array(size * size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inDisc = (x / size - disc.x) ** 2 + (y / size - disc.y) ** 2 < 0.04
      out[y * size + x] = inDisc ? 250 : Math.round(((x + y) / (2 * size)) * 160)
    }
  }
  return out
}

describe('parseImageHash', () => {
  it('keys a 16-hex-digit hash in lower case and rejects other text', () => {
    assert.deepEqual(parseImageHash(' 8F3C00FF12AB34CD '), {
      kind: 'image_hash',
      key: '8f3c00ff12ab34cd',
      valid: true,
      problems: [],
    })
    assert.equal(parseImageHash('8f3c').valid, false)
    assert.deepEqual(parseImageHash('0000000000000000').flags, ['blank_image'])
  })
})

describe('hammingDistance', () => {
  it('counts differing bits of two 64-bit hashes', () => {
    assert.equal(hammingDistance('0000000000000000', 'ffffffffffffffff'), 64)
    assert.equal(hammingDistance('8000000000000001', '0000000000000000'), 2)
    assert.equal(hammingDistance('abc', '0000000000000000'), -1)
  })

  it('round-trips bits through formatImageHash', () => {
    const bits = Array.from({ length: 64 }, (_, i) => i % 3 === 0)
    assert.equal(hammingDistance(formatImageHash(bits), formatImageHash(bits.map((b) => !b))), 64)
  })
})

describe('phashFromGrayscale', () => {
  it('hashes one picture at two sizes within a few bits and a different picture far away', () => {
    const big = phashFromGrayscale(picture(256, { x: 0.3, y: 0.3 }), 256, 256) as string
    const small = phashFromGrayscale(picture(97, { x: 0.3, y: 0.3 }), 97, 97) as string
    const other = phashFromGrayscale(picture(256, { x: 0.75, y: 0.7 }), 256, 256) as string
    assert.match(big, /^[0-9a-f]{16}$/)
    assert.ok(hammingDistance(big, small) <= 6, `resized: ${hammingDistance(big, small)}`)
    assert.ok(hammingDistance(big, other) >= 16, `different: ${hammingDistance(big, other)}`)
  })

  it('sets half the bits, as a median threshold does', () => {
    const hash = phashFromGrayscale(picture(64, { x: 0.5, y: 0.2 }), 64, 64) as string
    assert.equal(hammingDistance(hash, '0000000000000000'), 32)
  })

  it('returns undefined when dimensions do not match the pixels', () => {
    assert.equal(phashFromGrayscale(new Uint8Array(10), 32, 32), undefined)
    assert.equal(phashFromGrayscale(new Uint8Array(0), 0, 0), undefined)
  })
})

describe('dhashFromGrayscale', () => {
  it('hashes a left-to-right gradient as all ones', () => {
    const gradient = Uint8Array.from({ length: 90 * 80 }, (_, i) => (i % 90) * 2)
    assert.equal(dhashFromGrayscale(gradient, 90, 80), 'ffffffffffffffff')
  })
})

describe('resizeGrayscale', () => {
  it('averages the pixels each output pixel covers', () => {
    assert.deepEqual(Array.from(resizeGrayscale([0, 100, 200, 100], 2, 2, { w: 1, h: 1 })), [100])
  })
})
