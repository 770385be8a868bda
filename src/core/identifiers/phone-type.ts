import { type CountryCode, Metadata, type NumberType } from 'libphonenumber-js/max'

// libphonenumber-js's getType() builds a new RegExp from the metadata on every test (3 µs for one large pattern,
// and GB has several); this classifier runs the same algorithm (helpers/getNumberType.js) over the same max
// metadata with each pattern compiled once per numbering plan. The cache is keyed by numbering plan
// (≈ 250 entries at most), never by user input.

interface TypeDefinition {
  pattern(): string
  possibleLengths(): readonly number[] | undefined
}
interface NumberingPlan {
  nationalNumberPattern(): string
  type(type: string): TypeDefinition | undefined
}

interface CompiledType {
  readonly type: NonNullable<NumberType>
  readonly pattern: RegExp
  readonly lengths: readonly number[] | undefined
}
interface CompiledPlan {
  readonly national: RegExp
  readonly fixed: CompiledType | undefined
  /** true when MOBILE is absent or empty: the fixed-line pattern covers mobiles too. */
  readonly mobileSameAsFixed: boolean
  readonly others: readonly CompiledType[]
}

const NON_FIXED_TYPES = [
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const

const plans = new Map<string, CompiledPlan>()

function compileType(plan: NumberingPlan, type: NonNullable<NumberType>): CompiledType | undefined {
  const definition = plan.type(type)
  const pattern = definition?.pattern()
  if (definition === undefined || !pattern) return undefined
  return { type, pattern: new RegExp(`^(?:${pattern})$`), lengths: definition.possibleLengths() }
}

function compilePlan(plan: NumberingPlan): CompiledPlan {
  const mobile = plan.type('MOBILE')
  return {
    national: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    fixed: compileType(plan, 'FIXED_LINE'),
    mobileSameAsFixed: mobile === undefined || mobile.pattern() === '',
    others: NON_FIXED_TYPES.map((t) => compileType(plan, t)).filter((t): t is CompiledType => t !== undefined),
  }
}

function planFor(region: string): CompiledPlan {
  let plan = plans.get(region)
  if (plan === undefined) {
    const metadata = new Metadata()
    metadata.selectNumberingPlan(region as CountryCode)
    plan = compilePlan(metadata.numberingPlan as unknown as NumberingPlan)
    plans.set(region, plan)
  }
  return plan
}

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
