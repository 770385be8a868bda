// Which font prints a text: the PDF's built-in Helvetica for what WinAnsi encodes, the CJK font for the rest, and
// Latin letters folded to their base letter when no font has them. Never a glyph the font lacks (no tofu).

import type { CjkFont } from './cjk-font.ts'

/** The fonts a postcard uses: Helvetica and Helvetica-Bold are built into every PDF reader; `cjk` is embedded. */
export type FontKey = 'regular' | 'bold' | 'cjk'

/** A text and the font that has a glyph for each of its characters. */
export interface TextRun {
  readonly text: string
  readonly font: FontKey
}

/** The run, and whether characters had to be replaced by their base letters to print it. */
export interface FittedText {
  readonly run: TextRun
  readonly replaced: boolean
}

// WinAnsi (the built-in fonts' encoding): printable ASCII, Latin-1 and these 27 characters at 0x80–0x9F.
const WIN_ANSI_EXTRA: ReadonlySet<string> = new Set('ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™Œœ˜ŠšŸŽž')
const MARKS = /\p{M}/gu
const CONTROL = /[\p{Cc}\p{Cf}]/gu
/** Letters NFD does not take apart, and dashes WinAnsi lacks. */
const BASE_LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŧ: 't',
  Ŧ: 'T',
  ŀ: 'l',
  Ŀ: 'L',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '−': '-',
}
const BASE_LETTER = new RegExp(`[${Object.keys(BASE_LETTERS).join('')}]`, 'g')

/** True when the built-in fonts can print every character of the text. */
export function isWinAnsi(text: string): boolean {
  for (const character of text) {
    const c = character.codePointAt(0) as number
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(character)) continue
    return false
  }
  return true
}

/** NFC, control characters and runs of white space made one space. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim()
}

function toBaseLetters(text: string): string {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(BASE_LETTER, (c) => BASE_LETTERS[c] ?? c)
    .normalize('NFC')
}

/**
 * The font to print `text` with: Helvetica (or Helvetica-Bold) when WinAnsi holds it, else the CJK font when it has
 * every glyph, else Helvetica with Latin letters reduced to their base letters (`Łódź` → `Lodz`), else undefined:
 * the text cannot be printed without a font for its script.
 */
export function fitText(text: string, cjk: CjkFont | undefined, bold = false): FittedText | undefined {
  const latin: FontKey = bold ? 'bold' : 'regular'
  if (isWinAnsi(text)) return { run: { text, font: latin }, replaced: false }
  if (cjk?.covers(text)) return { run: { text, font: 'cjk' }, replaced: false }
  const base = toBaseLetters(text)
  if (isWinAnsi(base)) return { run: { text: base, font: latin }, replaced: true }
  return undefined
}
