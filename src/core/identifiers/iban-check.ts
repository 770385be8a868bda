import { countrySpecs, ValidationErrorsIBAN, validateIBAN } from 'ibantools'
import { mod97 } from './check-digits.ts'

// ibantools' validateIBAN compiles the country's BBAN pattern and spells the IBAN out digit by digit on every call;
// this runs the same checks, in the same order, over the same country table (`countrySpecs`, so operator changes
// through setCountryBBANValidation still apply) with each pattern compiled once per country. The cache is keyed
// by the table's country codes, never by user input. iban-check.test.ts checks that both agree.

const bbanFormats = new Map<string, { readonly pattern: string; readonly format: RegExp }>()
const ELECTRONIC = /^[0-9A-Z]*$/
const TWO_DIGITS = /^[0-9]{2}$/

function bbanFormat(country: string, pattern: string): RegExp {
  let compiled = bbanFormats.get(country)
  if (compiled === undefined || compiled.pattern !== pattern) {
    compiled = { pattern, format: new RegExp(pattern) }
    bbanFormats.set(country, compiled)
  }
  return compiled.format
}

/** isValidIBANChecksum: 98 − (BBAN + country + `00`) mod 97 equals the check digits as parseInt reads them. */
function hasValidChecksum(iban: string): boolean {
  return 98 - mod97(`${iban.slice(4)}${iban.slice(0, 2)}00`) === Number.parseInt(iban.slice(2, 4), 10)
}

/**
 * The error codes of ibantools `validateIBAN(iban).errorCodes` (default options) for an IBAN in electronic form
 * (upper-case letters and digits; anything else is handed to ibantools itself).
 */
export function ibanErrorCodes(iban: string): ValidationErrorsIBAN[] {
  if (iban === '' || !ELECTRONIC.test(iban)) return validateIBAN(iban).errorCodes
  const country = iban.slice(0, 2)
  const spec = Object.hasOwn(countrySpecs, country) ? countrySpecs[country] : undefined
  if (spec === undefined || !(spec.bban_regexp || spec.chars)) return [ValidationErrorsIBAN.NoIBANCountry]
  const errors: ValidationErrorsIBAN[] = []
  const bban = iban.slice(4)
  if (spec.chars && spec.chars !== iban.length) errors.push(ValidationErrorsIBAN.WrongBBANLength)
  const badFormat = Boolean(spec.bban_regexp) && !bbanFormat(country, spec.bban_regexp as string).test(bban)
  if (badFormat) errors.push(ValidationErrorsIBAN.WrongBBANFormat)
  if (spec.bban_validation_func && !spec.bban_validation_func(bban)) {
    errors.push(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)
  }
  if (!TWO_DIGITS.test(iban.slice(2, 4))) errors.push(ValidationErrorsIBAN.ChecksumNotNumber)
  if (badFormat || !hasValidChecksum(iban)) errors.push(ValidationErrorsIBAN.WrongIBANChecksum)
  return errors
}
