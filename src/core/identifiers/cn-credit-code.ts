import { usccCheckChar } from './check-digits.ts'
import { CN_PROVINCE_CODES } from './cn-resident-id.ts'
import { compactAlphanumeric } from './fold-text.ts'
import { type Identifier, type IdentifierKind, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/
const DIVISION = /^\d{6}$/

/**
 * Checks a Chinese unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from the
 * 31-character alphabet without I, O, Z, S, V; characters 3–8 an administrative division code; the last a
 * weighted MOD 31 check character. It is both the business registration number and the tax id, so the key,
 * `CN:<code>`, is the same under either kind.
 *
 * Problems: `bad_format`, `bad_region`, `bad_check_digit`.
 */
export function checkCnCreditCode(raw: string, kind: IdentifierKind = 'business_registration'): Identifier {
  const code = compactAlphanumeric(raw)
  if (!SHAPE.test(code)) {
    return makeIdentifier(kind, `CN:${code}`, [
      problem('bad_format', 'a unified social credit code has 18 digits and capitals other than I, O, Z, S, V'),
    ])
  }
  const problems: IdentifierProblem[] = []
  const division = code.slice(2, 8)
  if (!DIVISION.test(division) || !CN_PROVINCE_CODES.has(division.slice(0, 2))) {
    // Codes issued centrally (e.g. by the State Administration) use division 100000.
    if (division !== '100000') {
      problems.push(problem('bad_region', 'characters 3 to 8 are not a Chinese administrative division'))
    }
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    problems.push(problem('bad_check_digit', 'the last character does not match the GB 32100-2015 check'))
  }
  return makeIdentifier(kind, `CN:${code}`, problems)
}
