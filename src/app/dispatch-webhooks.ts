import type { Instant } from '../core/time.ts'
import { type WebhookEvent, webhookEventOf } from '../core/webhooks/webhook-event.ts'
import type { Job, JobQueue, PolicyStore, WebhookSender, WorkflowStore } from '../ports/index.ts'
import { nextTurn, RECORDS_PER_TURN } from './next-turn.ts'
import { type JobHandler, JobRunner, type RetryPolicy } from './run-jobs.ts'

/** The follower of the audit trail that queues webhook deliveries. */
export const WEBHOOKS_CURSOR = 'workflow.webhooks'

/** The job kind of one webhook delivery. */
export const WEBHOOK_JOB = 'webhook'

/** A receiver that is down is tried again after 30 s, 1 min, 2 min, … up to 6 h between tries: 12 tries, ~1.5 days. */
export const WEBHOOK_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 6 * 3_600_000, maxAttempts: 12 }

const AUDIT_PAGE = 2_000

interface QueueDeps {
  readonly policies: PolicyStore
  readonly workflows: WorkflowStore
  readonly jobs: JobQueue
}

/**
 * Follows the audit trail from where it stopped and queues one delivery job per change of an account's standing
 * (keyed `webhook:<seq>`, so queueing again after a crash adds nothing); the cursor moves after the page is queued.
 * Returns how many deliveries it queued.
 */
export async function queueWebhooks(deps: QueueDeps, now: Instant): Promise<number> {
  let queued = 0
  let position = await deps.workflows.cursor(WEBHOOKS_CURSOR)
  for (;;) {
    const page = await deps.policies.listAudit({ afterSeq: position, limit: AUDIT_PAGE })
    if (page.length === 0) break
    for (const [i, record] of page.entries()) {
      if (i > 0 && i % RECORDS_PER_TURN === 0) await nextTurn()
      const event = webhookEventOf(record)
      if (event === undefined) continue
      const job = await deps.jobs.enqueue({
        kind: WEBHOOK_JOB,
        key: `webhook:${record.seq}`,
        payload: event,
        createdBy: 'scheduler',
        at: now,
      })
      if (job.createdAt === now && job.attempts === 0) queued += 1
    }
    position = page.at(-1)!.seq
    await deps.workflows.moveCursor({ name: WEBHOOKS_CURSOR, position })
    await nextTurn()
  }
  return queued
}

/**
 * The handler of webhook jobs: one signed POST, logged; a 2xx answer completes the job, anything else fails the
 * attempt so that the runner tries again after its backoff. Delivery is at least once: a receiver drops a repeat by
 * the event's id.
 */
export function webhookHandler(deps: {
  readonly sender: WebhookSender
  readonly workflows: WorkflowStore
  readonly now: () => Instant
}): JobHandler {
  return async (job: Job) => {
    const event = job.payload as WebhookEvent
    const at = deps.now()
    const attempt = await deps.sender.send(event, Math.floor(at / 1000))
    await deps.workflows.recordWebhookAttempt({ event: event.id, at, ...attempt })
    if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300) {
      return { status: attempt.status, url: attempt.url }
    }
    throw new Error(`${event.id} to ${attempt.url}: ${attempt.error ?? `status ${attempt.status}`}`)
  }
}

export interface WebhookRun {
  readonly queued: number
  readonly delivered: number
  /** Attempts that failed and will be tried again after their backoff. */
  readonly retrying: number
  /** Deliveries given up after the last attempt. */
  readonly abandoned: number
}

/**
 * Queues the deliveries the audit trail calls for, then delivers every one due at `now` (a batch at a time, until
 * none is due); a failed one waits for its backoff, so this ends. What a scheduler run (`tick`) does for webhooks.
 */
export async function dispatchWebhooks(
  deps: QueueDeps & { readonly sender: WebhookSender; readonly worker: string },
  now: Instant,
): Promise<WebhookRun> {
  const queued = await queueWebhooks(deps, now)
  const counts = { delivered: 0, retrying: 0, abandoned: 0 }
  const runner = new JobRunner({
    queue: deps.jobs,
    clock: { now: () => now },
    worker: deps.worker,
    handlers: { [WEBHOOK_JOB]: webhookHandler({ sender: deps.sender, workflows: deps.workflows, now: () => now }) },
    retry: WEBHOOK_RETRY,
    batch: 8,
    onEvent: (e) => {
      if (e.type === 'done') counts.delivered += 1
      else if (e.type === 'retry') counts.retrying += 1
      else if (e.type === 'failed') counts.abandoned += 1
    },
  })
  while ((await runner.runOnce(now)).claimed > 0) {
    // Until no delivery is due at `now`.
  }
  return { queued, ...counts }
}
