import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deriveSessionIdentifiers } from './session.ts'

describe('deriveSessionIdentifiers', () => {
  it('yields the ip, its prefixes, the device and the cookie', () => {
    const ids = deriveSessionIdentifiers({ ip: '2001:db8:1:2::99', device: ' dev-ABC ', cookie: 'ck_1' })
    assert.deepEqual(
      ids.map((i) => [i.kind, i.key]),
      [
        ['ip', '2001:db8:1:2::99'],
        ['ip_prefix', '2001:db8:1:2::/64'],
        ['ip_prefix', '2001:db8:1::/48'],
        ['device', 'dev-ABC'],
        ['cookie', 'ck_1'],
      ],
    )
  })

  it('skips absent fields and keeps a bad ip with its problem', () => {
    const ids = deriveSessionIdentifiers({ ip: 'not-an-ip', device: null })
    assert.equal(ids.length, 1)
    assert.equal(ids[0]?.valid, false)
    assert.deepEqual(deriveSessionIdentifiers({}), [])
  })
})
