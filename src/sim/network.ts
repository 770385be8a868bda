import type { Country } from './name-lists.ts'
import type { Random } from './random.ts'

/** A device as the marketplace fingerprints it; the cookie is replaced when the browser is cleared. */
export interface Device {
  readonly id: string
  /** The user agent, already JSON-encoded (sessions are written as template strings for speed). */
  readonly userAgentJson: string
  readonly mobile: boolean
  cookie: string
  /** The end of a session line for this device and cookie, cached (see `sessionTailOf`). */
  sessionTail?: string | undefined
}

/** `","device":…,"userAgent":…,"cookie":…}`: the part of a session line that only depends on the device. */
export function sessionTailOf(device: Device): string {
  if (device.sessionTail === undefined) {
    device.sessionTail = `","device":"${device.id}","userAgent":${device.userAgentJson},"cookie":"${device.cookie}"}`
  }
  return device.sessionTail
}

const CHROME = (v: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`
const DESKTOP_AGENTS: readonly ((v: number) => string)[] = [
  CHROME,
  CHROME,
  (v) => `${CHROME(v)} Edg/${v}.0.0.0`,
  (v) =>
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
  (v) =>
    `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${v % 6} Safari/605.1.15`,
  (v) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v - 5}.0) Gecko/20100101 Firefox/${v - 5}.0`,
]
const PHONES = [
  'SM-S918B',
  'SM-A546B',
  'Pixel 8',
  'Redmi Note 12',
  '2201117TG',
  'V2227A',
  'PGT-AN10',
  'SO-51C',
  'SH-M24',
]
const MOBILE_AGENTS: readonly ((v: number, model: string) => string)[] = [
  (v) =>
    `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${v % 6} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${v % 6} Mobile/15E148 Safari/604.1`,
  (v, m) =>
    `Mozilla/5.0 (Linux; Android 14; ${m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36`,
  (v, m) =>
    `Mozilla/5.0 (Linux; Android 13; ${m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.${v % 50}`,
]

const VERSIONS = Array.from({ length: 20 }, (_, i) => 112 + i)
// Every user agent the simulator uses, JSON-encoded once (a few hundred strings).
const DESKTOP_AGENTS_JSON = DESKTOP_AGENTS.flatMap((agent) => VERSIONS.map((v) => JSON.stringify(agent(v))))
const MOBILE_AGENTS_JSON = MOBILE_AGENTS.flatMap((agent) =>
  VERSIONS.flatMap((v) => PHONES.map((model) => JSON.stringify(agent(v, model)))),
)

/** A fresh desktop or phone device with its own fingerprint id and browser cookie. */
export function makeDevice(rng: Random, mobile: boolean): Device {
  const userAgentJson = rng.pick(mobile ? MOBILE_AGENTS_JSON : DESKTOP_AGENTS_JSON)
  return { id: `dv${rng.hex(20)}`, userAgentJson, mobile, cookie: rng.hex(32) }
}

/** An emulator or browser-profile tool: new fingerprint ids, one identical user agent (a farm's tell). */
export function makeClonedDevice(rng: Random, template: Device): Device {
  return { id: `dv${rng.hex(20)}`, userAgentJson: template.userAgentJson, mobile: template.mobile, cookie: rng.hex(32) }
}

/** The IP address a session comes from, given when it happens. */
export type IpSource = (rng: Random, at: number) => string

const RESIDENTIAL: Readonly<Record<Country, readonly number[]>> = {
  US: [24, 73, 98, 174, 71, 108, 67, 76, 99, 47],
  DE: [79, 84, 91, 93, 87, 95, 77, 178],
  GB: [81, 86, 90, 92, 82, 109, 2, 31],
  CN: [36, 113, 117, 183, 112, 221, 222, 58, 59, 60],
  JP: [126, 153, 180, 219, 60, 114, 118, 122],
}
const V6_PREFIX: Readonly<Record<Country, string>> = { US: '2601', DE: '2a02', GB: '2a00', CN: '240e', JP: '240b' }

