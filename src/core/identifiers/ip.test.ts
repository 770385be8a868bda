import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normaliseIp, parseIp } from './ip.ts'

const flagsOf = (raw: string) => normaliseIp(raw).flags ?? []

describe('parseIp', () => {
  it('writes IPv6 in RFC 5952 form and derives /64 and /48 prefixes', () => {
    const { ip, prefixes } = parseIp('2001:0DB8:0000:0000:0001:0000:0000:0001')
    assert.equal(ip.key, '2001:db8::1:0:0:1')
    assert.deepEqual(
      prefixes.map((p) => [p.kind, p.key]),
      [
        ['ip_prefix', '2001:db8::/64'],
        ['ip_prefix', '2001:db8::/48'],
      ],
    )
    assert.equal(parseIp('2a00:1450:4001:82b::200e').prefixes[0]?.key, '2a00:1450:4001:82b::/64')
  })

  it('derives the /24 of an IPv4 address', () => {
    const { ip, prefixes } = parseIp(' 8.8.4.4 ')
    assert.deepEqual(ip, { kind: 'ip', key: '8.8.4.4', valid: true, problems: [] })
    assert.deepEqual(
      prefixes.map((p) => p.key),
      ['8.8.4.0/24'],
    )
  })

  it('unwraps IPv4-mapped IPv6 and drops a zone id and brackets', () => {
    assert.equal(normaliseIp('::ffff:8.8.8.8').key, '8.8.8.8')
    assert.equal(normaliseIp('[fe80::1%eth0]').key, 'fe80::1')
  })

  it('flags carrier-grade NAT (RFC 6598) so strangers behind one gateway are not linked', () => {
    assert.deepEqual(flagsOf('100.64.0.1'), ['carrier_nat'])
    assert.deepEqual(flagsOf('100.127.255.254'), ['carrier_nat'])
    assert.deepEqual(flagsOf('100.128.0.1'), [])
  })

  it('flags private, loopback, link-local, documentation and reserved ranges (RFC 6890, 5737, 3849)', () => {
    assert.deepEqual(flagsOf('10.1.2.3'), ['private', 'non_routable'])
    assert.deepEqual(flagsOf('192.168.1.1'), ['private', 'non_routable'])
    assert.deepEqual(flagsOf('127.0.0.1'), ['loopback', 'non_routable'])
    assert.deepEqual(flagsOf('169.254.1.1'), ['link_local', 'non_routable'])
    assert.deepEqual(flagsOf('fe80::1'), ['link_local', 'non_routable'])
    assert.deepEqual(flagsOf('fd00::1'), ['private', 'non_routable'])
    for (const doc of ['192.0.2.1', '198.51.100.7', '203.0.113.255', '2001:db8::1']) {
      assert.deepEqual(flagsOf(doc), ['documentation', 'non_routable'], doc)
    }
    assert.deepEqual(flagsOf('240.0.0.1'), ['reserved', 'non_routable'])
    assert.deepEqual(flagsOf('::1'), ['loopback', 'non_routable'])
  })

  it('rejects non-dotted and malformed addresses without throwing', () => {
    for (const raw of ['2130706433', '0x7f.1', '1.2.3', '256.1.1.1', '1:2:3', 'localhost']) {
      assert.deepEqual(
        normaliseIp(raw).problems.map((p) => p.code),
        ['bad_ip'],
        raw,
      )
    }
    assert.deepEqual(
      normaliseIp('').problems.map((p) => p.code),
      ['empty'],
    )
  })

  it('is idempotent on its own keys', () => {
    for (const raw of ['2001:DB8::0:1', '::ffff:1.2.3.4', '8.8.8.8']) {
      const key = normaliseIp(raw).key
      assert.equal(normaliseIp(key).key, key)
    }
  })
})
