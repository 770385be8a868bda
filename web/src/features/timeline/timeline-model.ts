// The account timeline in words: each entry of GET /v1/accounts/{id}/timeline as one sentence, who did it, and a tone
// for the eye (what restricts the seller, what lifts it). Pure.
import type { TimelineEntry } from '../../api/types.ts'

export type TimelineTone = 'bad' | 'good' | 'neutral'

/** An entry as the page shows it. */
export interface TimelineLine {
  /** Unique within one answer of the server (its position there). */
  readonly key: string
  readonly at: string
  /** What it is, in a few words ("Decision recorded"). */
  readonly title: string
  /** The particulars, in words. */
  readonly text: string
  /** Who: a reviewer, the seller, the scheduler, a policy sweep; "the marketplace" for records, "to the seller" for notices. */
  readonly by: string
  readonly tone: TimelineTone
  /** The group it belongs to, for the filter. */
  readonly group: TimelineGroup
}

export type TimelineGroup =
  | 'records'
  | 'decisions'
  | 'requirements'
  | 'restrictions'
  | 'appeals'
  | 'reviews'
  | 'notices'

export const TIMELINE_GROUPS: readonly { readonly group: TimelineGroup; readonly label: string }[] = [
  { group: 'records', label: 'Records' },
  { group: 'decisions', label: 'Decisions' },
  { group: 'requirements', label: 'Requirements' },
  { group: 'restrictions', label: 'Restrictions' },
  { group: 'appeals', label: 'Appeals' },
  { group: 'reviews', label: 'Reviews and submissions' },
  { group: 'notices', label: 'Notices' },
]

const words = (v: unknown): string => (typeof v === 'string' ? v.replaceAll('_', ' ') : String(v))
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => words(x)) : [])

/** "reviewer:ana" → "ana (reviewer)"; "seller:s1" → "the seller"; the scheduler and API keys as they are. */
export function actorName(actor: string | null): string {
  if (actor === null) return ''
  const [kind, ...rest] = actor.split(':')
  const name = rest.join(':')
  switch (kind) {
    case 'reviewer':
    case 'lead':
      return `${name} (${kind})`
    case 'seller':
      return 'the seller'
    case 'apikey':
      return `API key ${name}`
    case 'cli':
      return `command line (${name})`
    default:
      return actor
  }
}

const REQUIREMENT_VERBS: Readonly<Record<string, string>> = {
  create: 'made',
  remind: 'reminder sent',
  submit: 'submitted',
  pass: 'passed',
  late_pass: 'passed late',
  attempt_failed: 'attempt failed',
  expire: 'expired',
  fail: 'refused',
  withdraw: 'withdrawn',
}

const RESTRICTS = new Set(['hold_payouts', 'suspend', 'deactivate'])

function recordLine(e: TimelineEntry): Omit<TimelineLine, 'key' | 'at'> {
  const d = e.detail
  const added = list(d.added).length
  const removed = list(d.removed).length
  const identifiers = added + removed === 0 ? '' : ` Identifiers: ${added} added, ${removed} removed.`
  const fields = list(d.fields)
  const base = { by: 'the marketplace', group: 'records' as const }
  switch (e.kind) {
    case 'account':
      return { ...base, title: 'Registered', text: `Registration stored.${identifiers}`, tone: 'neutral' }
    case 'status': {
      const status = str(d.status) ?? 'changed'
      return {
        ...base,
        title: `Status: ${words(status)}`,
        text: `The marketplace set the status to ${words(status)}.`,
        tone: status === 'active' || status === 'reinstated' ? 'good' : 'bad',
      }
    }
    default:
      return {
        ...base,
        title: 'Declarations updated',
        text: `${fields.length === 0 ? 'An update' : `Changed: ${fields.join(', ')}`}.${identifiers}`,
        tone: 'neutral',
      }
  }
}

