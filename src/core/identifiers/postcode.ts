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
export const POSTCODE_IN_TEXT: Readonly<Record<string, RegExp>> = {
  US: /\b(\d{5})(?:-\d{4})?\b/g,
  GB: /\b([a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})\b/g,
  DE: /\b(\d{5})\b/g,
  CN: /(?<!\d)(\d{6})(?!\d)/g,
  JP: /〒?\s*(\d{3}-?\d{4})(?!\d)/g,
}
