// Words of postal addresses and their canonical short forms (USPS Publication 28 appendix C for English street
// types; Deutsche Post for German; pinyin and English forms of Chinese street words).

/** Street-type and direction words → the short form used in keys. */
export const STREET_WORDS: ReadonlyMap<string, string> = new Map([
  ['street', 'st'],
  ['st', 'st'],
  ['avenue', 'ave'],
  ['av', 'ave'],
  ['ave', 'ave'],
  ['road', 'rd'],
  ['rd', 'rd'],
  ['boulevard', 'blvd'],
  ['blvd', 'blvd'],
  ['drive', 'dr'],
  ['dr', 'dr'],
  ['lane', 'ln'],
  ['ln', 'ln'],
  ['court', 'ct'],
  ['ct', 'ct'],
  ['place', 'pl'],
  ['pl', 'pl'],
  ['square', 'sq'],
  ['sq', 'sq'],
  ['highway', 'hwy'],
  ['hwy', 'hwy'],
  ['parkway', 'pkwy'],
  ['pkwy', 'pkwy'],
  ['terrace', 'ter'],
  ['ter', 'ter'],
  ['circle', 'cir'],
  ['cir', 'cir'],
  ['crescent', 'cres'],
  ['cres', 'cres'],
  ['way', 'way'],
  ['close', 'cl'],
  ['gardens', 'gdns'],
  ['gdns', 'gdns'],
  ['park', 'pk'],
  ['mount', 'mt'],
  ['north', 'n'],
  ['south', 's'],
  ['east', 'e'],
  ['west', 'w'],
  ['northeast', 'ne'],
  ['northwest', 'nw'],
  ['southeast', 'se'],
  ['southwest', 'sw'],
  ['saint', 'st'],
  // pinyin and the English words used for Chinese streets
  ['lu', 'rd'],
  ['jie', 'st'],
  ['dajie', 'ave'],
  ['dadao', 'ave'],
  ['hutong', 'hutong'],
  ['xiang', 'ln'],
  // German separate words (compounds are handled by suffix)
  ['strasse', 'str'],
  ['str', 'str'],
  ['gasse', 'g'],
  ['platz', 'pl'],
  ['weg', 'weg'],
  ['allee', 'allee'],
  ['ring', 'ring'],
])

/** German compound street suffixes: `hauptstraße`, `hauptstrasse`, `hauptstr` → `hauptstr`. */
export const GERMAN_STREET_SUFFIXES: readonly (readonly [string, string])[] = [
  ['strasse', 'str'],
  ['str', 'str'],
]

/** Which part of a unit a designator names. */
export type UnitPart = 'tower' | 'floor' | 'room'

/** Unit designators written before their value (`Suite 400`, `Fl 3`, `Tower A`). */
export const UNIT_WORDS_BEFORE: ReadonlyMap<string, UnitPart> = new Map<string, UnitPart>([
  ['suite', 'room'],
  ['ste', 'room'],
  ['unit', 'room'],
  ['apt', 'room'],
  ['apartment', 'room'],
  ['room', 'room'],
  ['rm', 'room'],
  ['flat', 'room'],
  ['office', 'room'],
  ['ofc', 'room'],
  ['whg', 'room'],
  ['wohnung', 'room'],
  ['app', 'room'],
  ['zimmer', 'room'],
  ['floor', 'floor'],
  ['fl', 'floor'],
  ['flr', 'floor'],
  ['level', 'floor'],
  ['lvl', 'floor'],
  ['etage', 'floor'],
  ['tower', 'tower'],
  ['twr', 'tower'],
  ['block', 'tower'],
  ['blk', 'tower'],
  ['bldg', 'tower'],
  ['building', 'tower'],
])

/** Unit designators written after their value, as Chinese pinyin does (`1201 shi`, `12 ceng`, `A zuo`), and `4th floor`, `3. OG`. */
export const UNIT_WORDS_AFTER: ReadonlyMap<string, UnitPart> = new Map<string, UnitPart>([
  ['shi', 'room'],
  ['ceng', 'floor'],
  ['lou', 'floor'],
  ['floor', 'floor'],
  ['fl', 'floor'],
  ['f', 'floor'],
  ['og', 'floor'],
  ['stock', 'floor'],
  ['zuo', 'tower'],
  ['dong', 'tower'],
])

/**
 * CJK unit suffixes, as regular expressions over folded text, with the part they name and the markers of which
 * the text must contain at least one for the expression to match (a cheap test that skips most of them). Order
 * matters.
 */
export const CJK_UNIT_PATTERNS: readonly (readonly [RegExp, UnitPart, readonly string[]])[] = [
  [/([0-9a-z]+)号楼/, 'tower', ['号楼']],
  [/([0-9a-z]+)(?:座|栋|棟|幢)/, 'tower', ['座', '栋', '棟', '幢']],
  [/([0-9]+)単元|([0-9]+)单元/, 'tower', ['単元', '单元']],
  [/([0-9]+)(?:号室|室)/, 'room', ['室']],
  [/(?:b)?([0-9]+)(?:层|樓|楼|階|f)(?![0-9])/, 'floor', ['层', '樓', '楼', '階', 'f']],
]
