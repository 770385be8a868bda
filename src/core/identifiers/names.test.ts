import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { normaliseBusinessName } from './business-name.ts'
import { compareNames } from './compare-names.ts'
import { jaro, jaroWinkler } from './jaro-winkler.ts'
import { nameTokens } from './name-tokens.ts'
import { normalisePersonName } from './person-name.ts'

const key = (raw: string) => normaliseBusinessName(raw).key

describe('jaroWinkler', () => {
  it('reproduces Winkler’s published values', () => {
    assert.equal(jaro('martha', 'marhta').toFixed(4), '0.9444')
    assert.equal(jaroWinkler('martha', 'marhta').toFixed(4), '0.9611')
    assert.equal(jaroWinkler('dwayne', 'duane').toFixed(4), '0.8400')
    assert.equal(jaroWinkler('dixon', 'dicksonx').toFixed(4), '0.8133')
    assert.equal(jaroWinkler('abc', 'xyz'), 0)
    assert.equal(jaroWinkler('', ''), 1)
  })

  it('is symmetric and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = jaroWinkler(a, b)
        assert.ok(s >= 0 && s <= 1)
        assert.equal(s.toFixed(12), jaroWinkler(b, a).toFixed(12))
      }),
    )
  })
})

describe('normalisePersonName', () => {
  it('folds case and accents and ignores given/family order and pinyin swaps', () => {
    assert.equal(normalisePersonName('Xiaoming', 'Wang').key, 'wang xiaoming')
    assert.equal(normalisePersonName('WANG', 'Xiaoming').key, 'wang xiaoming')
    assert.equal(normalisePersonName('José', 'Müller').key, normalisePersonName('jose', 'MULLER').key)
    assert.equal(normalisePersonName('Dr. Jean-Pierre', "O'Brien").key, 'jean obrien pierre')
  })

  it('keeps CJK names as characters, family name first', () => {
    assert.equal(normalisePersonName('小明', '王').key, '王小明')
    assert.equal(normalisePersonName('太郎', '山田').key, '山田太郎')
  })

  it('reports an empty name', () => {
    assert.equal(normalisePersonName('', ' ').valid, false)
  })

  it('is idempotent on its own keys', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (given, family) => {
        const once = normalisePersonName(given, family)
        if (once.valid) assert.equal(normalisePersonName(once.key).key, once.key)
      }),
    )
  })
})

describe('normaliseBusinessName', () => {
  it('strips legal forms in many languages so variants agree', () => {
    const acme = key('Acme Trading')
    for (const raw of [
      'ACME Trading Co., Ltd.',
      'Acme Trading Company Limited',
      'Acme Trading LLC',
      'Acme Trading L.L.C.',
      'Acme Trading, Inc.',
      'Acme Trading Corp.',
      'Acme Trading GmbH',
      'Acme Trading UG (haftungsbeschränkt)',
      'Acme Trading GmbH & Co. KG',
      'Acme Trading S.A.',
      'Acme Trading S.L.',
      'Acme Trading SARL',
      'Acme Trading B.V.',
      'Acme Trading Pty Ltd',
      'Acme Trading PLC',
      'Acme Trading K.K.',
      'The Acme Trading Company',
    ]) {
      assert.equal(key(raw), acme, raw)
    }
  })

  it('strips CJK legal forms at the end, and Japanese ones at the start', () => {
    assert.equal(key('深圳市华强电子有限公司'), '深圳市华强电子')
    assert.equal(key('华强电子股份有限公司'), '华强电子')
    assert.equal(key('华强电子有限责任公司'), '华强电子')
    assert.equal(key('华强商行'), '华强')
    assert.equal(key('株式会社ソニー'), 'ソニー')
    assert.equal(key('ソニー株式会社'), 'ソニー')
    assert.equal(key('山田有限会社'), '山田')
  })

  it('never strips a name down to nothing', () => {
    assert.equal(key('Company Limited'), 'company')
    assert.equal(normaliseBusinessName('   ').valid, false)
  })

  it('is idempotent on its own keys', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const once = normaliseBusinessName(raw)
        if (once.valid) assert.equal(normaliseBusinessName(once.key).key, once.key)
      }),
    )
  })
})

describe('compareNames', () => {
  it('scores reordered, re-cased and re-accented names as equal', () => {
    assert.equal(compareNames('Wang Xiaoming', 'XIAOMING WANG'), 1)
    assert.equal(compareNames('Xiao Ming Wang', 'Wang Xiaoming'), 1)
    assert.equal(compareNames('Zoë Müller', 'zoe muller'), 1)
  })

  it('scores initials and missing middle names high but below 1', () => {
    const initial = compareNames('John A. Smith', 'John Adam Smith')
    const missing = compareNames('John Smith', 'John Adam Smith')
    assert.ok(initial > 0.95 && initial < 1)
    assert.ok(missing > 0.8 && missing < initial)
  })

  it('scores typos high and different people low', () => {
    assert.ok(compareNames('Jonathan Smith', 'Jonathon Smith') > 0.95)
    assert.ok(compareNames('John Smith', 'Maria Garcia') < 0.6)
    assert.ok(compareNames('王小明', '王晓明') > 0.7)
    assert.ok(compareNames('王小明', '李华') < 0.5)
  })

  it('is symmetric and in [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = compareNames(a, b)
        assert.ok(s >= 0 && s <= 1)
      }),
    )
    assert.equal(compareNames('', 'x'), 0)
  })

  it('tokenises names without honorifics and punctuation', () => {
    assert.deepEqual(nameTokens('Mr. Jean-Luc  Picard'), ['jean', 'luc', 'picard'])
  })
})
