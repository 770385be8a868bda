import type { ClusterColumns } from '../features/index.ts'
import type { PolicyEvent } from './policy.ts'

/**
 * The events a new linkage run fires, per account, against the run before it: `new_link` when its cluster now holds
 * an account that was not in its cluster before; `change_of_control` when a change of control is detected that the
 * previous run did not have (or had at another time). `link_to_deactivated` is a `new_link` whose cluster holds a
 * deactivated account: the caller tells, from the features.
 */
export function linkageEvents(previous: ClusterColumns, current: ClusterColumns): Map<string, PolicyEvent[]> {
  const before = new Map<string, number>()
  previous.accounts.forEach((a, i) => {
    before.set(a, i)
  })
  const events = new Map<string, PolicyEvent[]>()
  const add = (account: string, e: PolicyEvent) => {
    const list = events.get(account)
    if (list === undefined) events.set(account, [e])
    else list.push(e)
  }
  // Members of each current cluster, grouped by the cluster they were in before (-1: not clustered before, alone).
  const members = new Map<number, number[]>()
  current.accounts.forEach((_, i) => {
    const c = current.clusterOf[i] as number
    const list = members.get(c)
    if (list === undefined) members.set(c, [i])
    else list.push(i)
  })
  for (const list of members.values()) {
    if (list.length < 2) continue
    const byPrevious = new Map<number, number>()
    const previousOf = (i: number): number => {
      const p = before.get(current.accounts[i] as string)
      return p === undefined ? -1 - i : (previous.clusterOf[p] as number)
    }
    for (const i of list) byPrevious.set(previousOf(i), (byPrevious.get(previousOf(i)) ?? 0) + 1)
    for (const i of list) {
      // Everyone of its cluster was with it before: nothing new.
      if ((byPrevious.get(previousOf(i)) ?? 0) < list.length) add(current.accounts[i] as string, 'new_link')
    }
  }
  current.accounts.forEach((a, i) => {
    const at = current.controlChangeAt[i] as number
    if (Number.isNaN(at)) return
    const p = before.get(a)
    const was = p === undefined ? Number.NaN : (previous.controlChangeAt[p] as number)
    if (was !== at) add(a, 'change_of_control')
  })
  return events
}