function auditLine(e: TimelineEntry): Omit<TimelineLine, 'key' | 'at' | 'by'> {
  const d = e.detail
  const [topic, verb = ''] = e.kind.split('.')
  switch (topic) {
    case 'decision': {
      const action = str(d.action) ?? 'decision'
      return {
        title: `Decision: ${words(action)}`,
        text: `Decision ${d.decision}: ${words(action)} (${words(d.reason)}), policy ${d.policy}, rule ${d.rule}${d.mode === 'shadow' ? ', shadow mode: nothing done' : ''}.`,
        tone: d.mode !== 'shadow' && RESTRICTS.has(action) ? 'bad' : 'neutral',
        group: 'decisions',
      }
    }
    case 'requirement': {
      const methods = list(d.methods)
      const state = d.from !== undefined && d.to !== undefined ? ` (${words(d.from)} → ${words(d.to)})` : ''
      return {
        title: `Requirement ${REQUIREMENT_VERBS[verb] ?? words(verb)}`,
        text: `Requirement ${d.requirement}${methods.length > 0 ? ` for ${methods.join(' or ')}` : ''}${state}${typeof d.deadline === 'number' ? `, deadline ${new Date(d.deadline).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}.`,
        tone:
          verb === 'expire' || verb === 'fail'
            ? 'bad'
            : verb === 'pass' || verb === 'late_pass' || verb === 'withdraw'
              ? 'good'
              : 'neutral',
        group: 'requirements',
      }
    }
    case 'restriction': {
      const kind = words(d.kind)
      const title =
        verb === 'lift' ? `Lifted: ${kind}` : verb === 'in_force' ? `In force: ${kind}` : `Restriction: ${kind}`
      return {
        title,
        text: `Restriction ${d.restriction} (${kind})${d.reason === undefined ? '' : `, ${words(d.reason)}`}${typeof d.decision === 'number' ? `, from decision ${d.decision}` : ''}.`,
        tone: verb === 'lift' ? 'good' : 'bad',
        group: 'restrictions',
      }
    }
    case 'appeal':
      return {
        title: verb === 'file' ? 'Appeal filed' : `Appeal ${verb === 'overturn' ? 'overturned' : 'upheld'}`,
        text:
          verb === 'file'
            ? `Appeal ${d.appeal} against decision ${d.decision}${typeof d.files === 'number' && d.files > 0 ? `, with ${d.files} file${d.files === 1 ? '' : 's'}` : ''}.`
            : `Appeal ${d.appeal} against decision ${d.decision}: ${str(d.reason) ?? ''}`,
        tone: verb === 'overturn' ? 'good' : 'neutral',
        group: 'appeals',
      }
    case 'case':
      return {
        title: verb === 'open' ? 'Case opened' : verb === 'assign' ? 'Case taken' : 'Case closed',
        text:
          verb === 'open'
            ? `Case ${d.case} for decision ${d.decision}, ${words(d.priority)} priority (${words(d.reason)}).`
            : verb === 'assign'
              ? `Case ${d.case} taken by ${actorName(str(d.assignee) ?? null)}.`
              : `Case ${d.case} closed: ${words(d.outcome)}${str(d.note) === undefined ? '' : ` — ${d.note}`}.`,
        tone: 'neutral',
        group: 'reviews',
      }
    case 'submission':
      return {
        title:
          verb === 'receive'
            ? `Submission received`
            : verb === 'review'
              ? 'Submission in review'
              : `Submission ${verb === 'pass' ? 'passed' : 'failed'}`,
        text: `Submission ${d.submission} (${words(d.method)})${str(d.reason) === undefined ? '' : `: ${d.reason}`}${d.final === true ? ' Refused for good.' : ''}`,
        tone: verb === 'pass' ? 'good' : verb === 'fail' ? 'bad' : 'neutral',
        group: 'reviews',
      }
    case 'postcard':
      return {
        title: verb === 'issue' ? 'Postcard issued' : 'Postcard code entered',
        text:
          verb === 'issue'
            ? `Postcard ${d.postcard} for requirement ${d.requirement}.`
            : `Postcard ${d.postcard}: ${words(d.outcome)} (attempt ${d.attempts}).`,
        tone: d.outcome === 'accepted' ? 'good' : 'neutral',
        group: 'requirements',
      }
    default:
      return {
        title: words(e.kind),
        text: Object.entries(d)
          .filter(([k]) => k !== 'seq')
          .map(([k, v]) => `${words(k)}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join('; '),
        tone: 'neutral',
        group: 'reviews',
      }
  }
}

/** One entry in words; `key` names it among the others of the answer. */
export function toTimelineLine(e: TimelineEntry, key = ''): TimelineLine {
  if (e.source === 'record') return { key, at: e.at, ...recordLine(e) }
  if (e.source === 'notice') {
    return {
      key,
      at: e.at,
      title: `Notice: ${words(e.kind)}`,
      text: `${str(e.detail.subject) ?? ''}${e.detail.sentAt === null ? ' (not sent yet)' : ''}`,
      by: 'to the seller',
      tone: 'neutral',
      group: 'notices',
    }
  }
  return { key, at: e.at, ...auditLine(e), by: actorName(e.actor) }
}

/** The lines of the groups shown, newest first as the server sends them. */
export function timelineLines(entries: readonly TimelineEntry[], shown: ReadonlySet<TimelineGroup>): TimelineLine[] {
  return entries.map((e, i) => toTimelineLine(e, String(i))).filter((l) => shown.has(l.group))
}

/** The day of an RFC 3339 time in UTC ("2026-12-03"), to group the lines by day. */
export const dayOf = (iso: string): string => iso.slice(0, 10)
