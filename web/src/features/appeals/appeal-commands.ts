// The reviewer's commands on the appeals queue, each with its shortcut: one registry that the page runs, the keys
// trigger, and the shortcut help lists. Pure.
import type { Appeal, Decision, ReviewerRole } from '../../api/types.ts'
import type { Shortcut } from '../../lib/shortcuts.ts'

export type Outcome = 'upheld' | 'overturned'

export interface AppealContext {
  readonly appeals: readonly Appeal[]
  readonly selected: Appeal | undefined
  readonly outcome: Outcome | null
  readonly reason: string
  readonly busy: boolean
}

export interface AppealActions {
  move(by: 1 | -1): void
  choose(outcome: Outcome): void
  submit(): void
}

export interface AppealCommand extends Shortcut {
  readonly name: string
  canRun(ctx: AppealContext): boolean
  run(actions: AppealActions): void
}

const open = (ctx: AppealContext) => ctx.selected?.state === 'open' && !ctx.busy

export const APPEAL_COMMANDS: readonly AppealCommand[] = [
  { name: 'next', keys: 'j', label: 'next appeal', canRun: (c) => c.appeals.length > 1, run: (a) => a.move(1) },
  {
    name: 'previous',
    keys: 'k',
    label: 'previous appeal',
    canRun: (c) => c.appeals.length > 1,
    run: (a) => a.move(-1),
  },
  {
    name: 'uphold',
    keys: 'u',
    label: 'uphold: the decision stands (then write the reason)',
    canRun: open,
    run: (a) => a.choose('upheld'),
  },
  {
    name: 'overturn',
    keys: 'o',
    label: 'overturn: lift what the decision imposed (then write the reason)',
    canRun: open,
    run: (a) => a.choose('overturned'),
  },
  {
    name: 'submit',
    keys: 'Mod+Enter',
    label: 'record the decision (also from the reason field)',
    canRun: (c) => open(c) && c.outcome !== null && c.reason.trim() !== '',
    run: (a) => a.submit(),
  },
]

/** Whether the reviewer may overturn for every account a cluster-wide decision reached (leads; the server checks). */
export function mayDecideForCluster(role: ReviewerRole, decision: Decision | undefined): boolean {
  return (role === 'lead' || role === 'admin') && decision?.action.scope === 'cluster'
}

/** The index after moving by one, wrapping around the queue. */
export function moveIndex(index: number, by: 1 | -1, length: number): number {
  if (length === 0) return 0
  return (index + by + length) % length
}
