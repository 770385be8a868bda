/**
 * What the marketplace is told, by webhook, of every change of an account's standing: each is one audit record of
 * the decision log, so the event's id (`evt_<seq>`) is stable across retries and lets a receiver ignore a repeat.
 */
export type WebhookEventType =
  | 'decision.recorded'
  | 'requirement.created'
  | 'requirement.reminded'
  | 'requirement.submitted'
  | 'requirement.attempt_failed'
  | 'requirement.passed'
  | 'requirement.expired'
  | 'requirement.failed'
  | 'requirement.withdrawn'
  | 'restriction.created'
  | 'restriction.in_force'
  | 'restriction.lifted'
  | 'appeal.filed'
  | 'appeal.upheld'
  | 'appeal.overturned'

export interface WebhookEvent {
  /** `evt_<audit seq>`: the same event keeps its id however often it is delivered. */
  readonly id: string
  readonly type: WebhookEventType
  readonly account: string
  /** RFC 3339, when it happened. */
  readonly at: string
  /** Who did it: `scheduler`, a policy sweep's actor, `reviewer:<name>`. */
  readonly actor: string
  /** The audit record's detail: the decision, requirement or restriction concerned and what changed. */
  readonly data: Readonly<Record<string, unknown>>
}

const TYPE_OF_ACTION: Readonly<Record<string, WebhookEventType>> = {
  'decision.record': 'decision.recorded',
  'requirement.create': 'requirement.created',
  'requirement.remind': 'requirement.reminded',
  'requirement.submit': 'requirement.submitted',
  'requirement.attempt_failed': 'requirement.attempt_failed',
  'requirement.pass': 'requirement.passed',
  'requirement.late_pass': 'requirement.passed',
  'requirement.expire': 'requirement.expired',
  'requirement.fail': 'requirement.failed',
  'requirement.withdraw': 'requirement.withdrawn',
  'restriction.create': 'restriction.created',
  'restriction.in_force': 'restriction.in_force',
  'restriction.lift': 'restriction.lifted',
  'appeal.file': 'appeal.filed',
  'appeal.uphold': 'appeal.upheld',
  'appeal.overturn': 'appeal.overturned',
}

/** The webhook event an audit record makes, if any: shadow decisions and internal records make none. */
export function webhookEventOf(record: {
  readonly seq: number
  readonly at: number
  readonly actor: string
  readonly action: string
  readonly subject: string
  readonly detail: Readonly<Record<string, unknown>>
}): WebhookEvent | undefined {
  const type = TYPE_OF_ACTION[record.action]
  if (type === undefined) return undefined
  if (record.action === 'decision.record' && record.detail.mode !== 'live') return undefined
  return {
    id: `evt_${record.seq}`,
    type,
    account: record.subject,
    at: new Date(record.at).toISOString(),
    actor: record.actor,
    data: record.action === 'requirement.late_pass' ? { ...record.detail, late: true } : record.detail,
  }
}
