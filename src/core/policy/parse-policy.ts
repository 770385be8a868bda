import { LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { err, ok, type Result } from '../result.ts'
import { closestName } from './closest-name.ts'
import { type Condition, compileCondition, type InputFields, inputFieldsOf } from './condition.ts'
import type { Action, Policy, PolicyException, Rule } from './policy.ts'
import type { PolicyError } from './policy-error.ts'
import {
  ACTION_TYPES,
  type ActionFile,
  actionSchema,
  type ExceptionFile,
  exceptionSchema,
  policyFileSchema,
  ruleSchema,
} from './policy-schema.ts'
import { formatPath, type SourceLines as Lines, SourceLines, type SourcePath } from './source-lines.ts'

/** A rule whose condition is compiled: what `evaluatePolicy` runs. */
export interface CompiledRule extends Rule {
  readonly condition: Condition
}

/** A policy that loaded without a single error, its conditions compiled and type-checked. */
export interface CompiledPolicy extends Policy {
  readonly rules: readonly CompiledRule[]
  /** The file it was read from, for messages. */
  readonly file: string
  /** Every feature its conditions read (dotted names, catalogue order): all an evaluation needs. */
  readonly reads: readonly string[]
  /** @internal the fields `evaluatePolicy` converts for CEL. */
  readonly inputFields: InputFields
}

export interface ParsePolicyOptions {
  /** When given (epoch ms), an exception that has already lapsed is an error: loading it would be a mistake. */
  readonly now?: number
}

/** Collects the errors of one file; every check adds to it, nothing stops at the first. */
class Problems {
  readonly list: PolicyError[] = []
  constructor(
    readonly file: string,
    readonly lines: Lines,
  ) {}
  add(path: SourcePath, message: string, line = this.lines.lineOf(path)): void {
    this.list.push({ file: this.file, line, path: formatPath(path), message })
  }
  /** Validates `input` at `path`; the issues become errors with their lines. */
  check<T extends z.ZodType>(
    schema: T,
    input: unknown,
    path: SourcePath,
    keyHint?: (key: string) => string,
  ): z.output<T> | undefined {
    const parsed = schema.safeParse(input)
    if (parsed.success) return parsed.data
    for (const issue of parsed.error.issues) {
      const at = [...path, ...(issue.path as (string | number)[])]
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          this.add(
            [...at, key],
            keyHint?.(key) ?? `unknown key "${key}"`,
            this.lines.lineOf([...at, key], { key: true }),
          )
        }
      } else {
        this.add(at, issue.message)
      }
    }
    return undefined
  }
}

/**
 * Reads a policy file: YAML, validated, every condition compiled and type-checked against the feature catalogue.
 * Returns every error found (file, line, path, message) and no policy when there is one: a policy loads whole or
 * not at all. Never throws.
 *
 * @example
 * const parsed = parsePolicy(readFileSync('policies/onboarding.yaml', 'utf8'), 'policies/onboarding.yaml')
 * if (!parsed.ok) console.error(parsed.error.map(formatPolicyError).join('\n'))
 */
export function parsePolicy(
  source: string,
  file: string,
  opts: ParsePolicyOptions = {},
): Result<CompiledPolicy, PolicyError[]> {
  const counter = new LineCounter()
  const doc = parseDocument(source, { lineCounter: counter, version: '1.2', prettyErrors: false, uniqueKeys: true })
  const problems = new Problems(file, new SourceLines(doc, counter))
  if (doc.errors.length > 0) {
    for (const e of doc.errors)
      problems.add([], `malformed YAML: ${e.message.split('\n')[0]}`, problems.lines.lineOfOffset(e.pos[0]))
    return err(problems.list)
  }
  let raw: unknown
  try {
    raw = doc.toJS()
  } catch (error) {
    problems.add([], `malformed YAML: ${error instanceof Error ? error.message : String(error)}`)
    return err(problems.list)
  }
  const top = problems.check(policyFileSchema, raw, [], (key) => unknownKey(key, TOP_KEYS))
  const rawRules = isRecord(raw) && Array.isArray(raw.rules) ? raw.rules : []
  const rawExceptions = isRecord(raw) && Array.isArray(raw.exceptions) ? raw.exceptions : []
  const rules = rawRules.map((r, i) => readRule(r, ['rules', i], problems))
  const ruleIds = rawRules.map((r) => (isRecord(r) && typeof r.id === 'string' ? r.id : undefined))
  checkDuplicateIds(ruleIds, problems)
  const exceptions = rawExceptions.map((x, i) => readException(x, ['exceptions', i], { problems, ruleIds, opts }))
  if (problems.list.length > 0 || top === undefined) {
    return err([...problems.list].sort((a, b) => a.line - b.line))
  }
  const compiled = rules as CompiledRule[]
  const inputFields = inputFieldsOf(compiled.flatMap((r) => r.condition.reads))
  return ok({
    name: top.policy,
    description: top.description,
    rules: compiled,
    exceptions: exceptions as PolicyException[],
    caps: { perRulePerDay: top.caps.per_rule_per_day },
    file,
    reads: [...inputFields.account, ...inputFields.cluster, ...inputFields.history].map((f) => f.name),
    inputFields,
  })
}

const TOP_KEYS = ['policy', 'description', 'rules', 'exceptions', 'caps', 'per_rule_per_day']
const RULE_KEYS = ['id', 'description', 'on', 'events', 'when', 'action']
const ACTION_KEYS = [
  'type',
  'reason',
  'scope',
  'priority',
  'methods',
  'deadline_days',
  'on_expiry',
  'reinstate_on_late_pass',
  'notice_days',
]
const EXCEPTION_KEYS = ['accounts', 'clusters_of', 'rules', 'reason', 'expires']

