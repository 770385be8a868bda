import { foldText } from './fold-text.ts'
import { type Identifier, makeIdentifier, problem } from './identifier.ts'
import { hasCjk, nameTokens } from './name-tokens.ts'

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
  return makeIdentifier('person_name', tokens.sort().join(' '))
}
