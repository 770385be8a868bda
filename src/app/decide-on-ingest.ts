import type { AccountId } from '../core/ids.ts'
import type { PolicyEvent, Trigger } from '../core/policy/index.ts'
import { type AccountDecision, type DecideDeps, decideAccount } from './decide-account.ts'
import type { IngestReport } from './ingest-records.ts'

/** One evaluation a stored record asks for. */
export interface IngestTrigger {
  readonly account: string
  readonly trigger: Trigger
  readonly event: PolicyEvent | undefined
  /** The record that caused it: `seq:N`. */
  readonly cause: string
}

/**
 * The policy triggers the records of an ingest fire, once per account, trigger and event (the first record that
 * fired it is the cause): a registration; a profile update; a status record (and `activation` when the account is
 * active again); a verification when the account now has a failed one. Duplicates fire nothing: they decided before.
 */
export async function ingestTriggers(deps: Pick<DecideDeps, 'events'>, report: IngestReport): Promise<IngestTrigger[]> {
  const fired = new Map<string, IngestTrigger>()
  const fire = (account: string, trigger: Trigger, event: PolicyEvent | undefined, seq: number) => {
    const key = `${account}\u0000${trigger}\u0000${event ?? ''}`
    if (!fired.has(key)) fired.set(key, { account, trigger, event, cause: `seq:${seq}` })
  }
  for (const o of report.outcomes) {
    if (o.status !== 'stored') continue
    switch (o.type) {
      case 'account':
        fire(o.account, 'registration', undefined, o.seq)
        break
      case 'update':
        fire(o.account, 'event', 'profile_update', o.seq)
        break
      case 'status': {
        fire(o.account, 'event', 'status_change', o.seq)
        const state = await deps.events.getAccount(o.account as AccountId)
        if (state?.status === 'active') fire(o.account, 'activation', undefined, o.seq)
        break
      }
      case 'verification': {
        const state = await deps.events.getAccount(o.account as AccountId)
        const failed = Object.values(state?.verifications ?? {}).some((v) => v?.outcome === 'failed')
        if (failed) fire(o.account, 'event', 'verification_failed', o.seq)
        break
      }
      default:
        break
    }
  }
  return [...fired.values()]
}

/** Evaluates the active policies for every trigger an ingest fired (accounts not registered yet are skipped). */
export async function decideOnIngest(
  deps: DecideDeps,
  report: IngestReport,
  actor: string,
): Promise<AccountDecision[]> {
  const decisions: AccountDecision[] = []
  for (const t of await ingestTriggers(deps, report)) {
    const state = await deps.events.getAccount(t.account as AccountId)
    if (state === undefined || !state.registered) continue
    decisions.push(
      await decideAccount(deps, {
        account: t.account,
        trigger: t.trigger,
        ...(t.event === undefined ? {} : { event: t.event }),
        cause: t.cause,
        actor,
      }),
    )
  }
  return decisions
}