function unknownKey(key: string, known: readonly string[]): string {
  const suggestion = closestName(key, known)
  return `unknown key "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readRule(input: unknown, path: SourcePath, problems: Problems): CompiledRule | undefined {
  const rule = problems.check(ruleSchema, input, path, (key) => unknownKey(key, RULE_KEYS))
  const action = readAction(isRecord(input) ? input.action : undefined, [...path, 'action'], problems)
  // A condition is checked even when the rule has other errors, so that one load reports them all.
  const when = rule?.when ?? (isRecord(input) && typeof input.when === 'string' ? input.when : undefined)
  const condition = when === undefined ? undefined : readCondition(when, [...path, 'when'], problems)
  if (rule === undefined) return undefined
  if (rule.events.length > 0 && !rule.on.includes('event')) {
    problems.add([...path, 'events'], 'events apply only to the event trigger: add event to on, or remove events')
    return undefined
  }
  if (action === undefined || condition === undefined) return undefined
  return {
    id: rule.id,
    description: rule.description,
    on: rule.on,
    events: rule.events,
    when: rule.when,
    action,
    line: problems.lines.lineOf(path),
    condition,
  }
}

function readCondition(when: string, path: SourcePath, problems: Problems): Condition | undefined {
  const compiled = compileCondition(when)
  if (compiled.ok) return compiled.value
  for (const issue of compiled.error) {
    problems.add(path, issue.message, problems.lines.lineInString(path, issue.offset, when))
  }
  return undefined
}

function readAction(input: unknown, path: SourcePath, problems: Problems): Action | undefined {
  if (input === undefined || input === null) {
    problems.add(path, 'action is required: { type, reason, … }', problems.lines.lineOf(path.slice(0, -1)))
    return undefined
  }
  const type = isRecord(input) ? input.type : undefined
  if (!(ACTION_TYPES as readonly unknown[]).includes(type)) {
    const known = ACTION_TYPES.join(', ')
    const message =
      type === undefined
        ? `the action needs a type: ${known}`
        : `unknown action type ${JSON.stringify(type)}: one of ${known}`
    problems.add(isRecord(input) && type !== undefined ? [...path, 'type'] : path, message)
    return undefined
  }
  const action = problems.check(actionSchema, input, path, (key) =>
    ACTION_KEYS.includes(key) ? `${key} does not apply to a ${String(type)} action` : unknownKey(key, ACTION_KEYS),
  )
  return action === undefined ? undefined : toAction(action)
}

function toAction(a: ActionFile): Action {
  const base = { reason: a.reason, scope: a.scope }
  switch (a.type) {
    case 'approve':
    case 'hold_payouts':
      return { type: a.type, ...base }
    case 'review':
      return { type: a.type, ...base, priority: a.priority }
    case 'require_verification':
      return {
        type: a.type,
        ...base,
        methods: a.methods,
        deadlineDays: a.deadline_days,
        onExpiry: a.on_expiry,
        reinstateOnLatePass: a.reinstate_on_late_pass,
      }
    case 'suspend':
    case 'deactivate':
      return { type: a.type, ...base, noticeDays: a.notice_days }
  }
}

function checkDuplicateIds(ids: readonly (string | undefined)[], problems: Problems): void {
  const seen = new Map<string, number>()
  ids.forEach((id, i) => {
    if (id === undefined) return
    const first = seen.get(id)
    if (first === undefined) seen.set(id, problems.lines.lineOf(['rules', i, 'id']))
    else problems.add(['rules', i, 'id'], `duplicate rule id "${id}" (first used on line ${first})`)
  })
}

interface ExceptionContext {
  readonly problems: Problems
  readonly ruleIds: readonly (string | undefined)[]
  readonly opts: ParsePolicyOptions
}

function readException(input: unknown, path: SourcePath, ctx: ExceptionContext): PolicyException | undefined {
  const { problems } = ctx
  const x: ExceptionFile | undefined = problems.check(exceptionSchema, input, path, (key) =>
    unknownKey(key, EXCEPTION_KEYS),
  )
  if (x === undefined) return undefined
  let valid = true
  if (x.accounts.length === 0 && x.clusters_of.length === 0) {
    problems.add(path, 'an exception names accounts, clusters_of, or both')
    valid = false
  }
  x.rules.forEach((id, i) => {
    if (ctx.ruleIds.includes(id)) return
    const suggestion = closestName(
      id,
      ctx.ruleIds.filter((r) => r !== undefined),
    )
    problems.add(
      [...path, 'rules', i],
      `no rule "${id}" in this policy${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    )
    valid = false
  })
  const expires = parseExpiry(x.expires)
  if (expires === undefined) {
    problems.add(
      [...path, 'expires'],
      `expires "${x.expires}" is not a date (2026-12-31) or a timestamp with its offset (2026-12-31T18:00:00Z)`,
    )
    return undefined
  }
  if (ctx.opts.now !== undefined && expires <= ctx.opts.now) {
    problems.add([...path, 'expires'], `the exception lapsed on ${x.expires}: renew it with a new date, or remove it`)
    return undefined
  }
  if (!valid) return undefined
  return {
    accounts: x.accounts,
    clustersOf: x.clusters_of,
    rules: x.rules,
    reason: x.reason,
    expires,
    line: problems.lines.lineOf(path),
  }
}

const DAY_MS = 86_400_000
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// An offset is required: a timestamp read in the loading machine's time zone would lapse at different instants.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/** Epoch ms at which an exception lapses: a bare date lasts through that whole UTC day. */
export function parseExpiry(text: string): number | undefined {
  const date = DATE.exec(text)
  if (date !== null) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])]
    const start = Date.UTC(y, m - 1, d)
    const back = new Date(start)
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined
    return start + DAY_MS
  }
  if (!TIMESTAMP.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : at
}
