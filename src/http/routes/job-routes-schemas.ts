// The wire shapes of policies, sweeps and jobs, and the mapping of the app's values to them (times as RFC 3339).
import { z } from 'zod'
import { formatTime } from '../../app/index.ts'
import { JOB_STATES, type Job, type StoredPolicy } from '../../ports/index.ts'

const MODE = z.enum(['live', 'shadow'])

export const policyVersionSchema = z
  .object({
    name: z.string(),
    version: z.number().int().describe('1, 2, … per name'),
    mode: MODE.describe('live acts; shadow runs beside the live version and only records what it would have done'),
    loadedBy: z.string(),
    loadedAt: z.string(),
  })
  .meta({ id: 'PolicyVersion' })

export const storedPolicySchema = policyVersionSchema
  .extend({ source: z.string().describe('the YAML exactly as loaded') })
  .meta({ id: 'StoredPolicy' })

export const loadedPolicySchema = z
  .object({
    policy: policyVersionSchema,
    changed: z.boolean().describe('false: the latest version already had this text and mode, nothing was stored'),
    rules: z.number().int(),
  })
  .meta({ id: 'LoadedPolicy' })

export const loadPolicyBodySchema = z.object({
  source: z.string().min(1).max(1_000_000).describe('the policy YAML (docs/policies.md)'),
  mode: MODE.default('live'),
  file: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\n\r]+$/, 'one line')
    .default('policy.yaml')
    .describe('the name errors give the text: `policy.yaml:5: rules[0].when: …`'),
})

export const sweepBodySchema = z.object({
  policy: z.string().min(1).max(200).describe('the name of a stored policy'),
  version: z.number().int().min(1).optional().describe('default: the latest version, pinned when the job is made'),
  apply: z.boolean().default(false).describe('record the decisions; false (default): a dry run that writes nothing'),
  trigger: z
    .enum(['sweep', 'schedule'])
    .default('sweep')
    .describe('which rules run: those on `sweep`, or those on `schedule` (decided at most once a day per account)'),
  sample: z.number().int().min(0).max(10_000).default(10).describe('hits shown with their evidence in the result'),
})

export const jobSchema = z
  .object({
    id: z.number().int(),
    kind: z.string().describe('`sweep`'),
    state: z.enum(JOB_STATES).describe('queued → running → done | failed; a failed attempt waits queued for a retry'),
    payload: z.unknown().describe('what the job runs (a sweep: policy, version, apply, trigger, sampleSize)'),
    attempts: z.number().int().describe('times claimed by a worker; a retry or a reclaim after a crash counts one'),
    runAfter: z.string().describe('not started before this time (a retry waits out its backoff)'),
    claimedBy: z.string().nullable().describe('the server process that runs or ran it'),
    leaseUntil: z.string().nullable().describe('while running: another server takes the job over if this passes'),
    progress: z
      .object({ phase: z.string().optional(), done: z.number(), total: z.number().nullable() })
      .nullable()
      .describe('as last reported: a sweep reports reading, evaluating (accounts) and applying (decisions)'),
    result: z
      .unknown()
      .describe('once done: for a sweep, the report `oneseller sweep --json` prints (with `applied` for an apply)'),
    error: z.string().nullable().describe('the last failure; kept while the job waits for a retry'),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Job' })

export const toPolicyVersion = (p: StoredPolicy): z.input<typeof policyVersionSchema> => ({
  name: p.name,
  version: p.version,
  mode: p.mode,
  loadedBy: p.loadedBy,
  loadedAt: formatTime(p.loadedAt),
})

export const toJobView = (j: Job): z.input<typeof jobSchema> => ({
  id: j.id,
  kind: j.kind,
  state: j.state,
  payload: j.payload,
  attempts: j.attempts,
  runAfter: formatTime(j.runAfter),
  claimedBy: j.claimedBy,
  leaseUntil: j.leaseUntil === null ? null : formatTime(j.leaseUntil),
  progress: j.progress === null ? null : { ...j.progress },
  result: j.result,
  error: j.error,
  createdBy: j.createdBy,
  createdAt: formatTime(j.createdAt),
  updatedAt: formatTime(j.updatedAt),
})
