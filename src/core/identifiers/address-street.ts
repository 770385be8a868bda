import { GERMAN_STREET_SUFFIXES, STREET_WORDS } from './address-vocabulary.ts'

/** A street and the house number on it, as key text (`mainst`, `123`), or undefined parts when not found. */
export interface StreetAddress {
  readonly street: string
  readonly houseNumber: string
}

// Before the street a letter suffix must touch the number (`30 N Gould St` is 30, North Gould); after the street
// it may stand apart (`Hauptstraße 5 a`).
const NUMBER_FIRST = '(\\d+[a-z]?(?:\\s?[-/]\\s?\\d+[a-z]?)*)'
const NUMBER_LAST = '(\\d+\\s?[a-z]?(?:\\s?[-/]\\s?\\d+[a-z]?)*)'
const LEADING = new RegExp(`^(?:no|nr|number)?\\.?\\s*${NUMBER_FIRST}(?:\\s*,)?\\s+(\\D.*)$`)
const TRAILING = new RegExp(`^(\\D.*?)[\\s,]*(?:no|nr)?\\.?\\s*${NUMBER_LAST}(?:\\s*hao)?$`)
const WORD_SPLIT = /[^\p{L}\p{N}]+/u

const PLAIN_NUMBER = /^\d+$/

/** `5 a` → `5a`, `152 - 160` → `152-160`, `5/7` → `5-7`. */
function canonicalNumber(text: string): string {
  return PLAIN_NUMBER.test(text) ? text : text.replace(/\s+/g, '').replace(/\//g, '-')
}

function canonicalWord(word: string): string {
  const short = STREET_WORDS.get(word)
  if (short !== undefined) return short
  for (const [suffix, replacement] of GERMAN_STREET_SUFFIXES) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length) + replacement
  }
  return word
}

/**
 * The street as key text: words folded, street types and directions shortened (USPS Pub. 28 style:
 * `Street` → `st`, `Avenue` → `ave`; German `Straße`/`Strasse`/`Str.` → `str`, also inside compounds; pinyin
 * `lu` → `rd`), then joined without spaces so `Haupt Straße` and `Hauptstraße` agree.
 */
export function streetKey(street: string): string {
  let out = ''
  for (const word of street.split(WORD_SPLIT)) if (word !== '') out += canonicalWord(word)
  return out
}

/**
 * Finds street and house number in one folded Latin-script address part: number first (`123 main st`,
 * `1-2-3 marunouchi`, `no. 88 jianguo road`) or last (`hauptstrasse 5a`, `jianguo lu 88 hao`).
 */
export function parseLatinStreet(part: string): StreetAddress | undefined {
  const leading = LEADING.exec(part)
  if (leading !== null) {
    const street = streetKey(leading[2] as string)
    if (street !== '') return { street, houseNumber: canonicalNumber(leading[1] as string) }
  }
  const trailing = TRAILING.exec(part)
  if (trailing !== null) {
    const street = streetKey(trailing[1] as string)
    if (street !== '') return { street, houseNumber: canonicalNumber(trailing[2] as string) }
  }
  return undefined
}

const JP_CHOME = [
  /(\d+)丁目(\d+)(?:番地?|-)(\d+)号?/,
  /(\d+)-(\d+)-(\d+)/,
  /(\d+)丁目(\d+)番地?/,
  /(\d+)番地?(\d+)号?/,
  /(\d+)-(\d+)/,
  /(\d+)番地?/,
]
const JP_ADMIN = /^.*[都道府県市区郡]/
const CN_STREET = /([^\d,，\s]*?(?:大道|大街|路|街|道|巷|胡同|弄|里))(\d+(?:-\d+)?)号/
const CN_ADMIN = /^.*[省市区县縣镇鎮乡]/

/**
 * Japanese block addressing: chome-ban-go (`1丁目2番3号`, `1-2-3`) → `1-2-3`; the street is the town name before
 * it (`丸の内`) with prefecture, city and ward removed.
 */
export function parseJapaneseStreet(text: string): StreetAddress | undefined {
  for (const pattern of JP_CHOME) {
    const m = pattern.exec(text)
    if (m === null) continue
    const houseNumber = m
      .slice(1)
      .filter((g) => g !== undefined)
      .join('-')
    const street = text
      .slice(0, m.index)
      .replace(JP_ADMIN, '')
      .replace(/[\s,，、]/g, '')
    return { street, houseNumber }
  }
  return undefined
}

/** Chinese street and number: `朝阳区建国路88号` → street `建国路`, number `88` (province, city, district removed). */
export function parseChineseStreet(text: string): StreetAddress | undefined {
  const m = CN_STREET.exec(text)
  if (m === null) return undefined
  return { street: (m[1] as string).replace(CN_ADMIN, ''), houseNumber: m[2] as string }
}
