// The review queue as a reviewer works it. Pure.
import type { CasePriority, ReviewCase } from '../../api/types.ts'
import type { Bar } from '../../lib/bars.ts'
import type { Shortcut } from '../../lib/shortcuts.ts'

export const PRIORITIES: readonly CasePriority[] = ['urgent', 'high', 'normal', 'low']

/** The order of work: overdue first, then by priority, then the earliest due. */
export function queueOrder(cases: readonly ReviewCase[]): ReviewCase[] {
  return [...cases].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
      Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
      a.id - b.id,
  )
}

/** Cases not closed by priority, and how many of them are past their service level. */
export function priorityBars(cases: readonly ReviewCase[]): Bar[] {
  return PRIORITIES.map((p) => {
    const of = cases.filter((c) => c.priority === p && c.state !== 'closed')
    const late = of.filter((c) => c.overdue).length
    return {
      label: late > 0 ? `${p} (${late} overdue)` : p,
      value: of.length,
      tone: late > 0 ? 'tone-bad' : 'tone-info',
    }
  })
}

/** Who the reviewer is in a case's `assignee`. */
export const actorOfReviewer = (name: string): string => `reviewer:${name}`

export const CASE_SHORTCUTS: readonly Shortcut[] = [
  { keys: 'j', label: 'next case' },
  { keys: 'k', label: 'previous case' },
  { keys: 'a', label: 'assign the case to me' },
]
