import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LinkageIndex } from './linkage-index.ts'
import type { LinkageAccount } from './linkage-input.ts'

function shop(id: string, listingImages: string[]): LinkageAccount {
  return {
    id,
    status: 'active',
    controlChangedAt: null,
    keys: [{ kind: 'email', key: `${id}@example.com`, from: 0, until: null }],
    documentImages: [],
    listingImages,
    faces: [],
  }
}

function listingBands(index: LinkageIndex, account: string): number[] {
  return [...index.keysOf(index.lookupAccount(account))].filter((k) => index.kind(k) === 'band_listing_image')
}

describe('LinkageIndex', () => {
  it('keeps the listing-photo bands two shops share, and none that one shop holds alone', () => {
    const index = new LinkageIndex()
    // b's first photo is a's first photo with one bit flipped; c's photos are its own.
    index.add(shop('a', ['0123456789abcdef', 'fedcba9876543210']))
    index.add(shop('b', ['0123456789abcdee', '0f0f0f0f0f0f0f0f']))
    index.add(shop('c', ['1111111122222222', '3333333344444444']))
    index.finish()
    const [a, b, c] = [listingBands(index, 'a'), listingBands(index, 'b'), listingBands(index, 'c')]
    assert.deepEqual(c, [])
    // One flipped bit leaves the blocks it is not in equal: the band pairs of those four blocks, six of ten.
    assert.equal(a.length, 6)
    assert.deepEqual(b, a)
    for (const k of a) assert.deepEqual([...index.holders(k)], [0, 1])
    // Key lists stay in ascending order, as the pair comparison's merge needs.
    for (const id of ['a', 'b', 'c']) {
      const keys = [...index.keysOf(index.lookupAccount(id))]
      assert.deepEqual(
        keys,
        [...keys].sort((x, y) => x - y),
      )
    }
  })

  it('gives one shop that repeats a photo one entry per band, not one per copy', () => {
    const index = new LinkageIndex()
    index.add(shop('a', ['0123456789abcdef', '0123456789abcdef', '0123456789abcdee']))
    index.add(shop('b', ['0123456789abcdef']))
    index.finish()
    const bands = listingBands(index, 'a')
    assert.equal(bands.length, 10)
    for (const k of bands) assert.deepEqual([...index.holders(k)], [0, 1])
  })
})
