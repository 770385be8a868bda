import { composeIBAN, electronicFormatIBAN, ValidationErrorsIBAN } from 'ibantools'
import type { Bank } from '../interchange/index.ts'
import { isAbaRoutingValid } from './check-digits.ts'
import { compactAlphanumeric, digitsOf, isPresent } from './fold-text.ts'
import { ibanErrorCodes } from './iban-check.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

const IBAN_PROBLEMS: ReadonlyMap<number, IdentifierProblem> = new Map([
  [ValidationErrorsIBAN.NoIBANCountry, problem('unknown_country', 'the first two letters are not an IBAN country')],
  [
    ValidationErrorsIBAN.WrongBBANLength,
    problem('bad_length', 'the IBAN has the wrong length for its country (ISO 13616)'),
  ],
  [ValidationErrorsIBAN.WrongBBANFormat, problem('bad_format', 'the account part does not have the country’s format')],
  [ValidationErrorsIBAN.ChecksumNotNumber, problem('bad_format', 'characters 3 and 4 of an IBAN are digits')],
  [ValidationErrorsIBAN.WrongIBANChecksum, problem('bad_check_digit', 'the IBAN fails the ISO 7064 mod 97 check')],
  [
    ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
    problem('bad_national_check_digit', 'the national account check digits are wrong'),
  ],
])

/**
 * Normalises an IBAN to its electronic form (`GB82WEST12345698765432`: no spaces, upper case) and checks length
 * per country and the mod-97 check (ISO 13616, via ibantools). Key: the electronic form.
 * Problems: `empty`, `unknown_country`, `bad_length`, `bad_format`, `bad_check_digit`, `bad_national_check_digit`.
 */
export function normaliseIban(raw: string): Identifier {
  const iban = electronicFormatIBAN(compactAlphanumeric(raw)) ?? ''
  if (iban === '') return makeIdentifier('iban', '', [problem('empty', 'no IBAN was given')])
  const errorCodes = ibanErrorCodes(iban)
  const problems = [...new Set(errorCodes.map((c) => IBAN_PROBLEMS.get(c) ?? problem('bad_format', 'not an IBAN')))]
  return makeIdentifier('iban', iban, problems)
}

/** Account numbers drop leading zeros so that `00123456` and `123456` at one bank give one key. */
function accountDigits(raw: string): string {
  const compact = compactAlphanumeric(raw)
  return /^\d+$/.test(compact) ? compact.replace(/^0+(?=\d)/, '') : compact
}

function routingProblems(country: string, routing: string): IdentifierProblem[] {
  if (country === 'US') {
    if (!/^\d{9}$/.test(routing)) return [problem('bad_routing_format', 'an ABA routing number has 9 digits')]
    if (!isAbaRoutingValid(routing))
      return [problem('bad_routing_check_digit', 'the routing number fails the ABA 3-7-1 checksum')]
  }
  if (country === 'GB' && !/^\d{6}$/.test(routing)) {
    return [problem('bad_sort_code', 'a UK sort code has 6 digits, written 12-34-56')]
  }
  if (country === 'JP' && !/^\d{7}$/.test(routing)) {
    return [problem('bad_routing_format', 'a Japanese bank and branch code has 4 + 3 digits')]
  }
  return []
}

/**
 * Normalises a domestic bank account to `<country>:<routing>:<account>` (routing: ABA number in the US, sort code
 * in GB, bank + branch code in JP; digits only) and checks the routing part. A German BLZ + Kontonummer is
 * converted to its IBAN so it links with the same account declared as an IBAN.
 *
 * Problems: `empty`, `bad_routing_format`, `bad_routing_check_digit`, `bad_sort_code`, `bad_account_number`.
 */
export function normaliseBankAccount(country: string, routingNumber: string, accountNumber: string): Identifier {
  const cc = country.toUpperCase()
  const routing = /\d/.test(routingNumber) ? digitsOf(routingNumber) : compactAlphanumeric(routingNumber)
  const account = accountDigits(accountNumber)
  if (account === '') return makeIdentifier('bank_account', '', [problem('empty', 'no account number was given')])
  if (cc === 'DE' && /^\d{8}$/.test(routing) && /^\d{1,10}$/.test(account)) {
    const iban = composeIBAN({ countryCode: 'DE', bban: routing + account.padStart(10, '0') })
    if (iban !== null) return normaliseIban(iban)
  }
  const problems = routingProblems(cc, routing)
  if (cc === 'US' && !/^\d{4,17}$/.test(account)) {
    problems.push(problem('bad_account_number', 'a US account number has 4 to 17 digits'))
  }
  if (cc === 'GB' && !/^\d{6,10}$/.test(account)) {
    problems.push(problem('bad_account_number', 'a UK account number has 6 to 10 digits'))
  }
  return makeIdentifier('bank_account', `${cc}:${routing}:${account}`, problems)
}

/** The deposit-account identifier of a declared bank: the IBAN when one is given, else the domestic account. */
export function deriveBankIdentifier(bank: Bank): Identifier | undefined {
  if (isPresent(bank.iban)) return normaliseIban(bank.iban)
  if (isPresent(bank.accountNumber))
    return normaliseBankAccount(bank.country, bank.routingNumber ?? '', bank.accountNumber)
  return undefined
}
