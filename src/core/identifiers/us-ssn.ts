import { digitsOf } from './fold-text.ts'
import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

/**
 * Numbers that were never valid for a person: the Woolworth wallet-card number (078-05-1120), the
 * advertised sample 219-09-9999, the LifeLock advert (457-55-5462) and the ubiquitous 123-45-6789.
 */
export const KNOWN_INVALID_SSNS: ReadonlySet<string> = new Set(['078051120', '219099999', '457555462', '123456789'])

function isItinGroup(group: number): boolean {
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    (group >= 94 && group <= 99)
  )
}

/**
 * Checks a US Social Security Number or Individual Taxpayer Identification Number (both 9 digits).
 * SSN rules since randomisation (SSA, 2011): area 000, 666 and 900–999 are never issued, group 00 and serial
 * 0000 never. A 9xx number with group 50–65, 70–88, 90–92 or 94–99 is an ITIN (IRS) and is flagged `itin`.
 * Key: `US:<9 digits>`.
 *
 * Problems: `bad_format`, `bad_area`, `bad_group`, `bad_serial`, `known_invalid`, `bad_itin_group`.
 */
export function checkUsSsn(raw: string): Identifier {
  const digits = digitsOf(raw)
  if (digits.length !== 9) {
    return makeIdentifier('national_id', `US:${digits}`, [problem('bad_format', 'an SSN or ITIN has 9 digits')])
  }
  const key = `US:${digits}`
  const area = Number(digits.slice(0, 3))
  const group = Number(digits.slice(3, 5))
  const problems: IdentifierProblem[] = []
  if (area >= 900) {
    if (!isItinGroup(group))
      problems.push(problem('bad_itin_group', 'a 9xx number is an ITIN only with groups 50–65, 70–88, 90–92, 94–99'))
    return makeIdentifier('national_id', key, problems, ['itin'])
  }
  if (area === 0 || area === 666) problems.push(problem('bad_area', 'SSNs never start with 000 or 666'))
  if (group === 0) problems.push(problem('bad_group', 'the middle two digits of an SSN are never 00'))
  if (digits.endsWith('0000')) problems.push(problem('bad_serial', 'the last four digits of an SSN are never 0000'))
  if (KNOWN_INVALID_SSNS.has(digits))
    problems.push(problem('known_invalid', 'this number is a published example, not a real SSN'))
  return makeIdentifier('national_id', key, problems)
}
