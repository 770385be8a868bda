import { useState } from 'react'
import type { ImpactReport, SweepHit } from '../../api/types.ts'
import { BarChart } from '../../lib/BarChart.tsx'
import { formatCount, words } from '../../lib/format.ts'
import { Link } from '../../lib/router.tsx'
import { actionBars, clusterSizeBars, evidenceBars, hitEvidence, ruleBars } from './sweep-model.ts'

/** The impact report: figures, charts by rule, cluster size and evidence strength, and a sample of hits. */
export function SweepReport({ report }: { readonly report: ImpactReport }) {
  const [open, setOpen] = useState<SweepHit | null>(null)
  return (
    <div className="report">
      <dl className="figures">
        <div>
          <dt>Evaluated</dt>
          <dd>{formatCount(report.evaluated)}</dd>
        </div>
        <div>
          <dt>Hit</dt>
          <dd>{formatCount(report.hit)}</dd>
        </div>
        <div>
          <dt>Lose privileges at once</dt>
          <dd>{formatCount(report.losingPrivileges.immediately)}</dd>
        </div>
        <div>
          <dt>… if they miss the deadline</dt>
          <dd>{formatCount(report.losingPrivileges.onMissedDeadline)}</dd>
        </div>
        <div>
          <dt>Held back (exceptions, caps)</dt>
          <dd>
            {formatCount(report.exempted)}, {formatCount(report.capped)}
          </dd>
        </div>
        {report.errorCount > 0 && (
          <div>
            <dt>Evaluation errors</dt>
            <dd className="error">{formatCount(report.errorCount)}</dd>
          </div>
        )}
      </dl>
      <div className="charts">
        <BarChart title="Hits by rule" bars={ruleBars(report)} />
        <BarChart title="Hits by action" bars={actionBars(report)} />
        <BarChart title="Hits by cluster size" bars={clusterSizeBars(report)} />
        <BarChart title="Hits by evidence strength" bars={evidenceBars(report)} />
      </div>
      <h3>Sample of hits</h3>
      {report.sample.length === 0 ? (
        <p>No hit to show.</p>
      ) : (
        <table className="list sample">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Rule</th>
              <th scope="col">Action</th>
              <th scope="col">Cluster</th>
              <th scope="col">
                <span className="sr-only">Evidence</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {report.sample.map((h) => (
              <tr key={`${h.account}-${h.rule.id}`} aria-selected={open === h}>
                <td>
                  <Link href={`/console/accounts/${encodeURIComponent(h.account)}`}>{h.account}</Link>
                </td>
                <td>{h.rule.id}</td>
                <td>
                  {words(h.action.type)}
                  {h.via !== undefined && <small> through {h.via}</small>}
                </td>
                <td>
                  {h.facts.clusterSize} {h.facts.strongEvidence ? '' : <small>(circumstantial)</small>}
                </td>
                <td>
                  <button type="button" onClick={() => setOpen(open === h ? null : h)} aria-expanded={open === h}>
                    {open === h ? 'Hide' : 'Open'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open !== null && <SampleHit hit={open} />}
    </div>
  )
}

function SampleHit({ hit }: { readonly hit: SweepHit }) {
  return (
    <section className="card sample-hit" aria-labelledby="sample-hit-title">
      <h4 id="sample-hit-title">
        {hit.account}: {hit.rule.id}
      </h4>
      {hit.rule.description !== undefined && <p>{hit.rule.description}</p>}
      <p>
        {words(hit.action.type)} ({words(hit.action.reason)}) · {hit.facts.status} seller on {hit.facts.marketplace},{' '}
        {hit.facts.ageDays} days old · cluster of {hit.facts.clusterSize}
        {hit.via !== undefined && `, reached through ${hit.via}`}
      </p>
      <h5>What the condition read</h5>
      <ul className="mono small">
        {hitEvidence(hit).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>
        <Link href={`/console/accounts/${encodeURIComponent(hit.account)}`}>Open the account and its cluster</Link>
      </p>
    </section>
  )
}
