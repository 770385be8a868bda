// What the dashboard shows, from the API's answers. Pure.

import type { Job, Stats, SweepPayload, SweepResult } from '../../api/types.ts'
import type { Bar } from '../../lib/bars.ts'

/** Statuses in the order a reviewer reads them: the healthy first, then the more severe. */
const STATUS_ORDER = ['active', 'reinstated', 'suspended', 'deactivated']

export function statusBars(stats: Stats): Bar[] {
  const rank = (s: string) => {
    const i = STATUS_ORDER.indexOf(s)
    return i < 0 ? STATUS_ORDER.length : i
  }
  return Object.entries(stats.byStatus)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([status, value]) => ({ label: status, value, tone: `status-${status}` }))
}

export interface JobLine {
  readonly id: number
  readonly title: string
  readonly state: Job['state']
  readonly detail: string
}

/** A sweep job in one line: which policy, dry run or apply, and what it found or where it is. */
export function describeSweepJob(job: Job): JobLine {
  const p = job.payload as Partial<SweepPayload> | null
  const title = `${p?.apply ? 'Apply' : 'Dry run'} of ${p?.policy ?? '?'}${p?.version === undefined ? '' : ` v${p.version}`}`
  let detail: string
  switch (job.state) {
    case 'done': {
      const r = job.result as SweepResult | null
      const hit = r?.report.hit ?? 0
      const evaluated = r?.report.evaluated ?? 0
      detail = r?.applied
        ? `${hit} hit of ${evaluated}; ${r.applied.recorded} decisions recorded`
        : `${hit} would be hit of ${evaluated}`
      break
    }
    case 'running':
      detail = job.progress
        ? `${job.progress.phase ?? 'running'} ${job.progress.done}${job.progress.total === null ? '' : ` / ${job.progress.total}`}`
        : 'running'
      break
    case 'queued':
      detail = job.attempts > 0 ? `waiting to retry (attempt ${job.attempts})` : 'waiting for a server'
      break
    case 'failed':
      detail = job.error ?? 'failed'
      break
  }
  return { id: job.id, title, state: job.state, detail }
}
