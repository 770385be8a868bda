import { type ASTNode, Environment } from '@marcbachmann/cel-js'
import { FEATURE_CATALOGUE, type Features, type FeatureType } from '../features/index.ts'
import { err, ok, type Result } from '../result.ts'
import { closestName } from './closest-name.ts'

/** The value of one feature as evidence records it (as `Features` holds it: numbers, never bigints). */
export type FeatureValue = string | number | boolean | readonly string[]

/** The features a condition read, by dotted name, with their values: what an action rests on. */
export type Evidence = Readonly<Record<string, FeatureValue>>

/** A condition compiled and type-checked against the feature catalogue, ready to run over many accounts. */
export interface Condition {
  readonly source: string
  /** The dotted names of the features it reads, in the order they first appear. */
  readonly reads: readonly string[]
  /** @internal the compiled CEL program; call through `runCondition`. */
  readonly program: (input: ConditionInput) => unknown
}

/** Why a condition does not compile, with the offset in its source the reason points at. */
export interface ConditionIssue {
  readonly offset: number
  readonly message: string
}

/** Features converted once for CEL (ints as bigints, groups as typed objects); shared by every rule of a policy. */
export interface ConditionInput {
  readonly account: object
  readonly cluster: object
  readonly history: object
  /** Features that could not be converted (missing, or an int that is not an integer), by dotted name. */
  readonly invalid: ReadonlyMap<string, string>
}

type Group = 'account' | 'cluster' | 'history'
const GROUPS: readonly Group[] = ['account', 'cluster', 'history']
const CEL_TYPES: Readonly<Record<FeatureType, string>> = {
  bool: 'bool',
  int: 'int',
  double: 'double',
  string: 'string',
  'list(string)': 'list<string>',
}
const FEATURE_NAMES: ReadonlySet<string> = new Set(FEATURE_CATALOGUE.map((spec) => spec.name))

// CEL needs a typed object per group; these classes only give the three groups distinct runtime types.
class AccountGroup {}
class ClusterGroup {}
class HistoryGroup {}
const GROUP_TYPES = {
  account: { typeName: 'Account', ctor: AccountGroup },
  cluster: { typeName: 'Cluster', ctor: ClusterGroup },
  history: { typeName: 'History', ctor: HistoryGroup },
} as const

/** One feature as a group field: `cluster.size` is `size` of `cluster`. */
export interface FieldSpec {
  readonly name: string
  readonly key: string
  readonly isInt: boolean
}
const FIELDS: Readonly<Record<Group, readonly FieldSpec[]>> = {
  account: fieldsOf('account'),
  cluster: fieldsOf('cluster'),
  history: fieldsOf('history'),
}

function fieldsOf(group: Group): FieldSpec[] {
  return FEATURE_CATALOGUE.filter((spec) => spec.name.startsWith(`${group}.`)).map((spec) => ({
    name: spec.name,
    key: spec.name.slice(group.length + 1),
    isInt: spec.type === 'int',
  }))
}

function buildEnvironment(): Environment {
  let env = new Environment({ unlistedVariablesAreDyn: false, enableOptionalTypes: false })
  for (const group of GROUPS) {
    const fields: Record<string, string> = {}
    for (const spec of FEATURE_CATALOGUE) {
      if (spec.name.startsWith(`${group}.`)) fields[spec.name.slice(group.length + 1)] = CEL_TYPES[spec.type]
    }
    const { typeName, ctor } = GROUP_TYPES[group]
    env = env.registerType(typeName, { ctor, fields }).registerVariable(group, typeName)
  }
  return env
}

// Built once: an environment is costly to make and holds no state between evaluations.
const ENVIRONMENT = buildEnvironment()

/**
 * Compiles a condition written in CEL over the catalogue's features (`cluster.deactivated > 0 && …`) and checks
 * that every name it uses is a catalogue feature, that it type-checks, and that it yields a bool.
 * Issues carry the offset in `source` they point at, for line numbers.
 */
export function compileCondition(source: string): Result<Condition, ConditionIssue[]> {
  let parsed: ReturnType<Environment['parse']>
  try {
    parsed = ENVIRONMENT.parse(source)
  } catch (error) {
    return err([issueOf(error, 'syntax error')])
  }
  const found: Found = { reads: [], issues: [] }
  collectReads(parsed.ast, new Set(), found)
  if (found.issues.length > 0) {
    return err(found.issues.filter((issue, i) => found.issues.findIndex((o) => o.message === issue.message) === i))
  }
  const checked = ENVIRONMENT.check(source)
  if (!checked.valid) return err([issueOf(checked.error, 'type error')])
  if (checked.type !== 'bool') {
    return err([{ offset: 0, message: `a condition must be a bool, this one is ${checked.type ?? 'unknown'}` }])
  }
  return ok({ source, reads: found.reads, program: parsed as (input: ConditionInput) => unknown })
}

function issueOf(error: unknown, kind: string): ConditionIssue {
  const e = error as { summary?: unknown; message?: unknown; range?: { start?: unknown } } | undefined
  const summary = typeof e?.summary === 'string' ? e.summary : typeof e?.message === 'string' ? e.message : kind
  const offset = typeof e?.range?.start === 'number' ? e.range.start : 0
  return { offset, message: `${kind}: ${summary}` }
}

/**
 * Walks the AST: `group.key` selections are feature reads; any other name must be a variable a macro binds
 * (`account.verified.exists(v, v == "video")`, `cel.bind(n, …, …)`).
 */
