import { OnesellerError } from '../core/errors.ts'
import { type Appeal, appealRefusal, clusterSiblings } from '../core/verification/appeal.ts'
import { withdraw } from '../core/verification/requirement-lifecycle.ts'
import type { Clock, Decision, WorkflowStore } from '../ports/index.ts'

export interface AppealDeps {
  readonly workflows: WorkflowStore
  readonly clock: Clock
  /** How long after a decision it may be appealed. */
  readonly appealWithinDays: number
}

export interface FileAppealRequest {
  readonly account: string
  readonly decision: number
  readonly statement: string
  readonly files?: readonly string[]
  /** `seller:<account>`, `apikey:<id>`, `reviewer:<name>`. */
  readonly actor: string
}

/** Files a seller's appeal against a live decision of their account, within the appeal period. */
export async function fileAppeal(deps: AppealDeps, request: FileAppealRequest): Promise<Appeal> {
  const decision = await deps.workflows.getDecision(request.decision)
  if (decision === undefined || decision.account !== request.account) {
    throw new OnesellerError('not_found', `account ${request.account} has no decision ${request.decision}`)
  }
  const now = deps.clock.now()
  const open = (await deps.workflows.appealsOf(request.account)).some(
    (a) => a.decision === decision.id && a.state === 'open',
  )
  const files = request.files ?? []
  const refusal = appealRefusal(
    decision,
    { account: request.account, statement: request.statement, files },
    { now, withinDays: deps.appealWithinDays, openAlready: open },
  )
  if (refusal !== undefined) throw new OnesellerError(open ? 'conflict' : 'invalid_input', `appeal refused: ${refusal}`)
  return deps.workflows.fileAppeal({
    account: request.account,
    decision: decision.id,
    statement: request.statement.trim(),
    files,
    filedBy: request.actor,
    filedAt: now,
  })
}

export interface DecideAppealRequest {
  readonly appeal: number
  readonly outcome: 'upheld' | 'overturned'
  /** Told to the seller: why the decision stands or falls. */
  readonly reason: string
  readonly actor: string
  /**
   * For a decision a cluster-scoped action made: overturn it for every account it reached together with this one
   * (the ground was the cluster, and the reviewer found it wrong). Otherwise only this account's, and the others are
   * listed for the reviewer to reconsider.
   */
  readonly cluster?: boolean
}

export interface AppealOutcome {
  readonly appeal: Appeal
  /** The decisions overturned (this one, and with `cluster` its siblings). */
  readonly overturned: readonly number[]
  /** Decisions the same action made for other accounts of the cluster that still stand: to reconsider. */
  readonly toReconsider: readonly Decision[]
}

/**
 * Upholds or overturns the decision behind an open appeal. Overturning lifts what the decision imposed (its
 * restrictions, and those its requirements' expiry imposed) and withdraws what it asked, in one transaction with the
 * appeal's outcome; every step is audited and told to the seller.
 */
export async function decideAppeal(deps: AppealDeps, request: DecideAppealRequest): Promise<AppealOutcome> {
  const reason = request.reason.trim()
  if (reason === '') throw new OnesellerError('invalid_input', 'give a reason: the seller is told why')
  const appeal = await deps.workflows.getAppeal(request.appeal)
  if (appeal === undefined) throw new OnesellerError('not_found', `there is no appeal ${request.appeal}`)
  if (appeal.state !== 'open') {
    throw new OnesellerError('conflict', `appeal ${appeal.id} was already decided (${appeal.state})`)
  }
  const decision = await deps.workflows.getDecision(appeal.decision)
  if (decision === undefined) throw new OnesellerError('not_found', `decision ${appeal.decision} is not in the store`)
  const siblings =
    decision.action.scope === 'cluster'
      ? clusterSiblings(decision, await deps.workflows.decisionsThrough(decision.evidence.via ?? decision.account))
      : []
  const now = deps.clock.now()
  const overturning = request.outcome === 'overturned'
  const overturned = overturning ? [decision, ...(request.cluster === true ? siblings : [])] : []
  const ids = overturned.map((d) => d.id)
  const requirements = await deps.workflows.requirementsOfDecisions(ids)
  const decided = await deps.workflows.decideAppeal({
    id: appeal.id,
    outcome: request.outcome,
    reason,
    actor: request.actor,
    at: now,
    liftDecisions: ids,
    withdraw: requirements.flatMap((r) => withdraw(r, now) ?? []),
  })
  return {
    appeal: decided,
    overturned: ids,
    toReconsider: overturning && request.cluster !== true ? siblings : [],
  }
}
