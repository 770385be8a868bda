import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { listingTitleKey } from './linkage-account-of.ts'

describe('listingTitleKey', () => {
  it('gives one key to a title re-typed, re-punctuated, with its words shuffled or repeated', () => {
    const key = listingTitleKey('Wireless Earbuds, Noise Cancelling - Black')
    for (const copy of [
      'wireless earbuds noise cancelling black',
      'Black Noise-Cancelling Wireless Earbuds',
      'WIRELESS EARBUDS | Black | Noise Cancelling | Wireless',
      'Ｗｉｒｅｌｅｓｓ Earbuds, Noise Cancelling – Black',
    ]) {
      assert.equal(listingTitleKey(copy), key, copy)
    }
    assert.equal(key, 'black cancelling earbuds noise wireless')
  })

  it('keeps titles apart that differ by a word', () => {
    assert.notEqual(listingTitleKey('Wireless Earbuds Black'), listingTitleKey('Wireless Earbuds White'))
    assert.notEqual(listingTitleKey('Wireless Earbuds Black'), listingTitleKey('Wireless Earbuds Black Pro'))
  })

  it('keeps the words of scripts written without spaces as they are', () => {
    assert.equal(listingTitleKey('蓝牙耳机 降噪 黑色'), listingTitleKey('黑色 蓝牙耳机 降噪'))
    assert.notEqual(listingTitleKey('蓝牙耳机'), listingTitleKey('耳机蓝牙'))
    assert.equal(listingTitleKey(' -- '), '')
  })
})
