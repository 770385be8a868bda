import { isCalendarDate } from './calendar-date.ts'
import { icaoCheckDigit } from './check-digits.ts'
import { type IdentifierProblem, problem } from './identifier.ts'

/** The fields of a TD3 (passport) machine-readable zone that identify the holder and the document. */
export interface PassportMrz {
  readonly issuingState: string
  readonly documentNumber: string
  readonly nationality: string
  /** YYMMDD as printed; the century is not in the MRZ. */
  readonly birthDate: string
  readonly sex: string
  readonly expiryDate: string
  readonly surname: string
  readonly givenNames: string
}

/** What {@link parsePassportMrz} read, and every check that failed. */
export interface ParsedMrz {
  readonly mrz: PassportMrz | undefined
  readonly problems: readonly IdentifierProblem[]
}

const TD3_LINE = 44
const MRZ_CHARS = /^[A-Z0-9<]+$/

function checkField(line: string, from: number, to: number, name: string): IdentifierProblem | undefined {
  const expected = icaoCheckDigit(line.slice(from, to))
  return String(expected) === line[to]
    ? undefined
    : problem('bad_check_digit', `the ${name} check digit of the MRZ does not match (ICAO 9303 7-3-1)`)
}

function isYymmdd(text: string): boolean {
  if (!/^\d{6}$/.test(text)) return false
  return isCalendarDate(2000 + Number(text.slice(0, 2)), Number(text.slice(2, 4)), Number(text.slice(4, 6)))
}

function namesOf(line1: string): { surname: string; givenNames: string } {
  const [surname = '', given = ''] = line1.slice(5).split('<<')
  return { surname: surname.replaceAll('<', ' ').trim(), givenNames: given.replaceAll('<', ' ').trim() }
}

/**
 * Parses a two-line TD3 passport MRZ (ICAO Doc 9303 part 4): 2 × 44 characters, line breaks and spaces
 * ignored. Verifies the document number, birth date, expiry and composite check digits (7-3-1 weights,
 * part 3 §4.9). Problems: `bad_format`, `bad_check_digit`, `bad_birth_date`, `bad_expiry_date`.
 */
export function parsePassportMrz(raw: string): ParsedMrz {
  const text = raw.toUpperCase().replace(/[\s]/g, '')
  if (text.length !== 2 * TD3_LINE || !MRZ_CHARS.test(text) || text[0] !== 'P') {
    return {
      mrz: undefined,
      problems: [problem('bad_format', 'a passport MRZ has two lines of 44 characters, the first starting with P')],
    }
  }
  const line1 = text.slice(0, TD3_LINE)
  const line2 = text.slice(TD3_LINE)
  const problems: IdentifierProblem[] = []
  for (const [from, to, name] of [
    [0, 9, 'document number'],
    [13, 19, 'birth date'],
    [21, 27, 'expiry date'],
  ] as const) {
    const p = checkField(line2, from, to, name)
    if (p) problems.push(p)
  }
  const composite = line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43)
  if (String(icaoCheckDigit(composite)) !== line2[43]) {
    problems.push(problem('bad_check_digit', 'the composite check digit of the MRZ does not match (ICAO 9303 7-3-1)'))
  }
  const birthDate = line2.slice(13, 19)
  const expiryDate = line2.slice(21, 27)
  if (!isYymmdd(birthDate)) problems.push(problem('bad_birth_date', 'the MRZ birth date is not a calendar date'))
  if (!isYymmdd(expiryDate)) problems.push(problem('bad_expiry_date', 'the MRZ expiry date is not a calendar date'))
  const mrz: PassportMrz = {
    issuingState: line1.slice(2, 5).replaceAll('<', ''),
    documentNumber: line2.slice(0, 9).replaceAll('<', ''),
    nationality: line2.slice(10, 13).replaceAll('<', ''),
    birthDate,
    sex: line2[20] ?? '<',
    expiryDate,
    ...namesOf(line1),
  }
  return { mrz, problems }
}
