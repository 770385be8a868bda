import { type CountryCode, Metadata, type NumberType } from 'libphonenumber-js/max'

// libphonenumber-js builds a new RegExp from its metadata on every pattern test (3 µs for one large pattern, and
// GB has several). This module compiles each numbering plan of the same max metadata once, so that the classifier
// (phone-type.ts) and the parser (phone-parse.ts) run the library's algorithms without recompiling. The cache is
// keyed by numbering plan (≈ 250 countries plus the calling codes), never by user input.

interface TypeDefinition {
  pattern(): string
  possibleLengths(): readonly number[] | undefined
}
interface NumberingPlan {
  callingCode(): string
  IDDPrefix(): string | undefined
  nationalNumberPattern(): string
  possibleLengths(): readonly number[] | undefined
  nationalPrefix(): string | undefined
  nationalPrefixForParsing(): string | undefined
  nationalPrefixTransformRule(): string | undefined
  leadingDigits(): string | undefined
  type(type: string): TypeDefinition | undefined
}
interface MetadataTables {
  countryCallingCodes(): Readonly<Record<string, readonly string[]>>
  nonGeographic(): Readonly<Record<string, unknown>> | undefined
}

/** One number type of a plan: its pattern, anchored and compiled, and the lengths it allows. */
export interface CompiledType {
  readonly type: NonNullable<NumberType>
  readonly pattern: RegExp
  readonly lengths: readonly number[] | undefined
}

/** A numbering plan of the max metadata with every pattern compiled once. */
export interface CompiledPlan {
  readonly callingCode: string
  /** The whole national significant number pattern, `^(?:…)$`. */
  readonly national: RegExp
  /** Possible lengths of any number of the plan. */
  readonly lengths: readonly number[] | undefined
  /** `^(?:national prefix for parsing)`, undefined when the plan has none. */
  readonly nationalPrefix: RegExp | undefined
  readonly hasTransformRule: boolean
  /** `^(?:leading digits)`: which national numbers belong to this country of a shared calling code. */
  readonly leadingDigits: RegExp | undefined
  /** `^(?:international dialling prefix)`, undefined when the plan has none. */
  readonly idd: RegExp | undefined
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

const metadata = new Metadata()
const tables = metadata as unknown as MetadataTables
const plans = new Map<string, CompiledPlan>()

function anchored(pattern: string | undefined, end = ''): RegExp | undefined {
  return pattern ? new RegExp(`^(?:${pattern})${end}`) : undefined
}

function compileType(plan: NumberingPlan, type: NonNullable<NumberType>): CompiledType | undefined {
  const definition = plan.type(type)
  const pattern = definition?.pattern()
  if (definition === undefined || !pattern) return undefined
  return { type, pattern: new RegExp(`^(?:${pattern})$`), lengths: definition.possibleLengths() }
}

function compilePlan(plan: NumberingPlan): CompiledPlan {
  const mobile = plan.type('MOBILE')
  return {
    callingCode: plan.callingCode(),
    national: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    lengths: plan.possibleLengths(),
    nationalPrefix: anchored(plan.nationalPrefixForParsing()),
    hasTransformRule: Boolean(plan.nationalPrefixTransformRule()),
    leadingDigits: anchored(plan.leadingDigits()),
    idd: anchored(plan.IDDPrefix()),
    fixed: compileType(plan, 'FIXED_LINE'),
    mobileSameAsFixed: mobile === undefined || mobile.pattern() === '',
    others: NON_FIXED_TYPES.map((t) => compileType(plan, t)).filter((t): t is CompiledType => t !== undefined),
  }
}

/**
 * The compiled numbering plan of a country (`GB`) or of a calling code (`44` selects its main country, `800` the
 * non-geographic plan), as libphonenumber-js `Metadata.selectNumberingPlan` chooses it.
 */
export function planFor(region: string): CompiledPlan {
  let plan = plans.get(region)
  if (plan === undefined) {
    metadata.selectNumberingPlan(region as CountryCode)
    plan = compilePlan(metadata.numberingPlan as unknown as NumberingPlan)
    plans.set(region, plan)
  }
  return plan
}

/** The countries sharing a calling code, main country first; undefined when no country has it. */
export function countriesOfCallingCode(callingCode: string): readonly string[] | undefined {
  return tables.countryCallingCodes()[callingCode]
}

/** True for the calling codes of non-geographic numbering plans (`800`, `882`, …). */
export function isNonGeographicCallingCode(callingCode: string): boolean {
  return tables.nonGeographic()?.[callingCode] !== undefined
}
