import { z } from 'zod'
import { VERIFICATION_KINDS } from '../features/index.ts'
import { POLICY_EVENTS, TRIGGERS } from './policy.ts'

/** The shape of a policy file (snake_case, as written), before conditions are compiled. See docs/policies.md. */

/** The practice when a policy names no cap: enough for a day's ordinary work, far below a runaway rule. */
export const DEFAULT_PER_RULE_PER_DAY = 1000
export const MAX_DEADLINE_DAYS = 365
export const MAX_NOTICE_DAYS = 365
export const ACTION_TYPES = [
  'approve',
  'review',
  'require_verification',
  'hold_payouts',
  'suspend',
  'deactivate',
] as const

const NAME = /^[a-z][a-z0-9_-]*$/
const REASON = /^[a-z][a-z0-9_]*$/

const name = (what: string) =>
  z.string({ error: `${what} is required (lower-case letters, digits, "-" and "_")` }).regex(NAME, {
    error: `${what} must be lower-case letters, digits, "-" and "_", starting with a letter`,
  })

const oneOf = <T extends string>(what: string, values: readonly T[]) =>
  z.enum(values as [T, ...T[]], {
    error: (issue) =>
      issue.input === undefined
        ? `${what} is required: one of ${values.join(', ')}`
        : `unknown ${what} ${JSON.stringify(issue.input)}: one of ${values.join(', ')}`,
  })

const days = (what: string, min: number, max: number) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? `${what} is required: whole days, ${min}..${max}`
          : `${what} must be whole days, ${min}..${max}`,
    })
    .int({ error: `${what} must be whole days, ${min}..${max}` })
    .min(min, { error: `${what} must be at least ${min}` })
    .max(max, { error: `${what} must be at most ${max}` })

/** One item or a list of them: `on: sweep` reads as `on: [sweep]`. */
const oneOrMany = <T extends z.ZodType>(what: string, item: T) =>
  z.preprocess(
    (x) => (typeof x === 'string' ? [x] : x),
    z.array(item, { error: `${what} is required: a name or a list of names` }).min(1, { error: `${what} is empty` }),
  )

const base = {
  reason: z
    .string({ error: 'reason is required: a snake_case reason code, e.g. linked_to_deactivated' })
    .regex(REASON, { error: 'reason must be a snake_case code (a-z, 0-9, _), e.g. linked_to_deactivated' }),
  scope: z.enum(['account', 'cluster'], { error: 'scope must be account or cluster' }).default('account'),
}

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('approve'), ...base }),
    z.strictObject({
      type: z.literal('review'),
      ...base,
      priority: oneOf('priority', ['low', 'normal', 'high', 'urgent'] as const).default('normal'),
    }),
    z.strictObject({
      type: z.literal('require_verification'),
      ...base,
      methods: z
        .array(oneOf('verification method', VERIFICATION_KINDS), {
          error: `methods is required: a list of ${VERIFICATION_KINDS.join(', ')}`,
        })
        .min(1, { error: 'methods must name at least one verification method' })
        .refine((methods) => new Set(methods).size === methods.length, { error: 'methods lists a method twice' }),
      deadline_days: days('deadline_days', 1, MAX_DEADLINE_DAYS),
      on_expiry: oneOf('on_expiry', ['hold_payouts', 'suspend', 'deactivate'] as const).default('suspend'),
      reinstate_on_late_pass: z.boolean({ error: 'reinstate_on_late_pass must be true or false' }).default(true),
    }),
    z.strictObject({ type: z.literal('hold_payouts'), ...base }),
    z.strictObject({
      type: z.literal('suspend'),
      ...base,
      notice_days: days('notice_days', 0, MAX_NOTICE_DAYS).default(0),
    }),
    z.strictObject({
      type: z.literal('deactivate'),
      ...base,
      notice_days: days('notice_days', 0, MAX_NOTICE_DAYS).default(0),
    }),
  ],
  { error: 'the action needs a type: approve, review, require_verification, hold_payouts, suspend or deactivate' },
)

const ruleSchema = z.strictObject({
  id: name('id'),
  description: z.string({ error: 'description must be text' }).default(''),
  on: oneOrMany('on', oneOf('trigger', TRIGGERS)),
  events: z.array(oneOf('event', POLICY_EVENTS), { error: 'events must be a list of event names' }).default([]),
  // `when: true` is read as the condition "true": YAML makes a bare true a bool.
  when: z.union([z.string().min(1, { error: 'when must not be empty' }), z.boolean().transform(String)], {
    error: 'when is required: a condition over features, e.g. when: cluster.deactivated > 0',
  }),
  action: z.unknown().optional(),
})

const exceptionSchema = z.strictObject({
  accounts: z.array(z.string().min(1), { error: 'accounts must be a list of account ids' }).default([]),
  clusters_of: z.array(z.string().min(1), { error: 'clusters_of must be a list of account ids' }).default([]),
  rules: z.array(z.string(), { error: 'rules must be a list of rule ids' }).default([]),
  reason: z
    .string({ error: 'reason is required: why these accounts may do what the rules would hit them for' })
    .min(1, { error: 'reason must not be empty' }),
  expires: z.string({
    error: 'expires is required: a date (2026-12-31) or a timestamp with its offset (2026-12-31T18:00:00Z)',
  }),
})

export const policyFileSchema = z.strictObject(
  {
    policy: name('policy'),
    description: z.string({ error: 'description must be text' }).default(''),
    rules: z.array(z.unknown(), { error: 'rules is required: a list of rules' }).min(1, { error: 'rules is empty' }),
    exceptions: z.array(z.unknown(), { error: 'exceptions must be a list' }).default([]),
    caps: z
      .strictObject({
        per_rule_per_day: z
          .number({ error: 'per_rule_per_day must be a whole number of accounts, at least 1' })
          .int({ error: 'per_rule_per_day must be a whole number of accounts, at least 1' })
          .min(1, { error: 'per_rule_per_day must be at least 1' })
          .default(DEFAULT_PER_RULE_PER_DAY),
      })
      .default({ per_rule_per_day: DEFAULT_PER_RULE_PER_DAY }),
  },
  { error: 'a policy file is a map that starts with `policy: NAME` and lists its `rules`' },
)

export { actionSchema, exceptionSchema, ruleSchema }
export type ActionFile = z.output<typeof actionSchema>
export type RuleFile = z.output<typeof ruleSchema>
export type ExceptionFile = z.output<typeof exceptionSchema>
export type PolicyFile = z.output<typeof policyFileSchema>
