import type { NoticeLocale } from './notice-facts.ts'
import { canonicalTimeZone } from './notice-time.ts'
import { normaliseCountry, zoneOfPlace } from './time-zones.ts'

/** Storefronts whose sellers are written to in Chinese (simplified, the script of the mainland). */
const CHINESE_STOREFRONTS: ReadonlySet<string> = new Set(['CN'])
/** Countries whose sellers on a Chinese storefront read Chinese; others there are written to in English. */
const CHINESE_SPEAKING: ReadonlySet<string> = new Set(['CN', 'HK', 'MO', 'TW', 'SG'])

const BCP47 = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i

/**
 * The language a notice is written in: the `locale` the marketplace declares when it is a well-formed BCP 47 tag
 * (`zh`, `zh-CN`, `zh-Hant-TW` → Chinese; any other language → English, the language every notice exists in); else
 * Chinese on a Chinese storefront for a seller of a Chinese-speaking country or of no declared country; else English.
 */
function localeOf(input: {
  readonly marketplace: string
  readonly country?: string | null
  readonly locale?: string | null
}): NoticeLocale {
  const declared = input.locale?.trim().replace(/_/g, '-')
  if (declared !== undefined && BCP47.test(declared)) return declared.toLowerCase().split('-')[0] === 'zh' ? 'zh' : 'en'
  if (!CHINESE_STOREFRONTS.has(input.marketplace.trim().toUpperCase())) return 'en'
  const country = input.country?.trim()
  return country === undefined || country === '' || CHINESE_SPEAKING.has(normaliseCountry(country)) ? 'zh' : 'en'
}

/**
 * The time zone notices show times in: the `timeZone` the marketplace declares when the runtime knows it; else the
 * zone of the declared country and region (US states, Canadian provinces, Australian states, … each theirs; a
 * country by its most populous zone); else, when no country is declared, the zone of a storefront named by a country
 * code (`DE`, `UK`); else UTC.
 */
function timeZoneOf(input: {
  readonly marketplace: string
  readonly country?: string | null
  readonly region?: string | null
  readonly timeZone?: string | null
}): string {
  const declared = input.timeZone == null ? undefined : canonicalTimeZone(input.timeZone)
  if (declared !== undefined) return declared
  const country = input.country?.trim()
  if (country !== undefined && country !== '') return zoneOfPlace(country, input.region) ?? 'UTC'
  return zoneOfPlace(input.marketplace) ?? 'UTC'
}

/**
 * The seller's locale and time zone from what the account declares. Explicit `locale` / `timeZone` given by the
 * marketplace win; a malformed locale or an unknown zone is ignored and the rest decides (the mail still goes out,
 * with its zone named). See docs/notices.md, "Language and time zone".
 *
 * @example noticeAudience({ marketplace: 'US', country: 'US', region: 'CA' })
 *   // { locale: 'en', timeZone: 'America/Los_Angeles' }
 */
export function noticeAudience(input: {
  marketplace: string
  country?: string | null
  region?: string | null
  locale?: string | null
  timeZone?: string | null
}): { locale: NoticeLocale; timeZone: string } {
  return { locale: localeOf(input), timeZone: timeZoneOf(input) }
}
