import type { Country } from './name-lists.ts'
import type { Person } from './person.ts'
import type { Random } from './random.ts'
import { foldDiacritics, toFullWidthDigits } from './retype.ts'

/** A phone number in structured form: country calling code and national significant number (no trunk 0). */
export interface Phone {
  readonly country: Country
  readonly national: string
}

const CALLING_CODE: Readonly<Record<Country, string>> = { US: '1', CN: '86', DE: '49', GB: '44', JP: '81' }
const US_AREAS = [
  '212',
  '347',
  '415',
  '510',
  '213',
  '310',
  '626',
  '206',
  '312',
  '713',
  '214',
  '512',
  '305',
  '404',
  '617',
]
const US_AREAS_MORE = ['215', '602', '303', '503', '702', '612', '704', '615', '614', '801', '732', '909', '949', '775']

/** A mobile number (most sellers) or landline of `country`. */
export function makePhone(rng: Random, country: Country): Phone {
  const landline = rng.chance(0.12)
  switch (country) {
    case 'US':
      return {
        country,
        national: `${rng.pick(rng.chance(0.6) ? US_AREAS : US_AREAS_MORE)}${rng.between(2, 9)}${rng.digits(6)}`,
      }
    case 'DE':
      return landline
        ? { country, national: `${rng.pick(['30', '40', '89', '221', '69'])}${rng.digits(7)}` }
        : {
            country,
            national: `1${rng.pick(['51', '52', '57', '60', '62', '70', '71', '72', '76', '79'])}${rng.digits(8)}`,
          }
    case 'GB':
      return {
        country,
        national: landline ? `20${rng.between(3, 8)}${rng.digits(7)}` : `7${rng.between(4, 9)}${rng.digits(8)}`,
      }
    case 'CN':
      return {
        country,
        national: `1${rng.pick(['38', '39', '35', '36', '58', '59', '86', '88', '37', '52'])}${rng.digits(8)}`,
      }
    case 'JP':
      return { country, national: landline ? `3${rng.digits(8)}` : `${rng.pick(['90', '80', '70'])}${rng.digits(8)}` }
  }
}

/** A block of numbers one VoIP or virtual carrier hands out (farms buy them in bulk, numbers close together). */
export function makeVoipBlock(rng: Random, country: Country): { readonly country: Country; readonly stem: string } {
  const stem = {
    US: () => `${rng.pick([...US_AREAS, ...US_AREAS_MORE])}${rng.between(2, 9)}${rng.digits(2)}`,
    CN: () => `1${rng.pick(['70', '71', '62', '65', '67'])}${rng.digits(4)}`,
    DE: () => `15${rng.between(1, 9)}${rng.digits(4)}`,
    GB: () => `7${rng.between(4, 9)}${rng.digits(4)}`,
    JP: () => `50${rng.digits(4)}`,
  }[country]()
  return { country, stem }
}

/** A number from a VoIP block: the stem plus random trailing digits. */
export function phoneFromBlock(rng: Random, block: { readonly country: Country; readonly stem: string }): Phone {
  const length = { US: 10, CN: 11, DE: 11, GB: 10, JP: 10 }[block.country]
  return { country: block.country, national: block.stem + rng.digits(length - block.stem.length) }
}

function split(n: string, ...sizes: number[]): string[] {
  const out: string[] = []
  let at = 0
  for (const s of sizes) {
    out.push(n.slice(at, at + s))
    at += s
  }
  if (at < n.length) out.push(n.slice(at))
  return out
}

/** The number as a person types it: spaces, dashes, parentheses, with or without +CC, with or without trunk 0. */
export function typePhone(rng: Random, phone: Phone, abroad = false): string {
  const n = phone.national
  const cc = CALLING_CODE[phone.country]
  switch (phone.country) {
    case 'US': {
      const [a, e, l] = split(n, 3, 3, 4)
      return rng.pick([
        `(${a}) ${e}-${l}`,
        `${a}-${e}-${l}`,
        `${a}.${e}.${l}`,
        `+1 ${a}-${e}-${l}`,
        `+1${n}`,
        n,
        `1 (${a}) ${e}-${l}`,
      ])
    }
    case 'DE': {
      const p = n.startsWith('1') ? 3 : n.length > 9 && n[2] !== '0' ? 2 : 3
      const [a, b] = split(n, p)
      const local = [`0${a} ${b}`, `0${a}/${b}`, `0${a}-${b}`, `0${n}`]
      const intl = [`+49 ${a} ${b}`, `+49 (0)${a} ${b}`, `+49${n}`, `0049 ${a} ${b}`]
      return rng.pick(abroad || rng.chance(0.4) ? intl : local)
    }
    case 'GB': {
      const [a, b] = split(n, 4)
      const local = [`0${a} ${b}`, `0${n}`, `0${a}-${b}`]
      return rng.pick(abroad || rng.chance(0.4) ? [`+44 ${a} ${b}`, `+44 (0)${a} ${b}`, `+44${n}`] : local)
    }
    case 'CN': {
      const [a, b, c] = split(n, 3, 4, 4)
      const local = [n, n, `${a} ${b} ${c}`, `${a}-${b}-${c}`, toFullWidthDigits(n)]
      const intl = [`+86 ${n}`, `+86-${a}-${b}-${c}`, `86${n}`, `+86 ${a} ${b} ${c}`, `0086${n}`]
      return rng.pick(abroad || rng.chance(0.15) ? intl : local)
    }
    case 'JP': {
      const [a, b, c] = n.startsWith('3') ? split(n, 1, 4, 4) : split(n, 2, 4, 4)
      const dashed = `0${a}-${b}-${c}`
      const local = [dashed, `0${n}`, toFullWidthDigits(dashed), `0${a} ${b} ${c}`]
      return rng.pick(abroad || rng.chance(0.2) ? [`+81 ${a}-${b}-${c}`, `+81${n}`, `+81-${a}-${b}-${c}`] : local)
    }
  }
  return `+${cc}${n}`
}

