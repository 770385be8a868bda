import { OnesellerError } from '../core/errors.ts'
import { refuse } from '../core/verification/requirement-lifecycle.ts'
import type { Submission, SubmissionMethod } from '../ports/index.ts'
import { ingestLine, type SubmissionDeps } from './submissions.ts'

/** The checklist a reviewer ticks for each method before deciding: a pass needs every item ticked. */
export const REVIEW_CHECKLISTS: Readonly<Record<SubmissionMethod, readonly string[]>> = {
  id_document: ['original_document', 'number_matches_document', 'photo_not_altered'],
  business_licence: ['original_document', 'number_matches_document', 'name_matches_business'],
  utility_bill: ['name_matches', 'address_matches', 'issued_recently'],
  video: ['representative_on_screen', 'original_id_in_hand', 'face_matches_id_photo', 'prompts_answered'],
}

export interface DecideSubmissionRequest {
  readonly submission: number
  readonly outcome: 'passed' | 'failed'
  /** Told to the seller. */
  readonly reason: string
  /** Every item of the method's {@link REVIEW_CHECKLISTS}, ticked or not. */
  readonly checklist: Readonly<Record<string, boolean>>
  /** A failure that refuses the requirement for good (a forged document): its consequence applies at once. */
  readonly final?: boolean
  /** `reviewer:<name>`. */
  readonly actor: string
}

export interface SubmissionDecisionOutcome {
  readonly submission: Submission
  /** Requirements refused for good by a final failure. */
  readonly refused: readonly number[]
}

/**
 * A reviewer decides a submission in review: the outcome is stored (audited), a final failure refuses the open
 * requirement that asked for the method (`refuse`: failed, its consequence imposed), and a `verification` record with
 * the outcome is stored, so the scheduler passes the requirement or counts a failed attempt. Deciding again with the
 * same outcome repeats nothing but the record (a retry after a crash); another outcome is a `conflict`.
 */
export async function decideSubmission(
  deps: SubmissionDeps,
  request: DecideSubmissionRequest,
): Promise<SubmissionDecisionOutcome> {
  const s = await deps.submissions.get(request.submission)
  if (s === undefined) throw new OnesellerError('not_found', `there is no submission ${request.submission}`)
  const reason = request.reason.trim()
  if (reason === '') throw new OnesellerError('invalid_input', 'give a reason: the seller is told why')
  const final = request.final === true
  if (final && request.outcome !== 'failed') {
    throw new OnesellerError('invalid_input', 'only a failure can be final')
  }
  checkChecklist(s.method, request.outcome, request.checklist)
  if (s.state === 'passed' || s.state === 'failed') {
    if (s.state !== request.outcome || s.final !== final) {
      throw new OnesellerError('conflict', `submission ${s.id} was already decided (${s.state})`)
    }
    await ingestLine(deps, `oneseller:submission:${s.id}:decision`, decidedRecord(s))
    return { submission: s, refused: [] }
  }
  const at = deps.clock.now()
  const decided = await deps.submissions.decide({
    id: s.id,
    outcome: request.outcome,
    reason,
    checklist: { ...request.checklist },
    final,
    actor: request.actor,
    at,
  })
  let refused: readonly number[] = []
  if (final) {
    // Refused before the failed record is stored: the scheduler then finds the requirement closed, not an attempt.
    const changes = (await deps.workflows.activeRequirementsOf([s.account]))
      .filter((r) => (s.requirement === null ? r.methods.includes(s.method) : r.id === s.requirement))
      .flatMap((r) => refuse(r, at) ?? [])
    refused = (await deps.workflows.applyRequirementChanges(changes, { actor: request.actor, at })).appliedIds
  }
  await ingestLine(deps, `oneseller:submission:${s.id}:decision`, decidedRecord(decided))
  return { submission: decided, refused }
}

function checkChecklist(
  method: SubmissionMethod,
  outcome: 'passed' | 'failed',
  checklist: Readonly<Record<string, boolean>>,
): void {
  const items = REVIEW_CHECKLISTS[method]
  const unknown = Object.keys(checklist).filter((k) => !items.includes(k))
  if (unknown.length > 0) {
    throw new OnesellerError(
      'invalid_input',
      `checklist: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not on the ${method} checklist (${items.join(', ')})`,
    )
  }
  const missing = items.filter((k) => typeof checklist[k] !== 'boolean')
  if (missing.length > 0) {
    throw new OnesellerError('invalid_input', `checklist: tick or untick every item; missing ${missing.join(', ')}`)
  }
  const unticked = items.filter((k) => checklist[k] !== true)
  if (outcome === 'passed' && unticked.length > 0) {
    throw new OnesellerError(
      'invalid_input',
      `a pass needs every checklist item ticked; not ticked: ${unticked.join(', ')}`,
    )
  }
}

/** The record that tells the requirement the outcome: at the decision's time, keyed to the submission's files. */
function decidedRecord(s: Submission): string {
  return JSON.stringify({
    type: 'verification',
    account: s.account,
    at: new Date(s.decidedAt ?? s.createdAt).toISOString(),
    kind: s.method,
    outcome: s.state,
    evidence: s.fingerprint,
  })
}
