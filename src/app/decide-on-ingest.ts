import type { AccountSummary } from '../core/features/index.ts'
import type { PolicyEvent, Trigger } from '../core/policy/index.ts'
import { type AccountDecision, activeVersions, type DecideDeps, decideAccount } from './decide-account.ts'
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
 * `summaries` are the accounts' rows after the ingest; accounts not registered yet fire nothing.
 */
export function ingestTriggers(report: IngestReport, summaries: ReadonlyMap<string, AccountSummary>): IngestTrigger[] {
  const fired = new Map<string, IngestTrigger>()
  const fire = (account: string, trigger: Trigger, event: PolicyEvent | undefined, seq: number) => {
    const key = `${account}\u0000${trigger}\u0000${event ?? ''}`
    if (!fired.has(key)) fired.set(key, { account, trigger, event, cause: `seq:${seq}` })
  }
  for (const o of report.outcomes) {
    if (o.status !== 'stored') continue
    const summary = summaries.get(o.account)
    if (summary === undefined || !summary.registered) continue
    switch (o.type) {
      case 'account':
        fire(o.account, 'registration', undefined, o.seq)
        break
      case 'update':
        fire(o.account, 'event', 'profile_update', o.seq)
        break
      case 'status':
        fire(o.account, 'event', 'status_change', o.seq)
        if (summary.status === 'active') fire(o.account, 'activation', undefined, o.seq)
        break
      case 'verification':
        if (Object.values(summary.verifications).some((v) => v?.outcome === 'failed'))
          fire(o.account, 'event', 'verification_failed', o.seq)
        break
      default:
        break
    }
  }
  return [...fired.values()]
}

/**
 * Evaluates the active policies for every trigger an ingest fired. With no policy loaded it reads nothing more: an
 * ingest of thousands of records then costs what it cost before policies existed.
 */
export async function decideOnIngest(
  deps: DecideDeps,
  report: IngestReport,
  actor: string,
): Promise<AccountDecision[]> {
  const active = activeVersions(await deps.policies.listPolicies())
  if (active.length === 0) return []
  const accounts = new Set<string>()
  for (const o of report.outcomes) if (o.status === 'stored') accounts.add(o.account)
  if (accounts.size === 0) return []
  const summaries = new Map((await deps.events.summariesOf([...accounts])).map((s) => [s.id, s]))
  const decisions: AccountDecision[] = []
  for (const t of ingestTriggers(report, summaries)) {
    decisions.push(
      await decideAccount(
        deps,
        {
          account: t.account,
          trigger: t.trigger,
          ...(t.event === undefined ? {} : { event: t.event }),
          cause: t.cause,
          actor,
        },
        active,
      ),
    )
  }
  return decisions
}
