import { CJK_UNIT_PATTERNS, UNIT_WORDS_AFTER, UNIT_WORDS_BEFORE, type UnitPart } from './address-vocabulary.ts'

/** The unit inside a building: tower/block, floor and room/suite, each as folded text. */
export interface AddressUnit {
  readonly tower?: string
  readonly floor?: string
  readonly room?: string
}

/** What was left of an address part after its unit designators were taken out. */
export interface UnitExtraction {
  readonly rest: string
  readonly unit: AddressUnit
}

// A unit value: digits with an optional letter, a single letter, or letter+digits (`400`, `12b`, `a`, `b2`, `4-1`).
const VALUE = '(\\d+[a-z]?(?:-\\d+)?|[a-z]\\d*)'
// Address text is folded first, so ASCII classes suffice; the `u` flag would slow every match down.
const BEFORE = new RegExp(
  `(?:^|[\\s,])(${[...UNIT_WORDS_BEFORE.keys()].join('|')})\\.?\\s*:?\\s*${VALUE}(?![a-z0-9])`,
  'g',
)
const AFTER = new RegExp(
  `(?:^|[\\s,])${VALUE}(?:st|nd|rd|th)?\\.?\\s*/?\\s*(${[...UNIT_WORDS_AFTER.keys()].join('|')})(?![a-z0-9])`,
  'g',
)
const HASH = /#\s*([0-9a-z][0-9a-z-]*)/g
const PMB = /\b(?:pmb|private mailbox)\s*#?\s*(\d+)/g
const BUILDING_NUMBER_LOU = /(?:^|\s)(\d+)\s*hao\s*lou(?![a-z0-9])/g

type Mutable = { tower?: string; floor?: string; room?: string }

function set(unit: Mutable, part: UnitPart, value: string): void {
  if (unit[part] === undefined) unit[part] = value.startsWith('0') ? value.replace(/^0+(?=\d)/, '') : value
}

/**
 * `text.replace(pattern, (...groups) => { take(match); return ' ' })` for a global pattern that never matches empty
 * text, as an exec loop: a replace with a callback costs three times as much, matches or not.
 */
function blankOut(text: string, pattern: RegExp, take: (match: RegExpExecArray) => void): string {
  pattern.lastIndex = 0
  let out = ''
  let from = 0
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    take(m)
    out += `${text.slice(from, m.index)} `
    from = pattern.lastIndex
  }
  pattern.lastIndex = 0
  return from === 0 ? text : out + text.slice(from)
}

/**
 * Takes unit designators out of one folded, Latin-script address part: `suite 400`, `ste 400`, `#400`, `rm 5`,
 * `fl 3`, `4th floor`, `12/f`, `3. og`, `tower a`, `a zuo`, `1201 shi`, `12 ceng`, `3 hao lou` (building 3),
 * `pmb 123` (private mailbox: the room of a mail-receiving agency).
 */
export function extractLatinUnit(part: string): UnitExtraction {
  const unit: Mutable = {}
  // Cheap substring tests skip the rarer patterns.
  let rest = part
  if (rest.includes('lou')) rest = blankOut(rest, BUILDING_NUMBER_LOU, (m) => set(unit, 'tower', m[1] as string))
  if (rest.includes('pmb') || rest.includes('private')) {
    rest = blankOut(rest, PMB, (m) => set(unit, 'room', m[1] as string))
  }
  if (rest.includes('#')) rest = blankOut(rest, HASH, (m) => set(unit, 'room', m[1] as string))
  rest = blankOut(rest, BEFORE, (m) => set(unit, UNIT_WORDS_BEFORE.get(m[1] as string) as UnitPart, m[2] as string))
  rest = blankOut(rest, AFTER, (m) => set(unit, UNIT_WORDS_AFTER.get(m[2] as string) as UnitPart, m[1] as string))
  return { rest: rest === part ? part : rest.replace(/\s+/g, ' ').trim(), unit }
}

/** Takes 座/栋/号楼/单元 (tower), 层/楼/階/F (floor) and 室/号室 (room) out of folded CJK text. */
export function extractCjkUnit(text: string): UnitExtraction {
  const unit: Mutable = {}
  let rest = text
  for (const [pattern, part, markers] of CJK_UNIT_PATTERNS) {
    if (!markers.some((marker) => rest.includes(marker))) continue
    const m = pattern.exec(rest)
    if (m === null) continue
    set(unit, part, (m[1] ?? m[2] ?? '') as string)
    rest = rest.slice(0, m.index) + rest.slice(m.index + m[0].length)
  }
  return { rest, unit }
}

/** Merges units found in several parts; the first value of each part wins. */
export function mergeUnits(units: readonly AddressUnit[]): AddressUnit {
  const out: Mutable = {}
  for (const u of units) {
    if (u.tower !== undefined) set(out, 'tower', u.tower)
    if (u.floor !== undefined) set(out, 'floor', u.floor)
    if (u.room !== undefined) set(out, 'room', u.room)
  }
  return out
}

/**
 * The canonical unit text: tower, then the room, or the floor when no room is given (a room number already
 * implies its floor, and people omit one or the other). '' when there is no unit.
 *
 * @example unitKey({ tower: 'a', floor: '12', room: '1201' }) // 't=a;r=1201'
 */
export function unitKey(unit: AddressUnit): string {
  const parts: string[] = []
  if (unit.tower !== undefined) parts.push(`t=${unit.tower}`)
  if (unit.room !== undefined) parts.push(`r=${unit.room}`)
  else if (unit.floor !== undefined) parts.push(`f=${unit.floor}`)
  return parts.join(';')
}
