import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeFeatures, describeLinks, maskAccountId } from './describe-evidence.ts'
import { EN_EVIDENCE } from './evidence-en.ts'
import { ZH_EVIDENCE } from './evidence-zh.ts'

describe('maskAccountId', () => {
  it('shows at most a quarter of the id from each end', () => {
    assert.equal(maskAccountId('acct_1f9a2b7f3'), 'acc…7f3')
    assert.equal(maskAccountId('seller-0000998877'), 'sell…877')
    assert.equal(maskAccountId('0123456789'), '01…89')
  })
  it('shows nothing of an id too short to mask', () => {
    assert.equal(maskAccountId('a1b2c3d4e'), undefined)
    assert.equal(maskAccountId(''), undefined)
  })
})

describe('describeFeatures', () => {
  it('follows the catalogue order and puts unknown features last, by name', () => {
    const sentences = describeFeatures(
      { 'zeta.unknown': 1, 'history.decisions': 2, 'alpha.unknown': true, 'account.age_days': 0.4 },
      EN_EVIDENCE,
    )
    assert.deepEqual(sentences, [
      'Your account is less than a day old.',
      'Our policies had taken 2 decisions about your account before.',
      'We also took into account: unknown (yes).',
      'We also took into account: unknown (1).',
    ])
  })
  it('says a thing once when two features say the same', () => {
    const sentences = describeFeatures(
      { 'account.change_of_control': false, 'account.days_since_control_change': -1 },
      EN_EVIDENCE,
    )
    assert.deepEqual(sentences, ['We have not seen a change in who runs your account.'])
  })
  it('words problems of declared identifiers without their values', () => {
    const [en] = describeFeatures(
      { 'account.problems': ['tax_id:bad_check_digit', 'phone:fictitious_range', 'pet:odd'] },
      EN_EVIDENCE,
    )
    assert.equal(
      en,
      'Some details you declared could not be confirmed: your tax number (its check digit is wrong), your phone number (it is in a range reserved for fictitious numbers) and your pet (it is not valid).',
    )
    const [zh] = describeFeatures({ 'account.problems': ['tax_id:bad_check_digit'] }, ZH_EVIDENCE)
    assert.equal(zh, '您填写的部分信息无法确认：您的税号（校验位错误）。')
  })
  it('words singular and plural counts', () => {
    assert.deepEqual(describeFeatures({ 'cluster.size': 2, 'cluster.deactivated': 1 }, EN_EVIDENCE), [
      'Your account is linked to 1 other account that we believe is run by the same party.',
      'Your account is linked to 1 account that the marketplace has deactivated.',
    ])
  })
})

describe('describeLinks', () => {
  it('names each shared kind once, strongest link first, and never the other account in full', () => {
    const sentences = describeLinks(
      [
        { other: 'weak-link-0000001', score: 2, shared: ['ip_prefix'] },
        { other: 'strong-link-000002', score: 40, shared: ['iban', 'bank_account', 'face'] },
      ],
      EN_EVIDENCE,
    )
    assert.deepEqual(sentences, [
      'Your account and another account (stro…002) have the same bank account and the same face in identity checks.',
      'Your account and another account (weak…001) have the same internet network.',
    ])
  })
})
