import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { missingKeys, pickLanguage, translate, translateDynamic } from './i18n.ts'

describe('the portal in English and Chinese', () => {
  it('has every message in both languages', () => {
    assert.deepEqual(missingKeys(), [])
  })

  it("picks the first of the browser's languages it speaks; the seller's choice wins", () => {
    assert.equal(pickLanguage(['zh-CN', 'en-US'], null), 'zh')
    assert.equal(pickLanguage(['fr-FR', 'zh-TW', 'en'], null), 'zh')
    assert.equal(pickLanguage(['fr-FR', 'de'], null), 'en')
    assert.equal(pickLanguage(['zh-CN'], 'en'), 'en')
    assert.equal(pickLanguage(['zh-CN'], 'xx'), 'zh', 'an unknown saved choice is ignored')
  })

  it('fills placeholders and falls back for codes it has no words for', () => {
    assert.equal(translate('en', 'attemptsLeft', { n: 3 }), 'Attempts left: 3')
    assert.equal(translate('zh', 'attemptsLeft', { n: 3 }), '剩余尝试次数：3')
    assert.equal(translateDynamic('zh', 'method.postcard', 'postcard'), '明信片验证码')
    assert.equal(translateDynamic('en', 'method.carrier_pigeon', 'carrier pigeon'), 'carrier pigeon')
  })
})