const MAIL_DOMAINS: Readonly<Record<Country, readonly string[]>> = {
  US: ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com'],
  GB: ['gmail.com', 'gmail.com', 'hotmail.co.uk', 'btinternet.com', 'yahoo.co.uk', 'outlook.com', 'sky.com'],
  DE: ['gmail.com', 'gmx.de', 'gmx.de', 'web.de', 'web.de', 't-online.de', 'outlook.de', 'freenet.de'],
  CN: ['qq.com', 'qq.com', '163.com', '126.com', 'sina.com', 'gmail.com', 'foxmail.com', 'outlook.com'],
  JP: ['gmail.com', 'gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com', 'ezweb.ne.jp', 'outlook.jp'],
}

const FREE_MAIL: ReadonlySet<string> = new Set(Object.values(MAIL_DOMAINS).flat())

/** Lowercase ASCII letters only: what survives of a name in an email address. */
export function toMailName(rng: Random, name: string): string {
  return foldDiacritics(rng, name)
    .toLowerCase()
    .replace(/[^a-z]/g, '')
}

/** A personal email address built from the person's name the ways people do it. */
export function makePersonalEmail(rng: Random, person: Person): string {
  const domain = rng.pick(MAIL_DOMAINS[person.country])
  if (domain === 'qq.com') return `${rng.between(1, 9)}${rng.digits(rng.between(7, 9))}@qq.com`
  const g = toMailName(rng, person.given.latin) || 'mail'
  const f = toMailName(rng, person.family.latin) || 'box'
  const yy = person.birthDate.slice(2, 4)
  // A mailbox belongs to one person: providers make namesakes choose a number, so every pattern carries one, wide
  // enough that two strangers of one name and birth year do not end up with one address.
  const n = rng.between(1, 9999)
  switch (rng.int(7)) {
    case 0:
      return `${g}.${f}${n}@${domain}`
    case 1:
      return `${g[0]}${f}${n}@${domain}`
    case 2:
      return `${f}${g}${yy}${rng.between(1, 999)}@${domain}`
    case 3:
      return `${g}${f}${n}@${domain}`
    case 4:
      return `${g}_${f}${n}@${domain}`
    case 5:
      return `${f}.${g[0]}${n}@${domain}`
    default:
      return `${g}${yy}${String(rng.between(0, 999)).padStart(3, '0')}@${domain}`
  }
}

const DOMAIN_TAGS = ['', 'shop', 'store', 'online', 'trade', 'direct', 'global', 'mart', 'hub', 'co']

/**
 * A business mailbox at the business's own domain. Business names come from small word lists and repeat across
 * unrelated businesses (namesakes are a real trap), but a domain belongs to one business: it gets a tag of its own.
 */
export function makeBusinessEmail(rng: Random, slug: string, country: Country): string {
  const tld = { US: 'com', GB: 'co.uk', DE: 'de', CN: 'cn', JP: 'jp' }[country]
  // Tags up to 9,999: with up to 999, namesakes of a marketplace of 300,000 shops drew one domain now and then.
  const domain = `${slug}${rng.pick(['', '-'])}${rng.pick(DOMAIN_TAGS)}${rng.between(1, 9_999)}`
  return `${rng.pick(['info', 'contact', 'sales', 'service', 'shop', 'support'])}@${domain}.${rng.chance(0.6) ? tld : 'com'}`
}

/** Another spelling of the same mailbox, or a sibling one: `+tag`, gmail dots, a digit, capitals. */
export function makeEmailVariant(rng: Random, email: string, index: number): string {
  const [local = '', domain = ''] = email.split('@')
  switch (rng.int(5)) {
    case 0:
      return `${local}+${rng.pick(['shop', 'store', 'seller', 'biz'])}${index}@${domain}`
    case 1:
      return domain === 'gmail.com' && local.length > 3
        ? `${local.slice(0, 2)}.${local.slice(2).replace('.', '')}@${domain}`
        : `${local}${index}@${domain}`
    case 2:
      return `${local}${index}@${domain}`
    case 3:
      return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`
    default: {
      // A sibling mailbox at a free provider keeps what made the original one the operator's own (its domain), as
      // `contact.store@outlook.com` would already belong to someone else.
      const own = FREE_MAIL.has(domain.toLowerCase()) ? '' : `.${domain.split('.')[0]!.replace(/[^a-z0-9]/gi, '')}`
      return `${local}${own}.${rng.pick(['shop', 'store', 'trade', 'biz'])}@${rng.pick(['gmail.com', 'outlook.com', domain])}`
    }
  }
}
