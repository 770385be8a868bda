import { makeHomePlace, makeTowerPlace, type Place } from './address.ts'
import { makeStockProduct, type Product } from './catalog.ts'
import { COUNTRIES, type Country } from './name-lists.ts'
import type { Random } from './random.ts'

/**
 * Everything unrelated sellers share innocently. Every pool has a fixed size, so memory stays flat
 * however many accounts are generated (and the pools get more crowded as N grows, like real ones).
 */
export interface SharedWorld {
  readonly towers: Readonly<Record<Country, readonly Place[]>>
  /** Third-party logistics warehouses that receive returns for many unrelated (often cross-border) sellers. */
  readonly warehouses: Readonly<Record<Country, readonly Place[]>>
  /** Coworking spaces: one address, one public IP for every member. */
  readonly coworks: readonly { readonly place: Place; readonly ip: string }[]
  /** Public IPs of mobile carriers' NAT gateways, shared by thousands of subscribers. */
  readonly carrier: Readonly<Record<Country, readonly string[]>>
  /** Library, café and hotel Wi-Fi. */
  readonly publicWifi: Readonly<Record<Country, readonly string[]>>
  /** Commercial VPN exits, used by honest and dishonest sellers alike. */
  readonly vpnExits: readonly string[]
  /** Branded products every reseller lists with the manufacturer's photos. */
  readonly stock: readonly Product[]
}

const TOWERS_PER_COUNTRY = 30
const WAREHOUSES_PER_COUNTRY = 12
const COWORKS_PER_COUNTRY = 24
const CARRIER_IPS_PER_COUNTRY = 256
const CGNAT_IPS = 64 // 100.64.0.0/10 addresses some marketplaces log from forwarded headers
const WIFI_PER_COUNTRY = 80
const VPN_EXITS = 64
const STOCK_PRODUCTS = 1000

const CARRIER_BLOCKS: Readonly<Record<Country, readonly string[]>> = {
  US: ['172.56', '172.58', '174.205', '107.77', '166.137'],
  DE: ['2.200', '2.204', '80.187', '109.40'],
  GB: ['82.132', '31.94', '92.40', '148.252'],
  CN: ['223.104', '117.136', '39.144', '111.30', '120.229'],
  JP: ['49.96', '49.104', '126.33', '1.66'],
}

function perCountry<T>(make: (c: Country) => T): Record<Country, T> {
  return Object.fromEntries(COUNTRIES.map((c) => [c, make(c)])) as Record<Country, T>
}

function ipsIn(rng: Random, blocks: readonly string[], count: number): string[] {
  return Array.from({ length: count }, () => `${rng.pick(blocks)}.${rng.int(256)}.${rng.between(1, 254)}`)
}

/** The shared world of one generated marketplace. */
export function makeSharedWorld(rng: Random): SharedWorld {
  const cgnat = Array.from(
    { length: CGNAT_IPS },
    () => `100.${rng.between(64, 127)}.${rng.int(256)}.${rng.between(1, 254)}`,
  )
  return {
    towers: perCountry((c) => Array.from({ length: TOWERS_PER_COUNTRY }, () => makeTowerPlace(rng, c))),
    warehouses: perCountry((c) =>
      Array.from({ length: WAREHOUSES_PER_COUNTRY }, () => ({
        ...makeHomePlace(rng, c),
        building: rng.pick(['Fulfillment Center', 'Logistics Hub', 'Returns Center', '3PL Warehouse']),
      })),
    ),
    coworks: COUNTRIES.flatMap((c) =>
      Array.from({ length: COWORKS_PER_COUNTRY }, () => ({
        place: {
          ...makeHomePlace(rng, c),
          building: rng.pick(['WeWork', 'Regus', 'Impact Hub', 'Mindspace', 'Spaces']),
        },
        ip: `${rng.pick([62, 80, 88, 104, 185, 212])}.${rng.int(256)}.${rng.int(256)}.${rng.between(1, 254)}`,
      })),
    ),
    carrier: perCountry((c) => [...ipsIn(rng, CARRIER_BLOCKS[c], CARRIER_IPS_PER_COUNTRY), ...cgnat]),
    publicWifi: perCountry((c) =>
      ipsIn(rng, ['64.233', '81.2', '89.187', '98.113', '153.142', '27.115'], WIFI_PER_COUNTRY + (c === 'US' ? 40 : 0)),
    ),
    vpnExits: ipsIn(rng, ['185.220', '198.54', '146.70', '89.40', '149.102'], VPN_EXITS),
    stock: Array.from({ length: STOCK_PRODUCTS }, () => makeStockProduct(rng)),
  }
}
