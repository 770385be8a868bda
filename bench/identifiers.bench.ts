import { composeIBAN } from 'ibantools'
import {
  deriveIdentifiers,
  icaoCheckDigit,
  luhnCheckDigit,
  mod11_2CheckChar,
  USCC_ALPHABET,
  usccCheckChar,
} from '../src/core/identifiers/index.ts'
import type { Profile } from '../src/core/interchange/index.ts'
import { type BenchTable, isMain, renderMarkdown, summarise } from './harness.ts'

/** mulberry32: a tiny seeded PRNG so that every run normalises the same profiles. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
const digits = (r: Rand, n: number) => Array.from({ length: n }, () => int(r, 0, 9)).join('')

const GIVEN = ['James', 'Mary', 'José', 'Anna-Lena', 'Jürgen', 'Oliver', 'Amelia', 'Hiroshi', 'Yuki', 'Xiaoming', 'Wei']
const FAMILY = ['Smith', 'Johnson', 'Müller', 'Schmidt', "O'Brien", 'Tanaka', 'Sato', 'Wang', 'Li', 'Zhang', 'García']
const CN_GIVEN = ['小明', '伟', '芳', '娜', '秀英', '敏']
const CN_FAMILY = ['王', '李', '张', '刘', '陈']
const STREETS = ['Main Street', 'Oak Ave', 'Elm St.', 'Maple Road', 'Sunset Blvd', 'Pine Drive', 'High Street']
const DE_STREETS = ['Hauptstraße', 'Bahnhofstr.', 'Goethestrasse', 'Berliner Str.', 'Am Markt', 'Lindenweg']
const DOMAINS = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'web.de',
  'qq.com',
  'icloud.com',
  'example-shop.com',
  'mailinator.com',
]
const FORMS = ['LLC', 'Inc.', 'GmbH', 'Ltd', 'Co., Ltd.', 'Limited', 'UG (haftungsbeschränkt)', 'K.K.']
const EIN_OK = ['12', '20', '27', '33', '45', '54', '61', '75', '82', '94']

function email(r: Rand, given: string, family: string): string {
  const local = `${given}.${family}`.normalize('NFD').replace(/[^\w.]/g, '')
  const tag = r() < 0.2 ? `+shop${int(r, 1, 99)}` : ''
  return `${r() < 0.3 ? local.toUpperCase() : local}${int(r, 1, 999)}${tag}@${pick(r, DOMAINS)}`
}

function abaRouting(r: Rand): string {
  const body = digits(r, 8)
  const w = [3, 7, 1, 3, 7, 1, 3, 7]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (w[i] as number), 0)
  return body + ((10 - (sum % 10)) % 10)
}

function card(r: Rand): Profile['card'] {
  if (r() < 0.3) return { fingerprint: `fp_${digits(r, 16)}` }
  const pan = `4${digits(r, 14)}`
  const full = pan + luhnCheckDigit(pan)
  return {
    bin: full.slice(0, 6),
    last4: full.slice(-4),
    expiry: `20${int(r, 26, 31)}-${String(int(r, 1, 12)).padStart(2, '0')}`,
  }
}

function usProfile(r: Rand): Profile {
  const [g, f] = [pick(r, GIVEN), pick(r, FAMILY)]
  const zip = String(int(r, 10001, 99950))
  const business = r() < 0.5
  return {
    email: email(r, g, f),
    phone: `(${pick(r, ['212', '415', '312', '713', '206'])}) ${int(r, 200, 999)}-${digits(r, 4)}`,
    addresses: [
      {
        role: 'business',
        lines: [`${int(r, 1, 9999)} ${pick(r, STREETS)}`, ...(r() < 0.4 ? [`Suite ${int(r, 100, 999)}`] : [])],
        city: 'Springfield',
        region: 'IL',
        postalCode: zip,
        country: 'US',
      },
    ],
    bank: { country: 'US', routingNumber: abaRouting(r), accountNumber: digits(r, 10) },
    card: card(r),
    representative: {
      givenName: g,
      familyName: f,
      birthDate: '1980-05-17',
      document: {
        type: 'national_id',
        country: 'US',
        number: `${int(r, 100, 665)}-${int(r, 10, 99)}-${int(r, 1000, 9999)}`,
      },
    },
    ...(business
      ? {
          business: {
            name: `${f} ${pick(r, ['Trading', 'Goods', 'Supply'])} ${pick(r, FORMS)}`,
            country: 'US',
            taxId: `${pick(r, EIN_OK)}-${digits(r, 7)}`,
          },
        }
      : {}),
  }
}

function cnResidentId(r: Rand, birth: string): string {
  const body = `${pick(r, ['110105', '310101', '440305', '330106'])}${birth.replaceAll('-', '')}${digits(r, 3)}`
  return body + mod11_2CheckChar(body)
}

function uscc(r: Rand): string {
  const body =
    `91${pick(r, ['110105', '440300', '310000'])}${Array.from({ length: 9 }, () => pick(r, [...USCC_ALPHABET])).join('')}0`.slice(
      0,
      17,
    )
  return body + usccCheckChar(body)
}

function cnProfile(r: Rand): Profile {
  const birth = `19${int(r, 60, 99)}-0${int(r, 1, 9)}-1${int(r, 0, 9)}`
  const n = int(r, 1, 300)
  const line =
    r() < 0.5
      ? `北京市朝阳区建国路${n}号A座${int(r, 1, 30)}0${int(r, 1, 9)}室`
      : `Room ${int(r, 1, 30)}0${int(r, 1, 9)}, Tower B, ${n} Jianguo Road`
  return {
    email: `${digits(r, 9)}@qq.com`,
    phone: `+86 13${int(r, 0, 9)}-${digits(r, 4)}-${digits(r, 4)}`,
    addresses: [{ role: 'business', lines: [line], city: 'Beijing', postalCode: '100022', country: 'CN' }],
    bank: { country: 'CN', accountNumber: `6222${digits(r, 15)}` },
    card: card(r),
    representative: {
      givenName: pick(r, CN_GIVEN),
      familyName: pick(r, CN_FAMILY),
      birthDate: birth,
      document: { type: 'national_id', country: 'CN', number: cnResidentId(r, birth) },
    },
    business: {
      name: `深圳市${pick(r, ['华强', '万达', '腾飞'])}电子有限公司`,
      country: 'CN',
      registrationNumber: uscc(r),
    },
  }
}

function deProfile(r: Rand): Profile {
  const [g, f] = [pick(r, GIVEN), pick(r, FAMILY)]
  const iban =
    composeIBAN({ countryCode: 'DE', bban: `${pick(r, ['37040044', '10070000', '50010517'])}${digits(r, 10)}` }) ?? ''
  return {
    email: email(r, g, f),
    phone: r() < 0.5 ? `030 ${digits(r, 7)}` : `+49 151 ${digits(r, 8)}`,
    addresses: [
      {
        role: 'business',
        lines: [`${pick(r, DE_STREETS)} ${int(r, 1, 120)}${pick(r, ['', 'a', 'b'])}`],
        city: 'Berlin',
        postalCode: `1${digits(r, 4)}`,
        country: 'DE',
      },
    ],
    bank: { country: 'DE', iban: iban.replace(/(.{4})/g, '$1 ').trim() },
    card: card(r),
    representative: {
      givenName: g,
      familyName: f,
      birthDate: '1975-11-02',
      document: { type: 'passport', country: 'DE', number: `C${digits(r, 8)}` },
    },
    business: {
      name: `${f} Handel ${pick(r, ['GmbH', 'UG (haftungsbeschränkt)', 'KG'])}`,
      country: 'DE',
      registrationNumber: `HRB ${int(r, 1000, 99999)} B`,
    },
  }
}

function gbProfile(r: Rand): Profile {
  const [g, f] = [pick(r, GIVEN), pick(r, FAMILY)]
  return {
    email: email(r, g, f),
    phone: `07${int(r, 400, 999)} ${digits(r, 6)}`,
    addresses: [
      {
        role: 'business',
        lines: [`Flat ${int(r, 1, 40)}`, `${int(r, 1, 200)} ${pick(r, STREETS)}`],
        city: 'London',
        postalCode: `${pick(r, ['sw1a', 'ec1v', 'n1', 'e14'])}${int(r, 1, 9)}${pick(r, ['aa', 'bx', 'nd'])}`,
        country: 'GB',
      },
    ],
    bank: {
      country: 'GB',
      routingNumber: `${digits(r, 2)}-${digits(r, 2)}-${digits(r, 2)}`,
      accountNumber: digits(r, 8),
    },
    card: card(r),
    representative: {
      givenName: g,
      familyName: f,
      document: {
        type: 'driving_licence',
        country: 'GB',
        number: `${f.slice(0, 5).toUpperCase()}${digits(r, 6)}AB9CD`,
      },
    },
    business: { name: `${f} & Sons Limited`, country: 'GB', registrationNumber: digits(r, int(r, 6, 8)) },
  }
}

function jpProfile(r: Rand): Profile {
  const [c, b, g] = [int(r, 1, 5), int(r, 1, 20), int(r, 1, 30)]
  const line =
    r() < 0.5 ? `東京都千代田区丸の内${c}丁目${b}番${g}号 ${int(r, 2, 30)}階` : `${c}-${b}-${g} Marunouchi, Chiyoda-ku`
  const mrzNumber = `TR${digits(r, 7)}`
  return {
    email: email(r, pick(r, GIVEN), pick(r, FAMILY)),
    phone: `090-${digits(r, 4)}-${digits(r, 4)}`,
    addresses: [
      { role: 'business', lines: [line], city: 'Tokyo', postalCode: `100-000${int(r, 1, 9)}`, country: 'JP' },
    ],
    bank: { country: 'JP', routingNumber: `0001-${digits(r, 3)}`, accountNumber: digits(r, 7) },
    card: card(r),
    representative: {
      givenName: pick(r, ['Hiroshi', 'Yuki']),
      familyName: pick(r, ['Tanaka', 'Sato']),
      document: { type: 'passport', country: 'JP', number: `${mrzNumber}<${icaoCheckDigit(mrzNumber)}` },
    },
    business: { name: `株式会社${pick(r, ['山田', '鈴木', '高橋'])}商事`, country: 'JP' },
  }
}

const MAKERS = [usProfile, cnProfile, deProfile, gbProfile, jpProfile] as const
const COUNTRIES = ['US', 'CN', 'DE', 'GB', 'JP'] as const

/** Deterministic account profiles from the five largest storefront countries, round robin. */
export function makeBenchProfiles(count: number, seed = 42): Array<{ profile: Profile; country: string }> {
  const r = prng(seed)
  return Array.from({ length: count }, (_, i) => ({
    profile: MAKERS[i % 5]?.(r) as Profile,
    country: COUNTRIES[i % 5] as string,
  }))
}

