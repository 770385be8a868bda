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

/**
 * Lower case, compatibility forms unified (full-width `Ａ１` → `a1`), Latin diacritics removed (`é` → `e`,
 * `ß` → `ss`), runs of white space collapsed to one space, trimmed. Marks on other scripts are kept, so
 * Japanese kana with dakuten (`が`) and CJK characters survive unchanged.
 *
 * @example foldText('  Ｍüller-Straße ') // 'muller-strasse'
 */
export function foldText(text: string): string {
  if (ASCII_PRINTABLE.test(text)) {
    const lower = text.toLowerCase()
    return (DOUBLE_SPACE.test(lower) ? lower.replace(SPACES, ' ') : lower).trim()
  }
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
  return text.normalize('NFKC').replace(NON_DIGIT, '')
}

const NON_ALNUM = /[^0-9a-z]/g

/**
 * Upper-case ASCII letters and digits of `text` (full-width forms mapped first), everything else dropped:
 * the electronic form of document, account and registration numbers.
 *
 * @example compactAlphanumeric(' gb82-west ') // 'GB82WEST'
 */
export function compactAlphanumeric(text: string): string {
  const folded = ASCII_PRINTABLE.test(text) ? text.toLowerCase() : foldText(text)
  return folded.replace(NON_ALNUM, '').toUpperCase()
}

/** True for a non-empty trimmed string; what the interchange spec calls a field the seller filled in. */
export function isPresent(text: string | null | undefined): text is string {
  return text !== undefined && text !== null && text.trim() !== ''
}
