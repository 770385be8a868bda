import { foldText } from './fold-text.ts'
import { type Identifier, makeIdentifier, problem } from './identifier.ts'
import { CJK_LEGAL_FORMS, LEGAL_FORM_WORDS } from './legal-forms.ts'
import { hasCjk } from './name-tokens.ts'

const DOTS = /[.．。]/g
const AMPERSAND = /&|＆/g
const APOSTROPHES = /['’`ʼ]/g
const SEPARATORS = /[^\p{L}\p{N}]+/u
const CJK_NOISE = /[\s()（）【】「」·・,，、]/g
const LEADING_ARTICLE = new Set(['the'])

// Every legal form ends with one of these characters, and those stripped from the front start with one of the
// others: a name that neither ends nor starts with one has nothing left to strip.
const FORM_LAST_CHARS = new Set(CJK_LEGAL_FORMS.map((f) => f.slice(-1)))
const FORM_FIRST_CHARS = new Set(CJK_LEGAL_FORMS.filter((f) => f.endsWith('会社')).map((f) => f.slice(0, 1)))

function mayHaveForm(name: string): boolean {
  return FORM_LAST_CHARS.has(name.slice(-1)) || FORM_FIRST_CHARS.has(name.slice(0, 1))
}

function stripCjkForms(name: string): string {
  let out = name
  let changed = true
  while (changed && mayHaveForm(out)) {
    changed = false
    for (const form of CJK_LEGAL_FORMS) {
      if (out.length > form.length && out.endsWith(form)) {
        out = out.slice(0, -form.length)
        changed = true
      } else if (out.length > form.length && out.startsWith(form) && form.endsWith('会社')) {
        out = out.slice(form.length)
        changed = true
      }
    }
  }
  return out
}

function stripLatinForms(tokens: string[], extra: ReadonlySet<string> | undefined): string[] {
  let end = tokens.length
  while (end > 1 && (LEGAL_FORM_WORDS.has(tokens[end - 1] as string) || extra?.has(tokens[end - 1] as string))) end--
  let start = 0
  while (
    start < end - 1 &&
    (LEADING_ARTICLE.has(tokens[start] as string) || tokens[start] === 'kabushiki' || tokens[start] === 'kaisha')
  )
    start++
  return tokens.slice(start, end)
}

/**
 * The words of a business name without its legal form: folded, dots removed (`L.L.C.` → `llc`), `&` read as
 * `and`, legal-form words stripped from the end (see {@link LEGAL_FORM_WORDS}) and a leading `the` dropped.
 * CJK names keep their characters and lose 有限公司, 株式会社 and the other {@link CJK_LEGAL_FORMS}.
 */
export function businessNameTokens(raw: string, extraForms?: ReadonlySet<string>): string[] {
  const folded = foldText(raw).replace(APOSTROPHES, '')
  if (hasCjk(folded)) {
    const compact = stripCjkForms(folded.replace(CJK_NOISE, '').replace(DOTS, ''))
    return compact === '' ? [] : [compact]
  }
  const tokens = folded
    .replace(DOTS, '')
    .replace(AMPERSAND, ' and ')
    .split(SEPARATORS)
    .filter((t) => t !== '')
  return stripLatinForms(tokens, extraForms)
}

/**
 * Normalises a business name so that legal-form and spelling variants agree:
 * `ACME Trading Co., Ltd.` ≡ `Acme Trading Company Limited` → `acme trading`;
 * `深圳市华强电子有限公司` → `深圳市华强电子`. Problems: `empty`.
 */
export function normaliseBusinessName(raw: string, extraForms?: ReadonlySet<string>): Identifier {
  const tokens = businessNameTokens(raw, extraForms)
  if (tokens.length === 0) return makeIdentifier('business_name', '', [problem('empty', 'no business name was given')])
  return makeIdentifier('business_name', tokens.join(' '))
}
