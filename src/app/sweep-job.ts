import { z } from 'zod'
import { OnesellerError } from '../core/errors.ts'
import type { Clock, Job, JobQueue, PolicyStore } from '../ports/index.ts'
import type { JobHandler } from './run-jobs.ts'
import { runSweep, type SweepDeps } from './run-sweep.ts'

/** The kind of job that runs a sweep in the background. */
export const SWEEP_JOB = 'sweep'

/** Hits shown with their evidence in a sweep job's report, as `oneseller sweep` shows by default. */
const DEFAULT_SAMPLE = 10

const sweepPayloadSchema = z.object({
  policy: z.string().min(1),
  version: z.number().int().min(1),
  apply: z.boolean(),
  trigger: z.enum(['sweep', 'schedule']),
  sampleSize: z.number().int().min(0).max(10_000),
})

/** What a sweep job runs: one stored policy version, pinned when the job is enqueued. */
export type SweepJobPayload = z.output<typeof sweepPayloadSchema>

export interface SweepJobRequest {
  readonly policy: string
  /** Default: the latest version, as it is when the job is enqueued (a version loaded later does not change it). */
  readonly version?: number
  /** Record the decisions; otherwise a dry run. */
  readonly apply?: boolean
  readonly trigger?: 'sweep' | 'schedule'
  readonly sampleSize?: number
  /** Who asks, for the job and the audit trail of the decisions. */
  readonly actor: string
  /** Enqueueing the same key again returns the job it enqueued (an Idempotency-Key). */
  readonly key?: string
}

/**
 * Enqueues a sweep of a stored policy version, dry run or apply; the job runs on whichever worker claims it (the
 * server runs a job loop). Refuses at once what the job could only fail on: a policy or version that is not stored,
 * and an apply of a shadow version (shadow versions only record beside the live one, on their triggers).
 */
export async function enqueueSweep(
  deps: { readonly policies: PolicyStore; readonly jobs: JobQueue; readonly clock: Clock },
  req: SweepJobRequest,
): Promise<Job> {
  const stored = await deps.policies.getPolicy(req.policy, req.version)
  if (stored === undefined) throw notStored(req.policy, req.version)
  const apply = req.apply ?? false
  if (apply && stored.mode === 'shadow') {
    throw new OnesellerError(
      'invalid_input',
      `${stored.name} version ${stored.version} is a shadow version: it only records what it would do beside the live one. Load it live (mode "live") to apply it as a sweep, or run it dry.`,
    )
  }
  const payload: SweepJobPayload = {
    policy: stored.name,
    version: stored.version,
    apply,
    trigger: req.trigger ?? 'sweep',
    sampleSize: req.sampleSize ?? DEFAULT_SAMPLE,
  }
  return deps.jobs.enqueue({
    kind: SWEEP_JOB,
    payload,
    ...(req.key === undefined ? {} : { key: req.key }),
    createdBy: req.actor,
    at: deps.clock.now(),
  })
}

/**
 * Runs a sweep job: `runSweep` over the stored version, reporting each phase's progress; the result is the sweep's
 * outcome as `oneseller sweep --json` prints it (for an apply, with the decisions recorded). Idempotent as a job must
 * be: an apply records decisions by key, so a run again after a crash records only what the first did not (the
 * outcome then counts the rest under `alreadyApplied`).
 */
export function sweepJobHandler(deps: SweepDeps): JobHandler {
  return async (job, ctx) => {
    const parsed = sweepPayloadSchema.safeParse(job.payload)
    if (!parsed.success) {
      throw new OnesellerError(
        'invalid_input',
        `job ${job.id}: not a sweep payload (${parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')})`,
      )
    }
    const p = parsed.data
    const stored = await deps.policies.getPolicy(p.policy, p.version)
    if (stored === undefined) throw notStored(p.policy, p.version)
    return runSweep(deps, {
      source: stored.source,
      file: `${stored.name}@${stored.version}`,
      stored,
      apply: p.apply,
      trigger: p.trigger,
      actor: job.createdBy,
      sampleSize: p.sampleSize,
      onProgress: (phase, done, total) => {
        ctx.signal.throwIfAborted()
        ctx.heartbeat({ phase, done, total })
      },
    })
  }
}

function notStored(policy: string, version: number | undefined): OnesellerError {
  return new OnesellerError(
    'not_found',
    version === undefined
      ? `no policy named "${policy}" is stored: load it first (POST /v1/policies, or oneseller policy load)`
      : `policy "${policy}" has no version ${version}: list the stored versions (GET /v1/policies)`,
  )
}
