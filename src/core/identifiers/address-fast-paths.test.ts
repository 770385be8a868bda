import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { extractCjkUnit, extractLatinUnit } from './address-unit.ts'
import { CJK_UNIT_PATTERNS, UNIT_WORDS_AFTER, UNIT_WORDS_BEFORE, type UnitPart } from './address-vocabulary.ts'
import { removePostcode } from './postcode.ts'

// The unit and postcode steps as first written, without the cheap tests that now skip most of their work: the
// reference the guarded versions must agree with.
const VALUE = '(\\d+[a-z]?(?:-\\d+)?|[a-z]\\d*)'
const BEFORE = new RegExp(
  `(?:^|[\\s,])(${[...UNIT_WORDS_BEFORE.keys()].join('|')})\\.?\\s*:?\\s*${VALUE}(?![a-z0-9])`,
  'g',
)
const AFTER = new RegExp(
  `(?:^|[\\s,])${VALUE}(?:st|nd|rd|th)?\\.?\\s*/?\\s*(${[...UNIT_WORDS_AFTER.keys()].join('|')})(?![a-z0-9])`,
  'g',
)
type Unit = { tower?: string; floor?: string; room?: string }
const set = (unit: Unit, part: UnitPart, value: string) => {
  if (unit[part] === undefined) unit[part] = value.replace(/^0+(?=\d)/, '')
}

/** A replace callback that records the unit part named by the match and blanks the match out. */
function taking(unit: Unit, read: (a: string, b: string) => readonly [UnitPart, string]) {
  return (_: string, a: string, b: string) => {
    const [part, value] = read(a, b)
    set(unit, part, value)
    return ' '
  }
}

function referenceLatinUnit(part: string): { rest: string; unit: Unit } {
  const unit: Unit = {}
  let rest = part
  if (rest.includes('lou')) {
    rest = rest.replace(
      /(?:^|\s)(\d+)\s*hao\s*lou(?![a-z0-9])/g,
      taking(unit, (n) => ['tower', n]),
    )
  }
  if (rest.includes('pmb') || rest.includes('private')) {
    rest = rest.replace(
      /\b(?:pmb|private mailbox)\s*#?\s*(\d+)/g,
      taking(unit, (n) => ['room', n]),
    )
  }
  if (rest.includes('#'))
    rest = rest.replace(
      /#\s*([0-9a-z][0-9a-z-]*)/g,
      taking(unit, (v) => ['room', v]),
    )
  rest = rest.replace(
    BEFORE,
    taking(unit, (word, v) => [UNIT_WORDS_BEFORE.get(word) as UnitPart, v]),
  )
  rest = rest.replace(
    AFTER,
    taking(unit, (v, word) => [UNIT_WORDS_AFTER.get(word) as UnitPart, v]),
  )
  return { rest: rest === part ? part : rest.replace(/\s+/g, ' ').trim(), unit }
}

function referenceCjkUnit(text: string): { rest: string; unit: Unit } {
  const unit: Unit = {}
  let rest = text
  for (const [pattern, part] of CJK_UNIT_PATTERNS) {
    const m = pattern.exec(rest)
    if (m === null) continue
    set(unit, part, (m[1] ?? m[2] ?? '') as string)
    rest = rest.slice(0, m.index) + rest.slice(m.index + m[0].length)
  }
  return { rest, unit }
}

function referenceRemovePostcode(text: string, postcode: string, country: string): string {
  if (postcode === '') return text
  const withoutState = country === 'US' ? text.replace(/\b[a-z]{2}\s+\d{5}(?:-\d{4})?\b/g, ' ') : text
  const spellings = [postcode.toLowerCase(), postcode.toLowerCase().replace(' ', '')]
  if (country === 'JP') spellings.push(`${postcode.slice(0, 3)}-${postcode.slice(3)}`)
  let out = withoutState.replace(/〒/g, ' ')
  for (const spelling of spellings) out = out.replaceAll(spelling, ' ')
  return out
}

const words = (vocabulary: readonly string[], maxLength = 8) =>
  fc.array(fc.constantFrom(...vocabulary), { maxLength }).map((ws) => ws.join(''))

const LATIN_PIECES = [
  ...UNIT_WORDS_BEFORE.keys(),
  ...UNIT_WORDS_AFTER.keys(),
  ...['12', '0400', '4', 'a', 'b2', '-', '/', '.', ':', ',', ' ', ' ', '#', 'th', 'nd', 'st', 'hao', 'pmb', 'x'],
  ...['main', 'road', 'private mailbox', 'lou', '3f'],
]
const CJK_PIECES = [
  '号楼',
  '座',
  '栋',
  '単元',
  '单元',
  '室',
  '号室',
  '层',
  '楼',
  '階',
  'f',
  '12',
  '0',
  'a',
  'b',
  '路',
  '号',
]

describe('address fast paths', () => {
  it('extractLatinUnit agrees with the unguarded reference', () => {
    fc.assert(
      fc.property(words(LATIN_PIECES), (text) => {
        assert.deepEqual(extractLatinUnit(text), referenceLatinUnit(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('extractCjkUnit agrees with the unguarded reference', () => {
    fc.assert(
      fc.property(words(CJK_PIECES), (text) => {
        assert.deepEqual(extractCjkUnit(text), referenceCjkUnit(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('removePostcode agrees with the unguarded reference', () => {
    const cases = fc.constantFrom(
      ['US', '19808'],
      ['GB', 'SW1A 1AA'],
      ['JP', '1000005'],
      ['DE', '10115'],
      ['CN', '100022'],
      ['US', ''],
    )
    const pieces = ['19808', 'de ', 'sw1a 1aa', 'sw1a1aa', '100-0005', '1000005', '〒', ' ', ',', 'main st', '10115']
    fc.assert(
      fc.property(cases, words(pieces), ([country, postcode], text) => {
        assert.equal(removePostcode(text, postcode, country), referenceRemovePostcode(text, postcode, country))
      }),
      { numRuns: 3000 },
    )
  })
})
