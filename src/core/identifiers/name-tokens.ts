import { foldText } from './fold-text.ts'

/** Courtesy titles and honorifics that are not part of a name. */
const HONORIFICS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'herr',
  'frau',
  'mme',
  'mlle',
  'm',
  'sr',
  'sra',
  'jr',
  'san',
  'sama',
  'sensei',
  '先生',
  '女士',
  '小姐',
  'さん',
  '様',
])

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const APOSTROPHES = /['’`ʼ]/g
const SEPARATORS = /[^\p{L}\p{N}]+/u

/** True when the text holds Chinese, Japanese or Korean characters (names written without spaces between parts). */
export function hasCjk(text: string): boolean {
  return CJK.test(text)
}

/**
 * The words of a name: folded (case, Latin accents), apostrophes joined (`O'Brien` → `obrien`), hyphens, dots and
 * other punctuation split, honorifics dropped. CJK text is kept as characters, spaces removed, as one token.
 *
 * @example nameTokens('Dr. Jean-Pierre O’Brien') // ['jean', 'pierre', 'obrien']
 */
export function nameTokens(text: string): string[] {
  const folded = foldText(text).replace(APOSTROPHES, '')
  if (hasCjk(folded)) {
    const joined = folded
      .split(SEPARATORS)
      .filter((t) => t !== '' && !HONORIFICS.has(t))
      .join('')
    return joined === '' ? [] : [joined]
  }
  return folded.split(SEPARATORS).filter((t) => t !== '' && !HONORIFICS.has(t))
}
