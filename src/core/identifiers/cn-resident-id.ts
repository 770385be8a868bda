import { toIsoDate } from './calendar-date.ts'
import { mod11_2CheckChar } from './check-digits.ts'
import { compactAlphanumeric } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

/**
 * First two digits of GB/T 2260 administrative division codes: the provinces, autonomous regions and
 * municipalities, plus 71 Taiwan, 81 Hong Kong, 82 Macao and 83 (residence permits of Taiwan residents).
 */
export const CN_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
])

const SEVENTEEN_DIGITS = /^\d{17}[\dX]$/
const FIFTEEN_DIGITS = /^\d{15}$/

/**
 * First-generation 15-digit numbers (before 1999) carry a 2-digit year and no check character; the 18-digit
 * form inserts "19" and appends the MOD 11-2 character, so both spellings get one key.
 */
function upgradeFifteen(id15: string): string {
  const body = `${id15.slice(0, 6)}19${id15.slice(6)}`
  return body + mod11_2CheckChar(body)
}

/**
 * Checks a Chinese resident identity number (GB 11643-1999): 6-digit address code whose first two digits are a
 * province, 8-digit birth date, 3-digit sequence (odd for men), ISO 7064 MOD 11-2 check character.
 * Key: `CN:<18 characters>` (15-digit numbers are converted). When `birthDate` (YYYY-MM-DD) is declared, a
 * different embedded date is the problem `birth_date_mismatch`.
 *
 * Problems: `bad_format`, `bad_region`, `bad_birth_date`, `bad_check_digit`, `birth_date_mismatch`.
 */
export function checkCnResidentId(raw: string, birthDate?: string): Identifier {
  let id = compactAlphanumeric(raw)
  if (FIFTEEN_DIGITS.test(id)) id = upgradeFifteen(id)
  if (!SEVENTEEN_DIGITS.test(id)) {
    return makeIdentifier('national_id', `CN:${id}`, [
      problem('bad_format', 'a resident identity number has 17 digits and a final digit or X'),
    ])
  }
  const problems: IdentifierProblem[] = []
  if (!CN_PROVINCE_CODES.has(id.slice(0, 2))) {
    problems.push(problem('bad_region', 'the first two digits are not a Chinese province code'))
  }
  const born = toIsoDate(id.slice(6, 14))
  if (born === undefined) problems.push(problem('bad_birth_date', 'digits 7 to 14 are not a calendar date'))
  if (mod11_2CheckChar(id.slice(0, 17)) !== id[17]) {
    problems.push(problem('bad_check_digit', 'the last character does not match the ISO 7064 MOD 11-2 check'))
  }
  if (born !== undefined && birthDate !== undefined && birthDate !== '' && born !== birthDate) {
    problems.push(problem('birth_date_mismatch', 'the birth date inside the number differs from the declared one'))
  }
  return makeIdentifier('national_id', `CN:${id}`, problems)
}
