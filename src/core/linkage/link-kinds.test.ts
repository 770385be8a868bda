import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  encodeLinkKinds,
  hasListingContent,
  isStrongLink,
  kindsOfMask,
  LINK_EVIDENCE_KINDS,
  linkKindMask,
  weighedKinds,
} from './link-kinds.ts'

describe('link kinds', () => {
  it('keep the kinds that weighed, once each, and tell personal evidence and listing content apart', () => {
    const kinds = weighedKinds([
      { kind: 'address', weight: 3 },
      { kind: 'phone', weight: 0 },
      { kind: 'listing_title', weight: 2 },
      { kind: 'address', weight: 1 },
    ])
    assert.deepEqual(kinds, ['address', 'listing_title'])
    const mask = linkKindMask(encodeLinkKinds(kinds))
    assert.deepEqual([isStrongLink(mask), hasListingContent(mask)], [false, true])
    assert.equal(isStrongLink(linkKindMask('device ip')), true)
    assert.equal(linkKindMask(''), 0)
  })

  it('map every kind to a bit of a 32-bit mask and back', () => {
    const all = linkKindMask(LINK_EVIDENCE_KINDS.join(' '))
    assert.deepEqual(kindsOfMask(all), [...LINK_EVIDENCE_KINDS])
    assert.ok(all > 0 && all <= 0xffffffff)
  })
})
