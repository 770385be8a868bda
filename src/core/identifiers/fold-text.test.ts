import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { compactAlphanumeric, foldText, isPresent } from './fold-text.ts'

// foldText as first written, without fast paths: the reference they must agree with.
const LIGATURES: Readonly<Record<string, string>> = Object.fromEntries(
  ['ßss', 'ẞss', 'æae', 'Æae', 'œoe', 'Œoe', 'øo', 'Øo', 'đd', 'Đd', 'łl', 'Łl', 'ıi', 'þth', 'Þth'].map((e) => [
    e.slice(0, 1),
    e.slice(1),
  ]),
)
const LIGATURE_PATTERN = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g')

function foldTextReference(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) {
    const lower = text.toLowerCase()
    return (/\s\s/.test(lower) ? lower.replace(/\s+/g, ' ') : lower).trim()
  }
  const composed = text.normalize('NFKC')
  if (!/[\u00c0-\u024f\u1e00-\u1eff]/.test(composed)) return composed.toLowerCase().replace(/\s+/g, ' ').trim()
  return composed
    .replace(LIGATURE_PATTERN, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i))

// Characters of each fast path, their neighbours just outside it, and characters that must take the general path.
const ASCII = range(0x20, 0x7e)
const LATIN = range(0xa0, 0x24f)
const KANA_AND_HAN = [...range(0x3040, 0x30ff), ...range(0x4e00, 0x4e40), ...range(0x9fe0, 0x9fff)]
const OTHERS = ['\t', '\n', '\u3000', '\u2003', 'Ａ', '１', 'ﬁ', '㈱', '\u0301', '\u3099', 'İ', 'ẞ', 'Ω', 'é', '\uf900']

const textOf = (alphabet: readonly string[]) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map((chars) => chars.join(''))

describe('foldText fast paths', () => {
  it('fold every single character as the general fold does', () => {
    for (const c of [...ASCII, ...LATIN, ...KANA_AND_HAN, ...OTHERS]) {
      assert.equal(foldText(c), foldTextReference(c), `U+${c.charCodeAt(0).toString(16)}`)
      assert.equal(foldText(`  A${c}b  ${c}c `), foldTextReference(`  A${c}b  ${c}c `))
    }
  })

  it('agree with the general fold on generated text', () => {
    const alphabets = [
      [...ASCII, ...LATIN],
      [...ASCII, ...KANA_AND_HAN],
      [...'aZ -.', ...LATIN.slice(0x20, 0x60), ...OTHERS],
      [...ASCII.slice(0, 40), ...KANA_AND_HAN.slice(0, 40), ...LATIN.slice(0, 40), ...OTHERS],
    ]
    for (const alphabet of alphabets) {
      fc.assert(
        fc.property(textOf(alphabet), (text) => {
          assert.equal(foldText(text), foldTextReference(text))
        }),
        { numRuns: 2000 },
      )
    }
  })

  it('keep the documented examples', () => {
    assert.equal(foldText('  Ｍüller-Straße '), 'muller-strasse')
    assert.equal(foldText('José  GARCÍA'), 'jose garcia')
    assert.equal(foldText('東京都 千代田区 ABC'), '東京都 千代田区 abc')
  })
})

describe('compactAlphanumeric', () => {
  it('gives what folding, dropping all but a–z 0–9 and upper-casing gives', () => {
    const reference = (text: string) =>
      foldTextReference(text)
        .replace(/[^0-9a-z]/g, '')
        .toUpperCase()
    fc.assert(
      fc.property(textOf([...ASCII, ...LATIN.slice(0, 80), ...OTHERS]), (text) => {
        assert.equal(compactAlphanumeric(text), reference(text))
      }),
      { numRuns: 3000 },
    )
  })
})

describe('isPresent', () => {
  it('is true exactly for text that is not blank after trimming', () => {
    fc.assert(
      fc.property(textOf([' ', '\t', '\u3000', '\u00a0', '\ufeff', 'a', '-', 'é']), (text) => {
        assert.equal(isPresent(text), text.trim() !== '')
      }),
    )
    assert.equal(isPresent(undefined), false)
    assert.equal(isPresent(null), false)
  })
})
