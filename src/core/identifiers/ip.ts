import ipaddr from 'ipaddr.js'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

type Address = ipaddr.IPv4 | ipaddr.IPv6
type Range = readonly [Address, number]

/** ipaddr.js range names mapped to our flags; names not listed (public `unicast`) get no flag. */
const RANGE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  private: ['private', 'non_routable'],
  uniqueLocal: ['private', 'non_routable'],
  loopback: ['loopback', 'non_routable'],
  linkLocal: ['link_local', 'non_routable'],
  carrierGradeNat: ['carrier_nat'],
  unspecified: ['unspecified', 'non_routable'],
  broadcast: ['reserved', 'non_routable'],
  multicast: ['multicast', 'non_routable'],
  reserved: ['reserved', 'non_routable'],
  benchmarking: ['reserved', 'non_routable'],
  discard: ['reserved', 'non_routable'],
  deprecatedSiteLocal: ['private', 'non_routable'],
}

function range(cidr: string): Range {
  return ipaddr.parseCIDR(cidr) as unknown as Range
}

// RFC 5737 (IPv4), RFC 3849 and RFC 9637 (IPv6): ranges for documentation; ipaddr.js files them under `reserved`.
const DOCUMENTATION: readonly Range[] = [
  range('192.0.2.0/24'),
  range('198.51.100.0/24'),
  range('203.0.113.0/24'),
  range('2001:db8::/32'),
  range('3fff::/20'),
]

/** A session address parsed once: the address identifier and its network prefixes. */
export interface ParsedIp {
  readonly ip: Identifier
  /** /24 for IPv4; /64 and /48 for IPv6; empty when the address did not parse. */
  readonly prefixes: readonly Identifier[]
}

function rangeFlags(address: Address): string[] {
  const flags = [...(RANGE_FLAGS[address.range()] ?? [])]
  for (const [network, bits] of DOCUMENTATION) {
    if (network.kind() === address.kind() && address.match(network as never, bits)) {
      return ['documentation', 'non_routable']
    }
  }
  return flags
}

function parseStrict(text: string): Address | IdentifierProblem {
  const zone = text.indexOf('%')
  const bare = zone === -1 ? text : text.slice(0, zone)
  if (bare.includes(':')) {
    if (!ipaddr.IPv6.isValid(bare)) return problem('bad_ip', 'not an IPv6 address')
    const v6 = ipaddr.IPv6.parse(bare)
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6
  }
  // Only dotted four-part decimal: `010.1.1.1` (octal?) and `2130706433` are how spoofers hide addresses.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare))
    return problem('bad_ip', 'not a dotted IPv4 address such as 203.0.113.7')
  return ipaddr.IPv4.parse(bare)
}

function prefixesOf(address: Address, flags: readonly string[]): Identifier[] {
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets
    return [makeIdentifier('ip_prefix', `${a}.${b}.${c}.0/24`, [], flags)]
  }
  const parts = (address as ipaddr.IPv6).parts
  const keep = (n: number) => new ipaddr.IPv6(parts.map((p, i) => (i < n ? p : 0))).toString()
  return [
    makeIdentifier('ip_prefix', `${keep(4)}/64`, [], flags),
    makeIdentifier('ip_prefix', `${keep(3)}/48`, [], flags),
  ]
}

/**
 * Parses a session IP address (v4 dotted decimal or v6, IPv4-mapped IPv6 unwrapped, zone id dropped) to its
 * canonical text (RFC 5952 for v6) and derives its network prefixes as `ip_prefix` identifiers
 * (`203.0.113.0/24`; `2001:db8:1:2::/64` and `2001:db8:1::/48`).
 *
 * Flags (on the address and its prefixes): `private`, `loopback`, `link_local`, `carrier_nat` (RFC 6598
 * 100.64.0.0/10: thousands of strangers share it), `documentation`, `reserved`, `multicast`, `unspecified`,
 * and `non_routable` on every range no public host uses. Problems: `empty`, `bad_ip`.
 */
export function parseIp(raw: string): ParsedIp {
  const text = raw.trim().toLowerCase()
  if (text === '') return { ip: makeIdentifier('ip', '', [problem('empty', 'no IP address was given')]), prefixes: [] }
  const parsed = parseStrict(text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text)
  if (!(parsed instanceof ipaddr.IPv4 || parsed instanceof ipaddr.IPv6)) {
    return { ip: makeIdentifier('ip', text, [parsed]), prefixes: [] }
  }
  const flags = rangeFlags(parsed)
  return { ip: makeIdentifier('ip', parsed.toString(), [], flags), prefixes: prefixesOf(parsed, flags) }
}

/** The canonical `ip` identifier of an address; see {@link parseIp} for prefixes, flags and problems. */
export function normaliseIp(raw: string): Identifier {
  return parseIp(raw).ip
}
