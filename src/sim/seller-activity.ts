import type { TimedEvent } from './account-plan.ts'
import { flipBits, toHash64 } from './catalog.ts'
import type { Country } from './name-lists.ts'
import {
  type Device,
  fixedIp,
  makeDevice,
  makeHomeConnection,
  poolIp,
  type SessionMix,
  type SessionRoute,
} from './network.ts'
import { type Person, readFace } from './person.ts'
import type { Random } from './random.ts'
import type { SharedWorld } from './shared-world.ts'
import { days, REGISTRATION_END, WORLD_END, WORLD_START } from './timestamp.ts'

/** When an account is registered and when it was last used. */
export interface Lifetime {
  readonly registeredAt: number
  readonly lastActiveAt: number
}

/** A lifetime starting in [from, to]: many sellers stay until the end of the data, the others churn (heavy-tailed). */
export function makeLifetime(rng: Random, from = WORLD_START, to = REGISTRATION_END): Lifetime {
  const registeredAt = from + Math.floor(rng.float() * Math.max(0, to - from))
  const stays = rng.chance(0.45)
  const lastActiveAt = stays ? WORLD_END - days(rng.float() * 20) : registeredAt + days(rng.pareto(20, 0.9))
  return { registeredAt, lastActiveAt: Math.min(Math.max(lastActiveAt, registeredAt + days(1)), WORLD_END - days(1)) }
}

const MAX_SESSIONS = 600
const MAX_LISTINGS = 200

/** Sessions over an account's life: about 10 on average, heavy-tailed. */
export function drawSessionCount(rng: Random): number {
  return Math.min(MAX_SESSIONS, 1 + Math.floor(rng.pareto(3, 1.5)))
}

/** Listings of an account: about 3 on average, heavy-tailed, some accounts never list. */
export function drawListingCount(rng: Random): number {
  return rng.chance(0.12) ? 0 : Math.min(MAX_LISTINGS, Math.floor(rng.pareto(1.35, 1.45)))
}

/** A person's own devices: a computer and a phone, sometimes a second computer. */
export function makePersonalDevices(rng: Random): Device[] {
  const devices = [makeDevice(rng, false), makeDevice(rng, true)]
  if (rng.chance(0.3)) devices.push(makeDevice(rng, false))
  return devices
}

/** Options for `makeHonestMix`. */
export interface HonestMixOptions {
  readonly country: Country
  readonly lifetime: Lifetime
  readonly devices?: readonly Device[]
  /** The home connection to use (a family shares one). */
  readonly home?: SessionMix['routes'][number]['ip']
  /** Extra routes: an office, a coworking space, a library. */
  readonly extra?: readonly SessionRoute[]
}

/** How an honest seller reaches the marketplace: home broadband, the phone on a carrier, now and then public Wi-Fi or a VPN. */
export function makeHonestMix(rng: Random, world: SharedWorld, opts: HonestMixOptions): SessionMix {
  const devices = opts.devices ?? makePersonalDevices(rng)
  const home =
    opts.home ?? makeHomeConnection(rng, opts.country, opts.lifetime.registeredAt, opts.lifetime.lastActiveAt)
  const routes: SessionRoute[] = [
    { ip: home, weight: 0.68 },
    { ip: poolIp(world.carrier[opts.country]), weight: 0.2, device: 1 },
    { ip: poolIp(world.publicWifi[opts.country]), weight: 0.04 },
    { ip: fixedIp(rng.pick(world.publicWifi[rng.pick(['US', 'DE', 'GB', 'JP', 'CN'] as const)])), weight: 0.02 },
    ...(rng.chance(0.12) ? [{ ip: poolIp(world.vpnExits), weight: 0.15 }] : []),
    ...(opts.extra ?? []),
  ]
  return { devices, deviceWeights: devices.map((_, i) => (i === 0 ? 0.7 : 0.3)), routes }
}

/** Options for a document or video verification. */
export interface VerificationOptions {
  readonly at: number
  readonly kind: 'id_document' | 'video'
  readonly documentNumber?: string
  /** The submitted image's hash (a person's document photo, or a farm's reused template). */
  readonly image?: readonly [number, number]
  /** Bits changed between this scan and the original. */
  readonly imageBits?: number
  readonly faceSeed: number
  readonly faceNoise?: number
  readonly outcome?: 'passed' | 'failed'
}

/** A verification record: document number, image hash and face descriptor as the vendor reports them. */
export function makeVerification(rng: Random, opts: VerificationOptions): TimedEvent {
  return {
    at: opts.at,
    record: {
      type: 'verification',
      kind: opts.kind,
      ...(opts.documentNumber ? { documentNumber: opts.documentNumber } : {}),
      ...(opts.image ? { imageHash: toHash64(flipBits(rng, opts.image, opts.imageBits ?? rng.int(3))) } : {}),
      ...(opts.outcome ? { outcome: opts.outcome } : {}),
    },
    face: readFace(rng, opts.faceSeed, opts.faceNoise),
  }
}

/** The identity check most honest sellers go through once: their own document, their own face. */
export function makeOwnIdentityCheck(rng: Random, person: Person, at: number): TimedEvent {
  const outcome = rng.chance(0.95) ? 'passed' : 'failed'
  if (rng.chance(0.2)) return makeVerification(rng, { at, kind: 'video', faceSeed: person.faceSeed, outcome })
  return makeVerification(rng, {
    at,
    kind: 'id_document',
    documentNumber: person.document.number,
    image: person.documentImage,
    faceSeed: person.faceSeed,
    outcome,
  })
}
