import { OnesellerError } from '../core/errors.ts'
import { type Appeal, appealRefusal, clusterSiblings } from '../core/verification/appeal.ts'
import { type RequirementSnapshot, withdraw } from '../core/verification/requirement-lifecycle.ts'
import type { Restriction } from '../core/verification/restriction.ts'
import type { Clock, Decision, NewAppealFile, WorkflowStore } from '../ports/index.ts'

export interface AppealDeps {
  readonly workflows: WorkflowStore
  readonly clock: Clock
  /** How long after a decision it may be appealed. */
  readonly appealWithinDays: number
}

/** Largest file attached to an appeal: a phone photo or a scanned page. */
export const APPEAL_FILE_MAX_BYTES = 10_000_000
/** Files attached to one appeal at most (references given besides count towards MAX_APPEAL_FILES too). */
export const APPEAL_UPLOADS_MAX = 5
/** All files of one appeal together. */
export const APPEAL_UPLOADS_MAX_TOTAL_BYTES = 25_000_000
/** What may be attached: pictures and PDF scans, told apart by their first bytes, never by the name or the sender. */
export const APPEAL_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const
/** A file name is kept to this many characters (the rest of a long name says nothing more). */
const MAX_FILE_NAME_CHARS = 200

/** A file the seller attaches to an appeal, as uploaded. */
export interface AppealUpload {
  readonly name: string
  readonly bytes: Uint8Array
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b)

/** The media type of a file that may be attached, from its first bytes; undefined for anything else. */
export function appealFileType(bytes: Uint8Array): (typeof APPEAL_FILE_TYPES)[number] | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'
  return undefined
}

/** The name as shown to reviewers: the last part of a path, without control characters, at most 200 characters. */
function cleanFileName(name: string, index: number): string {
  const base = (name.split(/[\\/]/).at(-1) ?? '').replace(/\p{Cc}/gu, '').trim()
  return base === '' ? `file-${index + 1}` : base.slice(0, MAX_FILE_NAME_CHARS)
}

/**
 * Checks the files attached to an appeal: how many, how large, of which type. `invalid_input` with
 * `details.reason` `too_many_files`, `too_many_bytes`, `empty` or `unsupported_format` and the file's name otherwise.
 */
async function readUploads(uploads: readonly AppealUpload[]): Promise<NewAppealFile[]> {
  const refuse = (reason: string, message: string, file?: string) =>
    new OnesellerError('invalid_input', message, { details: { reason, ...(file === undefined ? {} : { file }) } })
  if (uploads.length > APPEAL_UPLOADS_MAX) {
    throw refuse('too_many_files', `at most ${APPEAL_UPLOADS_MAX} files may be attached to an appeal`)
  }
  const total = uploads.reduce((n, u) => n + u.bytes.byteLength, 0)
  if (total > APPEAL_UPLOADS_MAX_TOTAL_BYTES) {
    throw refuse('too_many_bytes', `the files are larger than ${APPEAL_UPLOADS_MAX_TOTAL_BYTES} bytes together`)
  }
  const files: NewAppealFile[] = []
  for (const [i, u] of uploads.entries()) {
    const name = cleanFileName(u.name, i)
    if (u.bytes.byteLength === 0) throw refuse('empty', `${name} is empty`, name)
    if (u.bytes.byteLength > APPEAL_FILE_MAX_BYTES) {
      throw refuse('too_many_bytes', `${name} is larger than ${APPEAL_FILE_MAX_BYTES} bytes`, name)
    }
    const mime = appealFileType(u.bytes)
    if (mime === undefined) {
      throw refuse('unsupported_format', `${name} is not a JPEG, PNG or WebP picture nor a PDF`, name)
    }
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', u.bytes))
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
    files.push({ name, mime, sha256, bytes: u.bytes })
  }
  return files
}

export interface FileAppealRequest {
  readonly account: string
  readonly decision: number
  readonly statement: string
  readonly files?: readonly string[]
  /** Files the seller attaches (pictures, PDF scans): checked, then stored with the appeal. */
  readonly uploads?: readonly AppealUpload[]
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
  const uploads = await readUploads(request.uploads ?? [])
  const refusal = appealRefusal(
    decision,
    { account: request.account, statement: request.statement, files: [...files, ...uploads.map((u) => u.name)] },
    { now, withinDays: deps.appealWithinDays, openAlready: open },
  )
  if (refusal !== undefined) throw new OnesellerError(open ? 'conflict' : 'invalid_input', `appeal refused: ${refusal}`)
  return deps.workflows.fileAppeal({
    account: request.account,
    decision: decision.id,
    statement: request.statement.trim(),
    files,
    ...(uploads.length === 0 ? {} : { uploads }),
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

/** What overturning would change: the decisions it overturns, the restrictions it lifts, the requirements it withdraws. */
export interface AppealReach {
  readonly decisions: readonly Decision[]
  readonly restrictions: readonly Restriction[]
  readonly requirements: readonly RequirementSnapshot[]
}

export interface AppealPreview {
  readonly appeal: Appeal
  readonly decision: Decision
  /** Overturning for this account only. */
  readonly own: AppealReach
  /**
   * Overturning for every account a cluster-wide decision reached (`cluster: true`); null when the decision was not
   * cluster-wide. Its `decisions` besides the appealed one are the siblings listed to reconsider otherwise.
   */
  readonly cluster: AppealReach | null
}

/**
 * What {@link decideAppeal} would change if the reviewer overturned now, read from the same rows it writes: the
 * restrictions the decisions imposed directly and those their requirements' expiry imposed (not lifted yet), and the
 * requirements a withdrawal would move. Writes nothing.
 */
export async function previewAppeal(
  deps: Pick<AppealDeps, 'workflows' | 'clock'>,
  appealId: number,
): Promise<AppealPreview> {
  const appeal = await deps.workflows.getAppeal(appealId)
  if (appeal === undefined) throw new OnesellerError('not_found', `there is no appeal ${appealId}`)
  const decision = await deps.workflows.getDecision(appeal.decision)
  if (decision === undefined) throw new OnesellerError('not_found', `decision ${appeal.decision} is not in the store`)
  const now = deps.clock.now()
  const reachOf = async (decisions: readonly Decision[]): Promise<AppealReach> => {
    const ids = new Set(decisions.map((d) => d.id))
    const requirements = (await deps.workflows.requirementsOfDecisions([...ids])).filter(
      (r) => withdraw(r, now) !== undefined,
    )
    const withdrawn = new Set(requirements.map((r) => r.id))
    const restrictions: Restriction[] = []
    for (const account of [...new Set(decisions.map((d) => d.account))]) {
      for (const r of await deps.workflows.restrictionsOf(account)) {
        if (r.liftedAt !== null) continue
        const direct = r.requirement === null && r.decision !== null && ids.has(r.decision)
        if (direct || (r.requirement !== null && withdrawn.has(r.requirement))) restrictions.push(r)
      }
    }
    return { decisions, restrictions, requirements }
  }
  const siblings =
    decision.action.scope === 'cluster'
      ? clusterSiblings(decision, await deps.workflows.decisionsThrough(decision.evidence.via ?? decision.account))
      : undefined
  return {
    appeal,
    decision,
    own: await reachOf([decision]),
    cluster: siblings === undefined ? null : await reachOf([decision, ...siblings]),
  }
}