/**
 * Throughput of `deriveIdentifiers` over ~20k varied account profiles on one core: 5 timed runs after a warm-up,
 * as wall-clock accounts/s and as CPU time (`process.cpuUsage()`) per account.
 */
export async function benchIdentifiers(accounts = 20_000, runs = 5): Promise<BenchTable> {
  const profiles = makeBenchProfiles(accounts)
  let identifiers = 0
  for (const { profile, country } of profiles) identifiers += deriveIdentifiers(profile, { country }).length
  const rates: number[] = []
  const cpuMicros: number[] = []
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    for (const { profile, country } of profiles) deriveIdentifiers(profile, { country })
    rates.push(accounts / ((performance.now() - started) / 1000))
    const used = process.cpuUsage(cpu)
    cpuMicros.push((used.user + used.system) / accounts)
  }
  const rate = summarise(rates)
  // Wall time swings with other processes on the machine; CPU time of the loop is the steadier figure.
  const cpu = summarise(cpuMicros)
  return {
    name: `deriveIdentifiers (${accounts.toLocaleString('en-US')} accounts US/CN/DE/GB/JP, ${runs} runs, one core)`,
    rows: [
      {
        'accounts/s median': Math.round(rate.median),
        min: Math.round(rate.min),
        max: Math.round(rate.max),
        'identifiers/account': Number((identifiers / accounts).toFixed(1)),
        'µs/account': Number((1e6 / rate.median).toFixed(1)),
        'CPU µs/account median': Number(cpu.median.toFixed(1)),
        'CPU µs/account min': Number(cpu.min.toFixed(1)),
      },
    ],
  }
}

if (isMain(import.meta.url)) {
  console.log(renderMarkdown(await benchIdentifiers(Number(process.argv[2] ?? 20_000))))
}
