import { icaoCheckDigit, mod11_10CheckDigit } from './check-digits.ts'
import { checkCnResidentId } from './cn-resident-id.ts'
import { compactAlphanumeric } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'
import { parsePassportMrz } from './mrz.ts'
import { checkUsSsn } from './us-ssn.ts'

/** What a document number is checked against: the issuing country and the holder's declared birth date. */
export interface DocumentContext {
  readonly country: string
  /** YYYY-MM-DD, as declared by the representative. */
  readonly birthDate?: string
}

const DE_TAX_ID = /^[1-9]\d{10}$/

/**
 * German tax identification number (Steuer-IdNr., §139b AO): 11 digits, no leading zero, one digit of the first
 * ten repeated two or three times, ISO 7064 MOD 11,10 check digit.
 */
function checkDeTaxId(digits: string): IdentifierProblem[] {
  if (!DE_TAX_ID.test(digits)) return [problem('bad_format', 'a Steuer-ID has 11 digits and does not start with 0')]
  const counts = new Map<string, number>()
  for (const d of digits.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1)
  const repeats = [...counts.values()].filter((n) => n > 1)
  const problems: IdentifierProblem[] = []
  if (repeats.length !== 1 || (repeats[0] as number) > 3) {
    problems.push(
      problem('bad_format', 'in a Steuer-ID exactly one digit of the first ten repeats, two or three times'),
    )
  }
  if (mod11_10CheckDigit(digits.slice(0, 10)) !== Number(digits[10])) {
    problems.push(problem('bad_check_digit', 'the last digit does not match the ISO 7064 MOD 11,10 check'))
  }
  return problems
}

/**
 * Normalises the country's personal number (`representative.document` of type `national_id`): a Chinese resident
 * identity number (with birth-date consistency), a US SSN/ITIN, a German Steuer-ID; for other countries the
 * upper-case letters and digits. Key: `<country>:<number>`.
 */
export function normaliseNationalId(raw: string, context: DocumentContext): Identifier {
  const country = context.country.toUpperCase()
  if (country === 'CN') return checkCnResidentId(raw, context.birthDate)
  if (country === 'US') return checkUsSsn(raw)
  const number = compactAlphanumeric(raw)
  if (number === '') return makeIdentifier('national_id', '', [problem('empty', 'no document number was given')])
  const problems = country === 'DE' && /^\d{11}$/.test(number) ? checkDeTaxId(number) : []
  return makeIdentifier('national_id', `${country}:${number}`, problems)
}

/** Converts an MRZ birth date YYMMDD to the declared date's form when the declared century is known. */
function mrzBirthMatches(yymmdd: string, declared: string | undefined): boolean {
  if (declared === undefined || declared.length !== 10) return true
  return declared.slice(2, 4) + declared.slice(5, 7) + declared.slice(8, 10) === yymmdd
}

/**
 * Normalises a passport number. Accepts a two-line TD3 MRZ (all check digits verified, birth date compared with
 * the declared one), the bare number with its MRZ check digit after `<` (`L898902C3<6`), or the bare number.
 * Key: `<country>:<number>` in upper-case letters and digits.
 *
 * Problems: `empty`, `bad_format`, `bad_check_digit`, `bad_birth_date`, `bad_expiry_date`, `birth_date_mismatch`.
 *
 */
export function normalisePassport(raw: string, context: DocumentContext): Identifier {
  const country = context.country.toUpperCase()
  const compact = raw.toUpperCase().replace(/\s/g, '')
  if (compact.length === 88 && compact.startsWith('P')) return passportFromMrz(compact, country, context.birthDate)
  const [number = '', check] = compact.includes('<') ? compact.split('<').filter((s) => s !== '') : [compact]
  const clean = compactAlphanumeric(number)
  if (clean === '') return makeIdentifier('passport', '', [problem('empty', 'no passport number was given')])
  const problems: IdentifierProblem[] = []
  if (clean.length < 5 || clean.length > 9)
    problems.push(problem('bad_format', 'a passport number has 5 to 9 letters and digits'))
  if (check !== undefined && String(icaoCheckDigit(clean.padEnd(9, '<'))) !== check) {
    problems.push(problem('bad_check_digit', 'the check digit after < does not match (ICAO 9303 7-3-1)'))
  }
  return makeIdentifier('passport', `${country}:${clean}`, problems)
}

function passportFromMrz(mrzText: string, country: string, birthDate: string | undefined): Identifier {
  const { mrz, problems } = parsePassportMrz(mrzText)
  if (mrz === undefined) return makeIdentifier('passport', `${country}:${compactAlphanumeric(mrzText)}`, problems)
  const all = [...problems]
  if (!mrzBirthMatches(mrz.birthDate, birthDate)) {
    all.push(problem('birth_date_mismatch', 'the MRZ birth date differs from the declared one'))
  }
  return makeIdentifier('passport', `${country}:${mrz.documentNumber}`, all)
}

/** Normalises a driving licence number to `<country>:<letters and digits>`. Problems: `empty`. */
export function normaliseDrivingLicence(raw: string, context: DocumentContext): Identifier {
  const number = compactAlphanumeric(raw)
  if (number === '') return makeIdentifier('driving_licence', '', [problem('empty', 'no licence number was given')])
  return makeIdentifier('driving_licence', `${context.country.toUpperCase()}:${number}`)
}
