// What the seller sees, from the API's answers. Pure.
import type { Appeal, Decision, Requirement, Restriction } from '../../api/types.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Where the portal keeps the token for this browser tab (it leaves with the tab). */
export const TOKEN_KEY = 'oneseller.portal.token'

/**
 * The portal token: a new one from the link's `?token=` wins over the one kept for the tab. The link's token is then
 * kept and taken out of the address bar (it should not stay in the history or be copied along).
 */
export function tokenFrom(search: URLSearchParams, kept: string | null): { token: string | null; fromLink: boolean } {
  const linked = search.get('token')
  if (linked?.startsWith('osp_')) return { token: linked, fromLink: true }
  return { token: kept?.startsWith('osp_') ? kept : null, fromLink: false }
}

export function timeLeft(
  deadline: string,
  now: number,
): { readonly overdue: boolean; readonly days: number; readonly hours: number } {
  const left = Date.parse(deadline) - now
  if (!(left > 0)) return { overdue: true, days: 0, hours: 0 }
  return { overdue: false, days: Math.floor(left / DAY), hours: Math.floor((left % DAY) / HOUR) }
}

const OPEN = new Set(['requested', 'reminded', 'expired'])

/** Requirements still to do (an expired one too: passing it late may restore the account), then the rest. */
export function splitRequirements(requirements: readonly Requirement[]): {
  readonly open: Requirement[]
  readonly closed: Requirement[]
} {
  return {
    open: requirements.filter((r) => OPEN.has(r.state)),
    closed: requirements.filter((r) => !OPEN.has(r.state)),
  }
}

/** Methods of an open requirement not yet passed. */
export function methodsToDo(r: Requirement): string[] {
  return r.methods.filter((m) => r.progress[m]?.state !== 'passed')
}

export interface DecisionLine {
  readonly decision: Decision
  /** The latest appeal against it, if any. */
  readonly appeal: Appeal | undefined
  /** The seller may appeal it now: live, not an approval, and no appeal of it open or decided. */
  readonly appealable: boolean
}

/** Live decisions that changed something for the seller, newest first, each with its appeal. */
export function decisionLines(decisions: readonly Decision[], appeals: readonly Appeal[]): DecisionLine[] {
  return decisions
    .filter((d) => d.mode === 'live' && d.action.type !== 'approve')
    .map((decision) => {
      const appeal = appeals.filter((a) => a.decision === decision.id).at(-1)
      return { decision, appeal, appealable: appeal === undefined }
    })
    .reverse()
}

/** Restrictions in force now (not lifted, effective). */
export function restrictionsInForce(restrictions: readonly Restriction[], now: number): Restriction[] {
  return restrictions.filter((r) => r.liftedAt === null && Date.parse(r.effectiveAt) <= now)
}

/** What an appeal may carry, as the server checks it (it reads the type from the bytes; this checks before sending). */
export const APPEAL_FILE_LIMITS = {
  maxFiles: 5,
  maxBytes: 10_000_000,
  maxTotalBytes: 25_000_000,
  types: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
} as const

/** Why the chosen files cannot go with the appeal (a message key and its name), or undefined when they can. */
export function appealFilesProblem(
  files: readonly { readonly name: string; readonly size: number; readonly type: string }[],
):
  | { readonly key: 'appealFileCount' | 'appealFileTotal' }
  | { readonly key: 'appealFileType' | 'appealFileSize' | 'appealFileEmpty'; readonly name: string }
  | undefined {
  if (files.length > APPEAL_FILE_LIMITS.maxFiles) return { key: 'appealFileCount' }
  for (const f of files) {
    if (!(APPEAL_FILE_LIMITS.types as readonly string[]).includes(f.type))
      return { key: 'appealFileType', name: f.name }
    if (f.size === 0) return { key: 'appealFileEmpty', name: f.name }
    if (f.size > APPEAL_FILE_LIMITS.maxBytes) return { key: 'appealFileSize', name: f.name }
  }
  if (files.reduce((n, f) => n + f.size, 0) > APPEAL_FILE_LIMITS.maxTotalBytes) return { key: 'appealFileTotal' }
  return undefined
}
