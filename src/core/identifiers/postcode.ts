import { type IdentifierProblem, problem } from './identifier.ts'

/** A postal code in its national canonical spelling, or '' with a problem when it does not fit the country's shape. */
export interface NormalisedPostcode {
  readonly postcode: string
  readonly problems: readonly IdentifierProblem[]
}

const NON_ALNUM = /[^0-9A-Z]/g
const ASCII = /^[\x20-\x7e]*$/
const GB = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/
const US = /^(\d{5})(\d{4})?$/
const SHAPES: Readonly<Record<string, RegExp>> = {
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  CN: /^\d{6}$/,
  JP: /^\d{7}$/,
  NL: /^\d{4}[A-Z]{2}$/,
  CA: /^[A-Z]\d[A-Z]\d[A-Z]\d$/,
  AU: /^\d{4}$/,
}

function bad(country: string): NormalisedPostcode {
  return {
    postcode: '',
    problems: [problem('bad_postcode', `the postal code does not have the shape used in ${country}`)],
  }
}

/**
 * Normalises a postal code for its country: GB `sw1a1aa` → `SW1A 1AA` (outward + inward code, Royal Mail PAF);
 * US ZIP+4 cut to the 5-digit ZIP (`19808-1674` → `19808`); JP `〒100-0005` → `1000005`; CN, DE, FR digits; others
 * upper-case letters and digits. Problems: `bad_postcode`.
 */
export function normalisePostcode(raw: string, country: string): NormalisedPostcode {
  const compact = (ASCII.test(raw) ? raw : raw.normalize('NFKC')).toUpperCase().replace(NON_ALNUM, '')
  if (compact === '') return { postcode: '', problems: [] }
  if (country === 'GB') {
    const m = GB.exec(compact)
    return m ? { postcode: `${m[1]} ${m[2]}`, problems: [] } : bad(country)
  }
  if (country === 'US') {
    const m = US.exec(compact)
    return m ? { postcode: m[1] as string, problems: [] } : bad(country)
  }
  const shape = SHAPES[country]
  if (shape !== undefined && !shape.test(compact)) return bad(country)
  return { postcode: compact, problems: [] }
}

/** Postal codes written inside address lines, per country; the last match wins. */
const POSTCODE_IN_TEXT: Readonly<Record<string, RegExp>> = {
  US: /\b(\d{5})(?:-\d{4})?\b/g,
  GB: /\b([a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})\b/g,
  DE: /\b(\d{5})\b/g,
  CN: /(?<!\d)(\d{6})(?!\d)/g,
  JP: /〒?\s*(\d{3}-?\d{4})(?!\d)/g,
}

/** The last postal code of the country's shape written in folded address text, or ''. */
export function findPostcode(text: string, country: string): string {
  const pattern = POSTCODE_IN_TEXT[country]
  if (pattern === undefined) return ''
  let last = ''
  for (const m of text.matchAll(pattern)) last = m[1] as string
  return last
}

const STATE_AND_ZIP = /\b[a-z]{2}\s+\d{5}(?:-\d{4})?\b/g
const STATE_AND_ZIP_PROBE = new RegExp(STATE_AND_ZIP.source)

/**
 * Folded address text with the normalised postcode taken out wherever it is written (`sw1a 1aa`, `sw1a1aa`, JP
 * `100-0005`), with a US state + ZIP (`de 19808`) and the 〒 mark, so that what is left is street and unit.
 */
export function removePostcode(text: string, postcode: string, country: string): string {
  if (postcode === '') return text
  // Each step runs only when its text is there: most addresses hold neither a state + ZIP nor a 〒.
  let out = country === 'US' && STATE_AND_ZIP_PROBE.test(text) ? text.replace(STATE_AND_ZIP, ' ') : text
  if (out.includes('〒')) out = out.replace(/〒/g, ' ')
  const lower = postcode.toLowerCase()
  const compact = lower.replace(' ', '')
  if (out.includes(lower)) out = out.replaceAll(lower, ' ')
  if (compact !== lower && out.includes(compact)) out = out.replaceAll(compact, ' ')
  if (country === 'JP') out = out.replaceAll(`${postcode.slice(0, 3)}-${postcode.slice(3)}`, ' ')
  return out
}
