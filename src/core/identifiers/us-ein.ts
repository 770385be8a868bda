import { digitsOf } from './fold-text.ts'
import { type Identifier, type IdentifierKind, makeIdentifier, problem } from './identifier.ts'

/**
 * EIN prefixes the IRS assigns (campus and online prefixes, IRS "How EINs are assigned and valid EIN prefixes").
 * Never issued: 00, 07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97.
 */
export const EIN_PREFIXES: ReadonlySet<string> = new Set(
  [
    [1, 6],
    [10, 16],
    [20, 27],
    [30, 39],
    [40, 48],
    [50, 59],
    [60, 68],
    [71, 77],
    [80, 88],
    [90, 95],
    [98, 99],
  ].flatMap(([from, to]) =>
    Array.from({ length: (to as number) - (from as number) + 1 }, (_, i) =>
      String((from as number) + i).padStart(2, '0'),
    ),
  ),
)

/**
 * Checks a US Employer Identification Number: 9 digits (`12-3456789`) whose 2-digit prefix the IRS assigns.
 * Key: `US:<9 digits>`. Problems: `bad_format`, `bad_prefix`.
 */
export function checkUsEin(raw: string, kind: IdentifierKind = 'tax_id'): Identifier {
  const digits = digitsOf(raw)
  if (digits.length !== 9) return makeIdentifier(kind, `US:${digits}`, [problem('bad_format', 'an EIN has 9 digits')])
  const problems = EIN_PREFIXES.has(digits.slice(0, 2))
    ? []
    : [problem('bad_prefix', 'the IRS never assigns EINs with this two-digit prefix')]
  return makeIdentifier(kind, `US:${digits}`, problems)
}