function collectReads(node: ASTNode, bound: ReadonlySet<string>, found: Found): void {
  switch (node.op) {
    case 'value':
      return
    case 'id':
      if (!bound.has(node.args)) found.issues.push({ offset: node.range.start, message: notAFeature(node.args) })
      return
    case '.':
    case '.?': {
      const [target, key] = node.args
      if (target.op === 'id' && !bound.has(target.args)) {
        readFeature(`${target.args}.${key}`, target.range.start, found)
        return
      }
      collectReads(target, bound, found)
      return
    }
    case 'rcall': {
      const [fn, receiver, args] = node.args
      const variable = args[0]?.op === 'id' ? args[0].args : undefined
      if (fn === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && variable !== undefined && args[2]) {
        collectReads(args[1] as ASTNode, bound, found)
        collectReads(args[2], new Set([...bound, variable]), found)
        return
      }
      collectReads(receiver, bound, found)
      if (COMPREHENSIONS.has(fn) && variable !== undefined) {
        const inner = new Set([...bound, variable])
        for (const arg of args.slice(1)) collectReads(arg, inner, found)
        return
      }
      for (const arg of args) collectReads(arg, bound, found)
      return
    }
    case 'call':
      for (const arg of node.args[1]) collectReads(arg, bound, found)
      return
    case 'list':
      for (const item of node.args) collectReads(item, bound, found)
      return
    case 'map':
      for (const item of node.args.flat()) collectReads(item, bound, found)
      return
    case '!_':
    case '-_':
      collectReads(node.args, bound, found)
      return
    default:
      for (const child of node.args) collectReads(child, bound, found)
  }
}

interface Found {
  readonly reads: string[]
  readonly issues: ConditionIssue[]
}

const COMPREHENSIONS: ReadonlySet<string> = new Set(['all', 'exists', 'exists_one', 'map', 'filter'])

function readFeature(name: string, offset: number, found: Found): void {
  if (!FEATURE_NAMES.has(name)) found.issues.push({ offset, message: unknownFeature(name) })
  else if (!found.reads.includes(name)) found.reads.push(name)
}

function notAFeature(name: string): string {
  return (GROUPS as readonly string[]).includes(name)
    ? `"${name}" alone is not a feature: name one, e.g. "${FIELDS[name as Group][0]?.name}"`
    : unknownFeature(name)
}

function unknownFeature(name: string): string {
  const suggestion = closestName(name, [...FEATURE_NAMES])
  return `unknown feature "${name}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`
}

/** The fields of each group a set of conditions reads: what `toConditionInput` converts. */
export interface InputFields {
  readonly account: readonly FieldSpec[]
  readonly cluster: readonly FieldSpec[]
  readonly history: readonly FieldSpec[]
}

/** The fields to convert for conditions reading `reads` (dotted names); every catalogue feature when omitted. */
export function inputFieldsOf(reads?: Iterable<string>): InputFields {
  if (reads === undefined) return FIELDS
  const wanted = new Set(reads)
  return {
    account: FIELDS.account.filter((f) => wanted.has(f.name)),
    cluster: FIELDS.cluster.filter((f) => wanted.has(f.name)),
    history: FIELDS.history.filter((f) => wanted.has(f.name)),
  }
}

// Counts are small: sharing their bigints spares the collector one allocation per int feature per account.
const SMALL_INTS: readonly bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i))

/**
 * Converts an account's features for CEL once, so that every rule of a policy runs over the same input; only
 * `fields` are converted (a policy's reads). Never throws: a missing feature, or an int that is not an integer, is
 * listed in `invalid`.
 */
export function toConditionInput(features: Features, fields: InputFields = FIELDS): ConditionInput {
  const problems = { invalid: NO_PROBLEMS as Map<string, string> }
  return {
    account: toGroup('account', features.account, fields.account, problems),
    cluster: toGroup('cluster', features.cluster, fields.cluster, problems),
    history: toGroup('history', features.history, fields.history, problems),
    invalid: problems.invalid,
  }
}

const NO_PROBLEMS: ReadonlyMap<string, string> = new Map()

function toGroup(
  group: Group,
  values: object | undefined,
  fields: readonly FieldSpec[],
  problems: { invalid: Map<string, string> },
): object {
  const target = new GROUP_TYPES[group].ctor() as Record<string, unknown>
  const source = (values ?? {}) as Record<string, unknown>
  for (const field of fields) {
    const value = source[field.key]
    let problem: string | undefined
    if (value === undefined) problem = 'is missing'
    else if (!field.isInt) target[field.key] = value
    else if (typeof value === 'number' && value >= 0 && value < SMALL_INTS.length && Number.isInteger(value)) {
      target[field.key] = SMALL_INTS[value]
    } else if (Number.isSafeInteger(value)) target[field.key] = BigInt(value as number)
    else problem = `is not an int (${String(value)})`
    if (problem !== undefined) {
      if (problems.invalid === NO_PROBLEMS) problems.invalid = new Map()
      problems.invalid.set(field.name, problem)
    }
  }
  return target
}

/** Runs a compiled condition: `true`, `false`, or the reason it could not be evaluated. */
export function runCondition(condition: Condition, input: ConditionInput): boolean | { readonly failure: string } {
  if (input.invalid.size > 0) {
    for (const name of condition.reads) {
      const problem = input.invalid.get(name)
      if (problem !== undefined) return { failure: `feature ${name} ${problem}` }
    }
  }
  try {
    return condition.program(input) === true
  } catch (error) {
    return { failure: issueOf(error, 'evaluation error').message }
  }
}

/** The values of the features a condition reads, from the features as given (JSON-safe). */
export function evidenceOf(condition: Condition, features: Features): Evidence {
  const evidence: Record<string, FeatureValue> = {}
  for (const name of condition.reads) {
    const dot = name.indexOf('.')
    const group = (features as unknown as Record<string, Record<string, FeatureValue> | undefined>)[name.slice(0, dot)]
    const value = group?.[name.slice(dot + 1)]
    if (value !== undefined) evidence[name] = value
  }
  return evidence
}
