import { foldText } from './fold-text.ts'
import { type Identifier, makeIdentifier, problem } from './identifier.ts'
import { hasCjk, nameTokens } from './name-tokens.ts'

/**
 * Sorts a few words in place in UTF-16 code unit order, as `Array.prototype.sort()` does for strings: an insertion
 * sort, because a name has two or three words and the built-in sort allocates a work area on every call.
 */
function sortWords(words: string[]): string[] {
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string
    let j = i - 1
    for (; j >= 0 && (words[j] as string) > word; j--) words[j + 1] = words[j] as string
    words[j + 1] = word
  }
  return words
}

/**
 * Normalises a person's name. Latin-script names: folded words in alphabetical order, so given/family order and
 * pinyin order swaps agree (`Wang Xiaoming` ≡ `Xiaoming Wang` → `wang xiaoming`). CJK names: family name then
 * given name as characters, no spaces (`王` + `小明` → `王小明`). Middle names and initials stay in the key; use
 * {@link compareNames} for fuzzy matching. Problems: `empty`.
 */
export function normalisePersonName(givenName: string, familyName = ''): Identifier {
  if (hasCjk(givenName) || hasCjk(familyName)) {
    const key = (foldText(familyName) + foldText(givenName)).replace(/[\s·・.]/g, '')
    return key === ''
      ? makeIdentifier('person_name', '', [problem('empty', 'no name was given')])
      : makeIdentifier('person_name', key)
  }
  const tokens = nameTokens(`${givenName} ${familyName}`)
  if (tokens.length === 0) return makeIdentifier('person_name', '', [problem('empty', 'no name was given')])
  return makeIdentifier('person_name', sortWords(tokens).join(' '))
}
