import type { Business, PostalAddress } from '../core/interchange/index.ts'
import { deVatCheckDigit, jpCorporateCheckDigit, orgCodeCheckChar, usccCheckChar } from './check-digits.ts'
import { toMailName } from './contact.ts'
import type { Country } from './name-lists.ts'
import type { Person } from './person.ts'
import { CN_STEMS, JP_STEMS, STEMS } from './place-lists.ts'
import type { Random } from './random.ts'
import { makeTypo } from './retype.ts'

/** A registered business as the real world knows it; `toBusiness` declares it on an account. */
export interface Company {
  readonly country: Country
  readonly name: string
  /** Lowercase ASCII stem of the name, for its web and mail domain. */
  readonly slug: string
  readonly registrationNumber?: string
  readonly taxId?: string
}

const EN_NOUNS = [
  'Trading',
  'Goods',
  'Supply',
  'Outlet',
  'Home',
  'Designs',
  'Ventures',
  'Commerce',
  'Direct',
  'Imports',
  'Gear',
  'Essentials',
]
const DE_NOUNS = ['Handels', 'Versand', 'Vertriebs', 'Import', 'Trading', 'Shop', 'Warenhandel']
const CN_NOUNS: readonly (readonly [string, string])[] = [
  ['电子商务', 'ecommerce'],
  ['科技', 'tech'],
  ['贸易', 'trading'],
  ['电子', 'electronics'],
  ['进出口', 'imex'],
  ['实业', 'industry'],
]
const CN_STEM_LATIN: Readonly<Record<string, string>> = {
  华强: 'huaqiang',
  赛格: 'saige',
  国贸: 'guomao',
  环球: 'huanqiu',
  万达: 'wanda',
  星河: 'xinghe',
  卓越: 'zhuoyue',
  金地: 'jindi',
  天安: 'tianan',
  中航: 'zhonghang',
  恒大: 'hengda',
  科兴: 'kexing',
  海岸: 'haian',
  创维: 'chuangwei',
}
// Valid IRS campus prefixes of an EIN (07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97 are never issued).
const EIN_PREFIXES = [
  1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 35, 36,
]
  .concat([
    37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65,
  ])
  .concat([66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 98, 99])

/** A US employer identification number with a valid campus prefix. */
export function makeEin(rng: Random): string {
  return `${String(rng.pick(EIN_PREFIXES)).padStart(2, '0')}-${rng.digits(7)}`
}

/** A CN unified social credit code (GB 32100): valid organisation-code and final check characters. */
export function makeUscc(rng: Random): string {
  const org = rng.digits(8)
  const first17 = `${rng.pick(['91', '91', '92'])}${rng.pick(['440300', '440305', '330782', '310115', '110105', '441900'])}${org}${orgCodeCheckChar(org)}`
  return first17 + usccCheckChar(first17)
}

function makeJpCorporateNumber(rng: Random): string {
  const base = rng.digits(12)
  return `${jpCorporateCheckDigit(base)}${base}`
}

/** A business of `country` owned by `owner`, with the registration and tax numbers its country uses. */
export function makeCompany(rng: Random, country: Country, owner: Person): Company {
  switch (country) {
    case 'US': {
      const stem = rng.chance(0.4) ? owner.family.latin : rng.pick(STEMS)
      const noun = rng.pick(EN_NOUNS)
      return {
        country,
        name: `${stem} ${noun} ${rng.pick(['LLC', 'LLC', 'Inc.', 'Co.'])}`,
        slug: toMailName(rng, stem + noun),
        taxId: makeEin(rng),
      }
    }
    case 'GB': {
      const stem = rng.chance(0.4) ? owner.family.latin : rng.pick(STEMS)
      const noun = rng.pick(EN_NOUNS)
      const number = rng.chance(0.1) ? `SC${rng.digits(6)}` : `${rng.between(6, 15)}`.padStart(2, '0') + rng.digits(6)
      return {
        country,
        name: `${stem} ${noun} ${rng.pick(['Ltd', 'Limited', 'Ltd.'])}`,
        slug: toMailName(rng, stem + noun),
        registrationNumber: number,
        ...(rng.chance(0.6) ? { taxId: `GB${rng.digits(9)}` } : {}),
      }
    }
    case 'DE': {
      const stem = rng.chance(0.5) ? owner.family.latin : rng.pick(STEMS)
      const form = rng.pick(['GmbH', 'GmbH', 'UG (haftungsbeschränkt)', 'e.K.'])
      const vat = rng.digits(8)
      return {
        country,
        name: `${stem} ${rng.pick(DE_NOUNS)} ${form}`,
        slug: toMailName(rng, stem),
        registrationNumber: `${form === 'e.K.' ? 'HRA' : 'HRB'} ${rng.between(1000, 250000)}`,
        taxId: `DE${vat}${deVatCheckDigit(vat)}`,
      }
    }
    case 'CN': {
      const stem = rng.pick(CN_STEMS)
      const [noun, nounLatin] = rng.pick(CN_NOUNS)
      const city = rng.pick(['深圳市', '广州市', '义乌市', '杭州市', '东莞市', '厦门市'])
      const uscc = makeUscc(rng)
      return {
        country,
        name: `${city}${stem}${noun}有限公司`,
        slug: `${CN_STEM_LATIN[stem] ?? 'shop'}${nounLatin}`,
        registrationNumber: uscc,
        taxId: uscc,
      }
    }
    case 'JP': {
      const stem = rng.pick(JP_STEMS)
      const name = rng.pick([`株式会社${stem}`, `${owner.family.native}商事株式会社`, `合同会社${stem}トレード`])
      const corp = makeJpCorporateNumber(rng)
      return {
        country,
        name,
        slug: `${toMailName(rng, owner.family.latin)}${rng.pick(['shoji', 'trade', 'shop'])}`,
        registrationNumber: corp,
        ...(rng.chance(0.5) ? { taxId: `T${corp}` } : {}),
      }
    }
  }
}

/** The company declared on an account; `retyped` writes the name or numbers the way a second hand would. */
export function toBusiness(
  rng: Random,
  company: Company,
  opts: { address?: PostalAddress; retyped?: boolean } = {},
): Business {
  let name = company.name
  let registrationNumber = company.registrationNumber
  if (opts.retyped) {
    const r = rng.int(4)
    if (r === 0)
      name = name.replace(/ (LLC|Inc\.|Ltd\.?|Limited|GmbH)$/, (m) => ` ${m.trim().replace('.', '').toUpperCase()}`)
    else if (r === 1) name = name.toUpperCase()
    else if (r === 2 && /[a-z]{4}/.test(name)) name = makeTypo(rng, name)
    else if (registrationNumber) registrationNumber = registrationNumber.replace(/[ -]/g, '')
  }
  return {
    name,
    country: company.country,
    ...(registrationNumber ? { registrationNumber } : {}),
    ...(company.taxId ? { taxId: company.taxId } : {}),
    ...(opts.address ? { address: opts.address } : {}),
  }
}
