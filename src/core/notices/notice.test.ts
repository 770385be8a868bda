import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { isOnesellerError } from '../errors.ts'
import { aNotice, DEADLINE, REQUIRE, SUSPEND } from './a-notice.ts'
import { EN_EVIDENCE } from './evidence-en.ts'
import { ZH_EVIDENCE } from './evidence-zh.ts'
import { NOTICE_KINDS, NOTICE_LOCALES, type NoticeFacts, type NoticeKind, renderNotice } from './notice.ts'

const ALL = ['text', 'html', 'subject'] as const

const DSA_HEADINGS = {
  en: [
    'What we decided and its scope',
    'Facts and circumstances relied on',
    'Use of automated means',
    'Policy ground',
    'How to seek redress',
  ],
  zh: ['决定内容及适用范围', '所依据的事实和情况', '自动化手段的使用', '政策依据', '申诉及救济途径'],
} as const

function rejects(facts: NoticeFacts, field: string) {
  assert.throws(
    () => renderNotice(facts),
    (e) => isOnesellerError(e) && e.code === 'invalid_input' && e.message.includes(field),
  )
}

describe('renderNotice', () => {
  for (const kind of NOTICE_KINDS) {
    for (const locale of NOTICE_LOCALES) {
      it(`renders ${kind} in ${locale} with nothing left unfilled`, () => {
        const n = renderNotice(aNotice(kind, { locale }))
        assert.equal(n.locale, locale)
        for (const part of ALL) {
          assert.doesNotMatch(n[part], /undefined|NaN|\[object|null/, `${part} of ${kind}/${locale}`)
        }
        assert.match(n.subject, /^[^\n]{4,90}$/)
        assert.ok(n.html.startsWith('<!DOCTYPE html>\n<html lang="') && n.html.trimEnd().endsWith('</html>'))
        assert.ok(!n.text.includes('<'), 'the text part is plain')
        assert.ok(n.text.includes('acc-DE-000123'), 'the seller sees their own account id')
      })
    }
  }

  it('gives each kind a subject of its own', () => {
    for (const locale of NOTICE_LOCALES) {
      const subjects = new Set(NOTICE_KINDS.map((k) => renderNotice(aNotice(k, { locale })).subject))
      // The reinstatement after a suspension reads like the reinstatement itself; every other subject differs.
      assert.ok(subjects.size >= NOTICE_KINDS.length - 1, [...subjects].join(' | '))
    }
  })

  const restricting: readonly [NoticeKind, Partial<NoticeFacts>][] = [
    ['restriction', {}],
    ['verification_expired', {}],
    ['termination_notice', {}],
    [
      'verification_failed',
      {
        requirement: { id: 7, methods: ['video'], deadline: DEADLINE, onExpiry: 'deactivate', refused: true },
        effectiveAt: DEADLINE,
      },
    ],
  ]
  for (const [kind, over] of restricting) {
    for (const locale of NOTICE_LOCALES) {
      it(`states the five elements of a statement of reasons in ${kind} (${locale}), in order`, () => {
        const n = renderNotice(aNotice(kind, { ...over, locale }))
        let from = -1
        for (const heading of DSA_HEADINGS[locale]) {
          const at = n.text.indexOf(`${heading}\n`)
          assert.ok(at > from, `${heading} after the previous heading`)
          from = at
          assert.ok(n.html.includes(`>${heading}</h2>`))
        }
      })
    }
  }

  it('does not give a statement of reasons where nothing is restricted', () => {
    for (const kind of ['verification_requested', 'verification_passed', 'appeal_received'] as const) {
      assert.ok(!renderNotice(aNotice(kind)).text.includes(DSA_HEADINGS.en[0]), kind)
    }
  })

  it('writes the facts relied on as sentences, never as feature names', () => {
    const n = renderNotice(aNotice('restriction'))
    assert.match(n.text, /Your account is linked to 3 accounts that the marketplace has deactivated\./)
    assert.match(n.text, /Your account is 12 days old\./)
    assert.match(n.text, /another account \(acc…7f3\) have the same bank account and the same device\./)
    assert.doesNotMatch(n.text, /cluster\.deactivated|age_days|strong_evidence|linked_to_deactivated/)
    const zh = renderNotice(aNotice('restriction', { locale: 'zh' })).text
    assert.match(zh, /您的账户与 3 个已被平台停用的账户相关联。/)
    assert.match(zh, /您的账户已注册 12 天。/)
    assert.match(zh, /另一个账户（acc…7f3）使用了相同的银行账户和相同的设备。/)
  })

  it('shows times in the seller’s zone, with the zone named', () => {
    const shanghai = renderNotice(aNotice('verification_requested')).text
    assert.match(shanghai, /Complete every step by 10 December 2026, 17:00 \(Asia\/Shanghai\)\./)
    const newYork = renderNotice(aNotice('verification_requested', { timeZone: 'America/New_York' }))
    assert.match(newYork.text, /by 10 December 2026, 04:00 \(America\/New_York\)/)
    const zh = renderNotice(aNotice('verification_requested', { locale: 'zh' }))
    assert.match(zh.text, /请在2026年12月10日 17:00（北京时间\/Asia\/Shanghai）之前完成全部步骤。/)
    assert.equal(zh.subject, '请于2026年12月10日前完成账户验证')
    // A deadline just after midnight UTC falls on the previous day in New York: the subject's day follows the zone.
    const lateDeadline = {
      ...aNotice('verification_requested').requirement!,
      deadline: Date.parse('2026-12-10T02:00:00Z'),
    }
    assert.match(
      renderNotice(aNotice('verification_requested', { timeZone: 'America/New_York', requirement: lateDeadline }))
        .subject,
      /by 9 December 2026$/,
    )
  })

  it('escapes every value in the HTML and leaves the text plain', () => {
    const name = '<script>alert("x")</script> Smith & Sons'
    const n = renderNotice(
      aNotice('appeal_received', {
        sellerName: name,
        account: 'a<b>&"c',
        appeal: { id: 5, statement: 'It was <img src=x onerror=alert(1)> me\nand "them"' },
      }),
    )
    assert.ok(!n.html.includes('<script>') && !n.html.includes('<img') && !n.html.includes('<b>'))
    assert.ok(n.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Smith &amp; Sons'))
    assert.ok(n.html.includes('a&lt;b&gt;&amp;&quot;c'))
    assert.ok(n.html.includes('It was &lt;img src=x onerror=alert(1)&gt; me<br>and &quot;them&quot;'))
    assert.ok(n.text.includes(`Dear ${name},`))
    assert.ok(n.text.includes('> It was <img src=x onerror=alert(1)> me\n> and "them"'))
  })

  it('keeps a caller’s line breaks and direction overrides out of one-line values', () => {
    const n = renderNotice(
      aNotice('restriction', { sellerName: 'Eve\r\nBcc: all@example.com\u202e', marketplace: 'DE\nX' }),
    )
    assert.ok(n.text.includes('Dear Eve Bcc: all@example.com,\n'))
    assert.ok(!n.text.includes('\u202e') && !n.html.includes('\u202e'))
    assert.ok(n.text.includes('on the DE X storefront'))
  })

  it('never shows another account’s id in full, nor a shared value', () => {
    const others = ['acct_1f9a2b7f3', 'seller-0000998877', 'zz9']
    const facts = aNotice('restriction', {
      decision: { ...aNotice('restriction').decision, via: 'seller-0000998877' },
      evidence: {
        features: {},
        links: others.map((other, i) => ({ other, score: 20 - i, shared: ['iban', 'phone'] })),
      },
    })
    for (const locale of NOTICE_LOCALES) {
      const n = renderNotice({ ...facts, locale })
      for (const other of others) {
        assert.ok(!n.text.includes(other) && !n.html.includes(other), `${other} in ${locale}`)
      }
      assert.ok(n.text.includes('sell…877'))
    }
  })

  it('counts the links past the strongest five instead of listing them', () => {
    const links = Array.from({ length: 8 }, (_, i) => ({ other: `acct_00000000${i}`, score: i, shared: ['device'] }))
    const text = renderNotice(aNotice('restriction', { evidence: { features: {}, links } })).text
    assert.equal(text.match(/have the same device\./g)?.length, 5)
    assert.match(text, /linked in a similar way to 3 further accounts\./)
  })

  it('words what it does not know in a neutral sentence', () => {
    const facts = aNotice('restriction', {
      decision: { ...aNotice('restriction').decision, action: { ...SUSPEND, reason: 'copied_catalogue_v2' } },
      evidence: {
        features: {
          'account.listing_copies': 14,
          'cluster.mystery': { a: 1 },
          'account.age_days': 'twelve',
          'history.flags': ['late_payouts', 'chargebacks'],
          constructor: true,
        },
        links: [{ other: 'acct_1f9a2b7f3', score: 3, shared: ['quantum_entanglement', 'device'] }],
      },
    })
    const en = renderNotice(facts).text
    assert.match(en, /We also took into account: listing copies \(14\)\./)
    assert.match(en, /We also took into account: mystery\./)
    assert.match(en, /We also took into account: age days \("twelve"\)\./)
    assert.match(en, /We also took into account: flags \(late payouts and chargebacks\)\./)
    assert.match(en, /We also took into account: constructor \(yes\)\./)
    assert.match(en, /have other matching details and the same device\./)
    assert.match(en, /The reason given by the policy is: copied catalogue v2\./)
    const zh = renderNotice({ ...facts, locale: 'zh' }).text
    assert.match(zh, /我们还考虑了以下情况：listing copies（14）。/)
    assert.match(zh, /使用了其他相同的信息和相同的设备。/)
    const unknownMethod = aNotice('verification_requested', {
      requirement: { id: 7, methods: ['fingerprint_scan' as 'video'], deadline: DEADLINE },
    })
    assert.match(renderNotice(unknownMethod).text, /- Fingerprint scan: Follow the instructions in the seller portal\./)
  })

  it('has a sentence for every feature of the catalogue and every reason of the shipped policies', async () => {
    const { FEATURE_CATALOGUE } = await import('../features/index.ts')
    const sample = { bool: true, int: 2, double: 2.5, string: 'active', 'list(string)': ['video'] } as const
    for (const wording of [EN_EVIDENCE, ZH_EVIDENCE]) {
      for (const f of FEATURE_CATALOGUE) {
        const say = (wording.features as Record<string, (v: unknown) => string | undefined>)[f.name]
        assert.ok(say !== undefined, f.name)
        const value =
          f.name === 'account.kind' ? 'business' : f.name === 'account.channel_type' ? 'invite' : sample[f.type]
        const sentence = say(value)
        assert.ok(sentence !== undefined && sentence.length > 5, `${f.name} says something of ${String(value)}`)
        assert.equal(say({ nested: 1 }), undefined, `${f.name} refuses a value not of its type`)
      }
    }
    const dir = new URL('../../../policies/', import.meta.url)
    const reasons = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parse(readFileSync(new URL(f, dir), 'utf8')).rules as { action: { reason: string } }[])
      .map((r) => r.action.reason)
    assert.ok(reasons.length >= 4)
    for (const reason of reasons) {
      assert.ok(Object.hasOwn(EN_EVIDENCE.reasons, reason) && Object.hasOwn(ZH_EVIDENCE.reasons, reason), reason)
    }
  })

  it('writes Chinese notices in Chinese throughout', () => {
    for (const kind of NOTICE_KINDS) {
      const facts = aNotice(kind, {
        locale: 'zh',
        sellerName: '深圳市海川贸易有限公司',
        appeal: { id: 5, statement: '这些账户不是我的。' },
      })
      const { decision } = facts
      const n = renderNotice({ ...facts, decision: { ...decision, ruleDescription: '与被停用账户存在个人信息关联。' } })
      const latin = n.text
        .replace(/https?:\/\/\S+/g, '')
        .replace(/second-review|linked-to-deactivated|acc-DE-000123|Asia\/Shanghai|acc…7f3|IP|DE|IBAN|\(EU\)/g, '')
      assert.doesNotMatch(latin, /[A-Za-z]{2,}/, `${kind}: ${latin.match(/[A-Za-z]{2,}.{0,30}/)?.[0]}`)
      assert.equal(renderNotice({ ...facts, decision }).html.includes('lang="zh-CN"'), true)
    }
  })

  it('names no storefront for an account not registered on one', () => {
    const en = renderNotice(aNotice('restriction', { marketplace: '' })).text
    assert.match(en, /decision about your seller account acc-DE-000123\. /)
    assert.match(en, /This message is about seller account acc-DE-000123\. Reference/)
    const zh = renderNotice(aNotice('restriction', { marketplace: ' ', locale: 'zh' })).text
    assert.match(zh, /就您的卖家账户（acc-DE-000123）作出决定/)
  })

  it('refuses facts it cannot make a notice of, naming the field', () => {
    rejects(aNotice('restriction', { timeZone: 'Mars/Olympus' }), 'timeZone')
    rejects(
      aNotice('restriction', { decision: { ...aNotice('restriction').decision, action: REQUIRE } }),
      'decision.action',
    )
    rejects(aNotice('termination_notice', { decision: { ...aNotice('restriction').decision } }), 'decision.action.type')
    rejects(aNotice('appeal_upheld', { appeal: undefined }), 'appeal')
    rejects(aNotice('restriction', { portalUrl: 'javascript:alert(1)' }), 'portalUrl')
    rejects(aNotice('restriction', { redress: { appealWithinDays: 0 } }), 'redress.appealWithinDays')
    rejects(aNotice('restriction', { effectiveAt: Number.NaN }), 'effectiveAt')
    rejects(aNotice('restriction', { kind: 'welcome' as NoticeKind }), 'kind')
    rejects(aNotice('restriction', { locale: 'fr' as 'en' }), 'locale')
    rejects(
      aNotice('verification_requested', {
        decision: { ...aNotice('restriction').decision },
        requirement: undefined,
      }),
      'requirement',
    )
    rejects(
      aNotice('verification_failed', {
        requirement: { id: 7, methods: ['video'], deadline: DEADLINE, onExpiry: 'suspend', refused: true },
      }),
      'effectiveAt',
    )
  })

  it('renders the same facts to the same mail', () => {
    const facts = aNotice('verification_expired', { locale: 'zh' })
    assert.deepEqual(renderNotice(facts), renderNotice(facts))
  })
})
