import type { Country } from './name-lists.ts'
import { NICKNAMES } from './name-lists.ts'
import type { Random } from './random.ts'

// QWERTY neighbours of each letter: the substitutions people make when they retype a declaration.
const NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz',
  b: 'vghn',
  c: 'xdfv',
  d: 'serfcx',
  e: 'wsdr',
  f: 'drtgvc',
  g: 'ftyhbv',
  h: 'gyujnb',
  i: 'ujko',
  j: 'huikmn',
  k: 'jiolm',
  l: 'kop',
  m: 'njk',
  n: 'bhjm',
  o: 'iklp',
  p: 'ol',
  q: 'wa',
  r: 'edft',
  s: 'awedxz',
  t: 'rfgy',
  u: 'yhji',
  v: 'cfgb',
  w: 'qase',
  x: 'zsdc',
  y: 'tghu',
  z: 'asx',
}

function letterPositions(s: string): number[] {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) if (/[a-z]/i.test(s[i] ?? '')) out.push(i)
  return out
}

/** One keyboard slip: a neighbour key, a transposition, a dropped or doubled letter. */
export function makeTypo(rng: Random, s: string): string {
  const at = letterPositions(s)
  if (at.length < 3) return s
  const i = rng.pick(at.slice(1))
  const ch = s[i] ?? ''
  switch (rng.int(4)) {
    case 0: {
      const options = NEIGHBOURS[ch.toLowerCase()] ?? ch
      const sub = rng.char(options)
      return s.slice(0, i) + (ch === ch.toUpperCase() ? sub.toUpperCase() : sub) + s.slice(i + 1)
    }
    case 1:
      return i + 1 < s.length ? s.slice(0, i) + (s[i + 1] ?? '') + ch + s.slice(i + 2) : s
    case 2:
      return s.slice(0, i) + s.slice(i + 1)
    default:
      return s.slice(0, i) + ch + s.slice(i)
  }
}

const ASCII_FOLD: Readonly<Record<string, readonly [string, string]>> = {
  ä: ['a', 'ae'],
  ö: ['o', 'oe'],
  ü: ['u', 'ue'],
  Ä: ['A', 'Ae'],
  Ö: ['O', 'Oe'],
  Ü: ['U', 'Ue'],
  ß: ['ss', 'ss'],
}

/** German text typed on a keyboard without umlauts: "Müller" → "Muller" or "Mueller". */
export function foldDiacritics(rng: Random, s: string): string {
  const style = rng.int(2)
  return s.replace(/[äöüÄÖÜß]/g, (c) => ASCII_FOLD[c]?.[style] ?? c)
}

/** ASCII digits and dashes as full-width characters (a CN/JP input method left on). */
export function toFullWidthDigits(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i)
    out += code === 45 ? '－' : code >= 48 && code <= 57 ? String.fromCharCode(code + 0xfee0) : s[i]
  }
  return out
}

const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/\bStreet\b/, 'St'],
  [/\bAvenue\b/, 'Ave'],
  [/\bRoad\b/, 'Rd'],
  [/\bDrive\b/, 'Dr.'],
  [/\bBoulevard\b/, 'Blvd'],
  [/\bLane\b/, 'Ln'],
  [/\bSuite\b/, 'Ste'],
  [/\bSuite /, '#'],
  [/\bApt /, '#'],
  [/\bFloor\b/, 'Fl'],
  [/straße\b/, 'str.'],
  [/straße\b/, 'strasse'],
  [/Straße\b/, 'Str.'],
]

function abbreviate(rng: Random, line: string): string {
  const hits = ABBREVIATIONS.filter(([re]) => re.test(line))
  if (hits.length === 0) return line
  const [re, to] = rng.pick(hits)
  return line.replace(re, to)
}

/** The same address line as someone else (or the same person later) would type it. */
export function retypeAddressLine(rng: Random, line: string, country: Country): string {
  if (country === 'CN' || country === 'JP') {
    const r = rng.int(3)
    if (r === 0) return toFullWidthDigits(line)
    if (r === 1) return line.replace(/ /g, '')
    return country === 'JP' ? line.replace(/(\d+)-(\d+)-(\d+)/, '$1丁目$2番$3号') : line.replace(/室$/, '')
  }
  switch (rng.int(5)) {
    case 0:
    case 1:
      return abbreviate(rng, line)
    case 2:
      return country === 'DE' ? foldDiacritics(rng, line) : line.toUpperCase()
    case 3:
      return makeTypo(rng, line)
    default:
      return line.replace(/,/g, '').replace(/\s+/g, ' ')
  }
}

/** A retyped name: a nickname or spelling variant, folded diacritics, a typo, or a case change. */
export function retypeName(rng: Random, name: string): string {
  const variants = NICKNAMES[name]
  if (variants && rng.chance(0.6)) return rng.pick(variants)
  if (/[äöüÄÖÜß]/.test(name) && rng.chance(0.7)) return foldDiacritics(rng, name)
  if (!/[a-z]/i.test(name)) return name
  return rng.chance(0.75) ? makeTypo(rng, name) : name.toUpperCase()
}
