// Text folding shared by the normalisers: one pass that every kind agrees on, so keys match across kinds.

const COMBINING_LATIN = /[\u0300-\u036f]/g
const SPACES = /\s+/g
const DOUBLE_SPACE = /\s\s/
const ASCII_PRINTABLE = /^[\x20-\x7e]*$/
const LATIN_EXTENDED = /[\u00c0-\u024f\u1e00-\u1eff]/

/** Letters that NFKD does not decompose but that people write as two ASCII letters. */
const LIGATURES: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ł: 'l',
  Ł: 'l',
  ı: 'i',
  þ: 'th',
  Þ: 'th',
}
const LIGATURE_PATTERN = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g')

const UPPER_ASCII = /[A-Z]/

function foldAscii(text: string): string {
  // Only A–Z change case in the text this is used for; toLowerCase is slow on two-byte (CJK) strings.
  const lower = UPPER_ASCII.test(text) ? text.toLowerCase() : text
  return (DOUBLE_SPACE.test(lower) ? lower.replace(SPACES, ' ') : lower).trim()
}

/** The general fold: NFKC, then for Latin letters ligatures, NFD, marks stripped, NFC; lower case, spaces. */
function foldUnicode(text: string): string {
  const composed = text.normalize('NFKC')
  // Only Latin letters with diacritics and the ligatures need the decompose-strip-recompose pass.
  if (!LATIN_EXTENDED.test(composed)) return composed.toLowerCase().replace(SPACES, ' ').trim()
  return composed
    .replace(LIGATURE_PATTERN, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(COMBINING_LATIN, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(SPACES, ' ')
    .trim()
}

// Fast paths, exact by construction (fold-text.test.ts checks them against the fold as first written):
// - ASCII with CJK ideographs and kana: NFKC, NFD/NFC and lower case leave these characters alone, and none is
//   white space, so the text folds as ASCII does.
// - ASCII with precomposed Latin letters (`é`, `ü`, `ß`, `ø`…): each such letter is a starter whose fold is a
//   fixed ASCII string, and no normalisation step combines it with a neighbour, so the fold is letter by letter.
//   The table holds the letters of U+00C0–U+024F whose general fold is plain a–z, computed by foldUnicode itself.
const ASCII_OR_CJK = /^[\x20-\x7e\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff]*$/
const ASCII_OR_LATIN = /^[\x20-\x7e\u00c0-\u024f]*$/
const ASCII_LETTERS = /^[a-z]+$/
const LATIN_FOLDS: readonly (string | undefined)[] = Array.from({ length: 0x250 - 0xc0 }, (_, i) => {
  const folded = foldUnicode(String.fromCharCode(0xc0 + i))
  return ASCII_LETTERS.test(folded) ? folded : undefined
})

function foldLatin(text: string): string | undefined {
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0xc0) continue
    const folded = LATIN_FOLDS[code - 0xc0]
    if (folded === undefined) return undefined
    out += text.slice(from, i) + folded
    from = i + 1
  }
  return foldAscii(out + text.slice(from))
}

/**
 * Lower case, compatibility forms unified (full-width `Ａ１` → `a1`), Latin diacritics removed (`é` → `e`,
 * `ß` → `ss`), runs of white space collapsed to one space, trimmed. Marks on other scripts are kept, so
 * Japanese kana with dakuten (`が`) and CJK characters survive unchanged.
 *
 * @example foldText('  Ｍüller-Straße ') // 'muller-strasse'
 */
export function foldText(text: string): string {
  if (ASCII_PRINTABLE.test(text) || ASCII_OR_CJK.test(text)) return foldAscii(text)
  return (ASCII_OR_LATIN.test(text) ? foldLatin(text) : undefined) ?? foldUnicode(text)
}

const NON_DIGIT = /\D/g
const ASCII_DIGITS_ONLY = /^[0-9]*$/

/**
 * The ASCII digits of `text`, after mapping full-width and other Unicode decimal digits (NFKC) to ASCII;
 * every other character is dropped.
 *
 * @example digitsOf('１２３-45') // '12345'
 */
export function digitsOf(text: string): string {
  if (ASCII_DIGITS_ONLY.test(text)) return text
  // NFKC leaves ASCII as it is.
  return (ASCII_PRINTABLE.test(text) ? text : text.normalize('NFKC')).replace(NON_DIGIT, '')
}

const NON_ALNUM = /[^0-9a-z]/g
const NON_ASCII_ALNUM = /[^0-9A-Za-z]/g
const COMPACT = /^[0-9A-Z]*$/

/**
 * Upper-case ASCII letters and digits of `text` (full-width forms mapped first), everything else dropped:
 * the electronic form of document, account and registration numbers.
 *
 * @example compactAlphanumeric(' gb82-west ') // 'GB82WEST'
 */
export function compactAlphanumeric(text: string): string {
  // ASCII needs no folding: dropping all but A–Z a–z 0–9 and upper-casing is what folding first would give.
  if (COMPACT.test(text)) return text
  if (ASCII_PRINTABLE.test(text)) return text.replace(NON_ASCII_ALNUM, '').toUpperCase()
  return foldText(text).replace(NON_ALNUM, '').toUpperCase()
}

/** True for a non-empty trimmed string; what the interchange spec calls a field the seller filled in. */
export function isPresent(text: string | null | undefined): text is string {
  if (text === undefined || text === null || text === '') return false
  const first = text.charCodeAt(0)
  // A visible ASCII first character settles it without trimming.
  return (first > 0x20 && first < 0x7f) || text.trim() !== ''
}
