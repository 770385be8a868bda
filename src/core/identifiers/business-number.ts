import { jpCorporateCheckDigit, mod11_10CheckDigit } from './check-digits.ts'
import { checkCnCreditCode } from './cn-credit-code.ts'
import { compactAlphanumeric } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'
import { checkUsEin } from './us-ein.ts'
import { checkUsSsn } from './us-ssn.ts'

const HANDELSREGISTER = /^(HRA|HRB|GNR|PR|VR)0*(\d{1,6})([A-Z]{0,2})$/
const UK_COMPANY = /^(?:[A-Z]{2}\d{6}|\d{8})$/
const DE_VAT = /^\d{9}$/
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/

function checkJpCorporateNumber(digits: string): IdentifierProblem[] {
  if (!/^\d{13}$/.test(digits)) return [problem('bad_format', 'a Japanese corporate number has 13 digits')]
  return jpCorporateCheckDigit(digits.slice(1)) === Number(digits[0])
    ? []
    : [problem('bad_check_digit', 'the first digit does not match the corporate-number check (NTA)')]
}

/**
 * A German Handelsregister number (`HRB12345`, letters and digits only, upper case): numbered by each register court,
 * so without the court two unrelated companies can hold it. For a number typed elsewhere than the registration (the
 * number of a submitted business licence).
 */
export function isCourtScopedRegisterNumber(compact: string): boolean {
  return HANDELSREGISTER.test(compact)
}

/**
 * Normalises a business registration number for the registering country:
 * CN unified social credit code (GB 32100-2015); DE Handelsregister number (`HRB 12345 B` → `HRB12345B`, leading
 * zeros dropped; the court is not part of the number as sellers type it, so the key is flagged `partial_number`); GB Companies House number (8 characters,
 * numeric ones zero-padded); JP corporate number (13 digits, check digit); elsewhere upper-case letters and
 * digits. Key: `<country>:<number>`. Problems: `empty`, `bad_format`, `bad_check_digit`, `bad_region`.
 */
export function normaliseBusinessRegistration(raw: string, country: string): Identifier {
  const cc = country.toUpperCase()
  if (cc === 'CN') return checkCnCreditCode(raw, 'business_registration')
  let number = compactAlphanumeric(raw)
  if (number === '')
    return makeIdentifier('business_registration', '', [problem('empty', 'no registration number was given')])
  let problems: IdentifierProblem[] = []
  if (cc === 'DE') {
    const m = HANDELSREGISTER.exec(number)
    if (m) number = `${m[1]}${m[2]}${m[3]}`
    else problems = [problem('bad_format', 'a Handelsregister number looks like HRB 12345')]
    // Each register court numbers its own companies: without the court, two unrelated companies can hold one number.
    return makeIdentifier('business_registration', `${cc}:${number}`, problems, ['partial_number'])
  } else if (cc === 'GB') {
    if (/^\d{1,8}$/.test(number)) number = number.padStart(8, '0')
    if (!UK_COMPANY.test(number)) problems = [problem('bad_format', 'a Companies House number has 8 characters')]
  } else if (cc === 'JP') {
    problems = checkJpCorporateNumber(number)
  }
  return makeIdentifier('business_registration', `${cc}:${number}`, problems)
}

/**
 * Normalises a tax identification number: CN unified social credit code; US EIN (IRS prefixes) or, written
 * `123-45-6789`, an SSN/ITIN used as a sole proprietor's tax id; DE USt-IdNr. (`DE` + 9 digits, MOD 11,10) or
 * Steuernummer; GB VAT (`GB` + 9 or 12 digits); JP corporate number. A leading country prefix equal to the country
 * is dropped. Key: `<country>:<number>`. Problems: `empty`, `bad_format`, `bad_prefix`, `bad_check_digit`.
 */
export function normaliseTaxId(raw: string, country: string): Identifier {
  const cc = country.toUpperCase()
  if (cc === 'CN') return checkCnCreditCode(raw, 'tax_id')
  if (cc === 'US') {
    if (!SSN_SHAPE.test(raw.trim())) return checkUsEin(raw, 'tax_id')
    const ssn = checkUsSsn(raw)
    return makeIdentifier('tax_id', ssn.key, ssn.problems, ssn.flags)
  }
  let number = compactAlphanumeric(raw)
  if (number === '') return makeIdentifier('tax_id', '', [problem('empty', 'no tax id was given')])
  if (number.startsWith(cc) && number.length > 2) number = number.slice(2)
  let problems: IdentifierProblem[] = []
  if (cc === 'DE' && DE_VAT.test(number)) {
    if (mod11_10CheckDigit(number.slice(0, 8)) !== Number(number[8])) {
      problems = [problem('bad_check_digit', 'the last digit of the USt-IdNr. does not match the MOD 11,10 check')]
    }
  } else if (cc === 'GB' && !/^(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})$/.test(number)) {
    problems = [problem('bad_format', 'a UK VAT number has 9 or 12 digits after GB')]
  } else if (cc === 'JP') {
    problems = checkJpCorporateNumber(number)
  }
  return makeIdentifier('tax_id', `${cc}:${number}`, problems)
}
