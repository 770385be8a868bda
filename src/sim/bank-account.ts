import type { Bank, Card } from '../core/interchange/index.ts'
import { abaCheckDigit, luhnCheckDigit, toIban } from './check-digits.ts'
import type { Country } from './name-lists.ts'
import type { Random } from './random.ts'

const DE_BANK_CODES = [
  '10070000',
  '20040000',
  '37040044',
  '50010517',
  '12030000',
  '10010010',
  '70150000',
  '43060967',
  '10011001',
  '60050101',
  '30050110',
  '76050101',
]
const GB_BANKS: readonly (readonly [string, string])[] = [
  ['BARC', '20'],
  ['NWBK', '60'],
  ['LOYD', '30'],
  ['HBUK', '40'],
  ['MIDL', '40'],
  ['MONZ', '04'],
  ['SRLG', '60'],
]
const US_ROUTING = [
  '021000021',
  '322271627',
  '026009593',
  '121000358',
  '121000248',
  '021000089',
  '091000022',
  '071000013',
  '111000614',
]
// Receiving-account providers (Payoneer, WorldFirst, LianLian …) give cross-border sellers local
// accounts at a handful of partner banks: thousands of unrelated sellers share these routing numbers.
const US_COLLECTION_ROUTING = ['026073150', '061120084', '084106768']
const DE_COLLECTION_CODE = '20110700'
const GB_COLLECTION: readonly [string, string] = ['CLRB', '23']
const JP_BANKS = ['0001', '0005', '0009', '9900', '0033', '0036', '0010']
const CN_CARD_PREFIXES = ['622202', '621700', '622848', '621226', '622588', '623668']

function makeAbaRouting(rng: Random): string {
  const district = rng.pick([
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '07',
    '08',
    '09',
    '10',
    '11',
    '12',
    '21',
    '22',
    '26',
    '31',
  ])
  const first8 = district + rng.digits(6)
  return first8 + abaCheckDigit(first8)
}

function groupIban(rng: Random, iban: string): string {
  return rng.chance(0.45) ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban
}

/** Options for `makeBank`. */
export interface BankOptions {
  readonly holderName?: string
  /** A cross-border seller's receiving account in the storefront's country (a collection service). */
  readonly collection?: boolean
}

/** A deposit account in `country` with valid check digits (IBAN mod 97, ABA 3-7-1, UnionPay Luhn). */
export function makeBank(rng: Random, country: Country, opts: BankOptions = {}): Bank {
  const holder = opts.holderName ? { holderName: opts.holderName } : {}
  switch (country) {
    case 'DE': {
      const code = opts.collection ? DE_COLLECTION_CODE : rng.pick(DE_BANK_CODES)
      return { country, ...holder, iban: groupIban(rng, toIban('DE', code + rng.digits(10))) }
    }
    case 'GB': {
      const [bic, sortPrefix] = opts.collection ? GB_COLLECTION : rng.pick(GB_BANKS)
      const sort = sortPrefix + rng.digits(4)
      const account = rng.digits(8)
      if (rng.chance(0.5)) return { country, ...holder, iban: groupIban(rng, toIban('GB', bic + sort + account)) }
      const sortCode = rng.chance(0.7) ? sort.replace(/(\d\d)(\d\d)(\d\d)/, '$1-$2-$3') : sort
      return { country, ...holder, accountNumber: account, routingNumber: sortCode }
    }
    case 'US': {
      const routing = opts.collection
        ? rng.pick(US_COLLECTION_ROUTING)
        : rng.chance(0.7)
          ? rng.pick(US_ROUTING)
          : makeAbaRouting(rng)
      return { country, ...holder, routingNumber: routing, accountNumber: rng.digits(rng.between(9, 12)) }
    }
    case 'CN': {
      const payload = rng.pick(CN_CARD_PREFIXES) + rng.digits(12)
      return { country, ...holder, accountNumber: payload + luhnCheckDigit(payload) }
    }
    case 'JP': {
      const branch = rng.digits(3)
      return { country, ...holder, routingNumber: `${rng.pick(JP_BANKS)}-${branch}`, accountNumber: rng.digits(7) }
    }
  }
}

const BINS: Readonly<Record<Country, readonly string[]>> = {
  US: ['414720', '426684', '517805', '542418', '371449', '601100', '440066'],
  GB: ['465858', '475129', '535522', '492181', '454313'],
  DE: ['455600', '492910', '520473', '549175', '401288'],
  CN: ['622202', '625800', '628262', '436742', '524094'],
  JP: ['356900', '353011', '490222', '520430', '356600'],
}
const FINGERPRINT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A charge card: a processor fingerprint where the processor gives one, and/or bin, last4, expiry. */
export function makeCard(rng: Random, country: Country): Card {
  let fingerprint = ''
  for (let i = 0; i < 16; i++) fingerprint += FINGERPRINT_CHARS[rng.int(FINGERPRINT_CHARS.length)]
  const expiry = `${rng.between(2025, 2031)}-${String(rng.between(1, 12)).padStart(2, '0')}`
  const r = rng.float()
  const details = { bin: rng.pick(BINS[country]), last4: rng.digits(4), expiry }
  if (r < 0.4) return { fingerprint, ...details }
  if (r < 0.75) return { fingerprint }
  return details
}