/** An address from a residential ISP range of `country` (what a home router or residential proxy shows). */
export function makeResidentialIp(rng: Random, country: Country): string {
  return `${rng.pick(RESIDENTIAL[country])}.${rng.int(256)}.${rng.int(256)}.${rng.between(1, 254)}`
}

function hex4(rng: Random): string {
  return rng.int(65536).toString(16)
}

/**
 * A home connection from `from` to `to`: a dynamic IPv4 address that changes every few months (and,
 * for some homes, an IPv6 /64 whose interface part changes with every session).
 */
export function makeHomeConnection(rng: Random, country: Country, from: number, to: number): IpSource {
  const changes: number[] = []
  const ips: string[] = [makeResidentialIp(rng, country)]
  for (
    let t = from + rng.pareto(60, 1.2) * 86_400_000;
    t < to && ips.length < 12;
    t += rng.pareto(90, 1.2) * 86_400_000
  ) {
    changes.push(t)
    ips.push(makeResidentialIp(rng, country))
  }
  const v6 = rng.chance(0.2) ? `${V6_PREFIX[country]}:${hex4(rng)}:${hex4(rng)}:${hex4(rng)}` : null
  return (r, at) => {
    if (v6 && r.chance(0.5)) return `${v6}:${hex4(r)}:${hex4(r)}:${hex4(r)}:${hex4(r)}`
    let i = 0
    while (i < changes.length && (changes[i] ?? 0) <= at) i++
    return ips[i] ?? ips[0] ?? '0.0.0.0'
  }
}

/** Always the same address (an office, a coworking space, a café). */
export function fixedIp(ip: string): IpSource {
  return () => ip
}

/** Any address from a bounded pool (a carrier's NAT gateways, VPN exits). */
export function poolIp(pool: readonly string[]): IpSource {
  return (rng) => rng.pick(pool)
}

/** A new residential address for every session (a residential proxy service). */
export function proxyIp(country: Country): IpSource {
  return (rng) => makeResidentialIp(rng, country)
}

/** A hosting /24 (a farm's servers or a cheap VPS proxy). */
export function makeDatacenterBlock(rng: Random): IpSource {
  const block = `${rng.pick([45, 103, 154, 156, 172, 185, 193, 194])}.${rng.int(256)}.${rng.int(256)}`
  return (r) => `${block}.${r.between(2, 254)}`
}

/** One way an account can be reached: an IP source, used with a given weight, optionally on one device. */
export interface SessionRoute {
  readonly ip: IpSource
  readonly weight: number
  /** Index into the mix's devices; mobile routes use a phone. Absent: any device by its weight. */
  readonly device?: number
}

/** How one controller reaches an account: its devices and its network routes. */
export interface SessionMix {
  readonly devices: readonly Device[]
  readonly deviceWeights: readonly number[]
  readonly routes: readonly SessionRoute[]
}

/** Chance that a session's browser cookie is new (the user cleared cookies or used a private window). */
const COOKIE_RESET = 0.02

/** One session of the mix: its IP, device and cookie. */
export function drawSession(rng: Random, mix: SessionMix, at: number): { ip: string; device: Device } {
  const routes = mix.routes
  let total = 0
  for (const r of routes) total += r.weight
  let left = rng.float() * total
  let route = routes[routes.length - 1] as SessionRoute
  for (const r of routes) {
    left -= r.weight
    if (left < 0) {
      route = r
      break
    }
  }
  const device =
    route.device !== undefined && mix.devices[route.device]
      ? (mix.devices[route.device] as Device)
      : rng.pickWeighted(mix.devices, mix.deviceWeights)
  if (rng.chance(COOKIE_RESET)) {
    device.cookie = rng.hex(32)
    device.sessionTail = undefined
  }
  return { ip: route.ip(rng, at), device }
}
