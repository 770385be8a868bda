import { useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import { formatUtc } from '../../lib/format.ts'
import { useLoad } from '../../lib/use-load.ts'
import { Failed } from '../console/Failed.tsx'
import { dayOf, TIMELINE_GROUPS, type TimelineGroup, timelineLines } from './timeline-model.ts'

const ALL = new Set<TimelineGroup>(TIMELINE_GROUPS.map((g) => g.group))

/** Everything that happened to the account, newest first, grouped by day, with a filter by kind. */
export function Timeline({ account, headingLevel = 2 }: { readonly account: string; readonly headingLevel?: 2 | 3 }) {
  const [limit, setLimit] = useState(200)
  const [loaded, reload] = useLoad(() => consoleApi.timeline(account, limit), [account, limit])
  const [shown, setShown] = useState<ReadonlySet<TimelineGroup>>(ALL)
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const id = `timeline-${headingLevel}`
  const toggle = (g: TimelineGroup) =>
    setShown((s) => {
      const next = new Set(s)
      if (next.has(g)) next.delete(g)
      else next.add(g)
      return next
    })
  return (
    <section aria-labelledby={id} className="timeline">
      <Heading id={id}>Timeline</Heading>
      <fieldset className="inline filters">
        <legend className="sr-only">Show in the timeline</legend>
        {TIMELINE_GROUPS.map((g) => (
          <label key={g.group}>
            <input type="checkbox" checked={shown.has(g.group)} onChange={() => toggle(g.group)} /> {g.label}
          </label>
        ))}
      </fieldset>
      {loaded.state === 'loading' && <p className="loading">Loading the timeline…</p>}
      {loaded.state === 'failed' && <Failed error={loaded.error} retry={reload} />}
      {loaded.state === 'ready' && <Lines entries={loaded.value.entries} shown={shown} />}
      {loaded.state === 'ready' && loaded.value.more && (
        <button type="button" onClick={() => setLimit((l) => Math.min(1000, l * 5))} disabled={limit >= 1000}>
          {limit >= 1000 ? 'Only the latest 1,000 are shown' : 'Show older entries'}
        </button>
      )}
    </section>
  )
}

function Lines({
  entries,
  shown,
}: {
  readonly entries: Parameters<typeof timelineLines>[0]
  readonly shown: ReadonlySet<TimelineGroup>
}) {
  const lines = timelineLines(entries, shown)
  if (lines.length === 0) return <p>Nothing to show.</p>
  return (
    <ol className="timeline-list">
      {lines.map((l, i) => (
        <li key={l.key} className={`tone-${l.tone}`}>
          {(i === 0 || dayOf(lines[i - 1]!.at) !== dayOf(l.at)) && <p className="timeline-day">{dayOf(l.at)}</p>}
          <p>
            <time dateTime={l.at}>{formatUtc(l.at).slice(11)}</time> <strong>{l.title}</strong>
            {l.by !== '' && <small> · {l.by}</small>}
          </p>
          <p className="timeline-text">{l.text}</p>
        </li>
      ))}
    </ol>
  )
}
