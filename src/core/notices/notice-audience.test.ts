import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { noticeAudience } from './notice.ts'

describe('noticeAudience', () => {
  const cases: readonly [string, Parameters<typeof noticeAudience>[0], ReturnType<typeof noticeAudience>][] = [
    [
      'a Californian on the US storefront',
      { marketplace: 'US', country: 'US', region: 'CA' },
      { locale: 'en', timeZone: 'America/Los_Angeles' },
    ],
    [
      'a US state by its name',
      { marketplace: 'US', country: 'US', region: 'new york' },
      { locale: 'en', timeZone: 'America/New_York' },
    ],
    [
      'a US state by its ISO 3166-2 code',
      { marketplace: 'US', country: 'US', region: 'US-TX' },
      { locale: 'en', timeZone: 'America/Chicago' },
    ],
    [
      'a US seller of no known state',
      { marketplace: 'US', country: 'US', region: 'Atlantis' },
      { locale: 'en', timeZone: 'America/New_York' },
    ],
    [
      'a Quebec seller',
      { marketplace: 'US', country: 'CA', region: 'Québec' },
      { locale: 'en', timeZone: 'America/Toronto' },
    ],
    ['a German seller', { marketplace: 'DE', country: 'DE' }, { locale: 'en', timeZone: 'Europe/Berlin' }],
    ['a British seller written GB', { marketplace: 'UK', country: 'GB' }, { locale: 'en', timeZone: 'Europe/London' }],
    ['a British seller written UK', { marketplace: 'DE', country: 'uk' }, { locale: 'en', timeZone: 'Europe/London' }],
    ['a Japanese seller', { marketplace: 'JP', country: 'JP' }, { locale: 'en', timeZone: 'Asia/Tokyo' }],
    [
      'a Chinese seller at home',
      { marketplace: 'CN', country: 'CN', region: 'Guangdong' },
      { locale: 'zh', timeZone: 'Asia/Shanghai' },
    ],
    [
      'a Hong Kong seller on the Chinese storefront',
      { marketplace: 'cn', country: 'HK' },
      { locale: 'zh', timeZone: 'Asia/Hong_Kong' },
    ],
    [
      'a Taiwanese seller on the Chinese storefront',
      { marketplace: 'CN', country: 'TW' },
      { locale: 'zh', timeZone: 'Asia/Taipei' },
    ],
    [
      'a Singaporean seller on the Chinese storefront',
      { marketplace: 'CN', country: 'SG' },
      { locale: 'zh', timeZone: 'Asia/Singapore' },
    ],
    [
      'a German seller on the Chinese storefront',
      { marketplace: 'CN', country: 'DE' },
      { locale: 'en', timeZone: 'Europe/Berlin' },
    ],
    ['a Chinese seller abroad', { marketplace: 'US', country: 'CN' }, { locale: 'en', timeZone: 'Asia/Shanghai' }],
    ['no country, a Chinese storefront', { marketplace: 'CN' }, { locale: 'zh', timeZone: 'Asia/Shanghai' }],
    [
      'no country, a storefront named by a country',
      { marketplace: 'UK', country: null },
      { locale: 'en', timeZone: 'Europe/London' },
    ],
    ['nothing known', { marketplace: 'EU-WEST', country: null, region: null }, { locale: 'en', timeZone: 'UTC' }],
    ['a country not listed', { marketplace: 'US', country: 'AQ' }, { locale: 'en', timeZone: 'UTC' }],
    [
      'the marketplace’s zone wins',
      { marketplace: 'US', country: 'US', region: 'CA', timeZone: 'America/Denver' },
      { locale: 'en', timeZone: 'America/Denver' },
    ],
    [
      'the marketplace’s zone, spelled loosely',
      { marketplace: 'US', timeZone: ' asia/shanghai ' },
      { locale: 'en', timeZone: 'Asia/Shanghai' },
    ],
    [
      'an unknown zone is ignored',
      { marketplace: 'DE', country: 'DE', timeZone: 'Mars/Olympus' },
      { locale: 'en', timeZone: 'Europe/Berlin' },
    ],
    [
      'the marketplace’s locale wins',
      { marketplace: 'US', country: 'US', locale: 'zh-CN' },
      { locale: 'zh', timeZone: 'America/New_York' },
    ],
    [
      'a Chinese locale in another script',
      { marketplace: 'US', locale: 'zh_Hant_TW' },
      { locale: 'zh', timeZone: 'America/New_York' },
    ],
    [
      'a language notices are not written in',
      { marketplace: 'CN', country: 'CN', locale: 'de-DE' },
      { locale: 'en', timeZone: 'Asia/Shanghai' },
    ],
    [
      'a malformed locale is ignored',
      { marketplace: 'CN', country: 'CN', locale: '???' },
      { locale: 'zh', timeZone: 'Asia/Shanghai' },
    ],
  ]
  for (const [name, input, expected] of cases) {
    it(`chooses for ${name}`, () => assert.deepEqual(noticeAudience(input), expected))
  }
})
