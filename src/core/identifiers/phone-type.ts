import type { NumberType } from 'libphonenumber-js/max'
import { type CompiledType, planFor } from './phone-plan.ts'

// libphonenumber-js's getType() builds a new RegExp from the metadata on every test; this classifier runs the same
// algorithm (helpers/getNumberType.js) over the same max metadata with each pattern compiled once per numbering
// plan (phone-plan.ts).

function matches(t: CompiledType | undefined, nationalNumber: string): boolean {
  if (t === undefined) return false
  if (t.lengths !== undefined && !t.lengths.includes(nationalNumber.length)) return false
  return t.pattern.test(nationalNumber)
}

/**
 * The type of a national significant number in a numbering plan (a country code such as `GB`, or a calling code
 * such as `800` for non-geographic numbers), or undefined when the plan has no such number: the same answer as
 * libphonenumber-js `PhoneNumber.getType()`, which is also its validity test.
 */
export function phoneNumberType(nationalNumber: string, region: string): NumberType {
  const plan = planFor(region)
  if (!plan.national.test(nationalNumber)) return undefined
  if (matches(plan.fixed, nationalNumber)) {
    if (plan.mobileSameAsFixed) return 'FIXED_LINE_OR_MOBILE'
    return matches(plan.others[0]?.type === 'MOBILE' ? plan.others[0] : undefined, nationalNumber)
      ? 'FIXED_LINE_OR_MOBILE'
      : 'FIXED_LINE'
  }
  for (const t of plan.others) if (matches(t, nationalNumber)) return t.type
  return undefined
}
