// An account's standing as tables: requirements, restrictions, decisions, notices.
import type { Decision, NoticeSummary, Requirement, Restriction } from '../../api/types.ts'
import { formatUtc, relativeTime, words } from '../../lib/format.ts'
import { deadlineUrgency } from './account-model.ts'

export function RequirementsTable({ requirements }: { readonly requirements: readonly Requirement[] }) {
  const now = Date.now()
  return (
    <section aria-labelledby="requirements-title">
      <h2 id="requirements-title">Requirements</h2>
      {requirements.length === 0 ? (
        <p>No verification was required of this account.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Methods</th>
              <th scope="col">State</th>
              <th scope="col">Deadline</th>
              <th scope="col">On expiry</th>
              <th scope="col">Progress</th>
            </tr>
          </thead>
          <tbody>
            {requirements.map((r) => {
              const urgency = deadlineUrgency(r, now)
              return (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{r.methods.map(words).join(', ')}</td>
                  <td>
                    <span className={`badge req-${r.state}`}>{r.state}</span>
                  </td>
                  <td className={`deadline-${urgency}`}>
                    {formatUtc(r.deadline)}
                    {urgency !== 'closed' && <small> ({relativeTime(r.deadline, now)})</small>}
                  </td>
                  <td>
                    {words(r.onExpiry)}
                    {r.reinstateOnLatePass ? ', lifted on a late pass' : ''}
                  </td>
                  <td>
                    {Object.entries(r.progress)
                      .map(([m, p]) => `${words(m)} ${p.state}`)
                      .join(', ') || '—'}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function RestrictionsTable({ restrictions }: { readonly restrictions: readonly Restriction[] }) {
  return (
    <section aria-labelledby="restrictions-title">
      <h2 id="restrictions-title">Restrictions</h2>
      {restrictions.length === 0 ? (
        <p>None.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Reason</th>
              <th scope="col">Effective</th>
              <th scope="col">In force</th>
              <th scope="col">Lifted</th>
            </tr>
          </thead>
          <tbody>
            {restrictions.map((r) => (
              <tr key={r.id}>
                <td>{words(r.kind)}</td>
                <td>{words(r.reason)}</td>
                <td>{formatUtc(r.effectiveAt)}</td>
                <td>{formatUtc(r.inForceAt)}</td>
                <td>{r.liftedAt === null ? '—' : `${formatUtc(r.liftedAt)} (${words(r.liftReason ?? '')})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function DecisionsTable({ decisions }: { readonly decisions: readonly Decision[] }) {
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">Decisions</h2>
      {decisions.length === 0 ? (
        <p>No policy has decided anything about this account.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Policy and rule</th>
              <th scope="col">Action</th>
              <th scope="col">Evidence</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {decisions.map((d) => (
              <tr key={d.id} className={d.mode === 'shadow' ? 'muted' : undefined}>
                <td>{d.id}</td>
                <td>{formatUtc(d.at)}</td>
                <td>
                  {d.policy} v{d.policyVersion} · {d.rule}
                  {d.mode === 'shadow' && <span className="badge">shadow</span>}
                </td>
                <td>
                  <strong>{words(d.action.type)}</strong> ({words(d.action.reason)})
                  {d.action.scope === 'cluster' && ', cluster-wide'}
                </td>
                <td className="small">
                  {Object.entries(d.evidence.features)
                    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                    .join('; ')}
                  {d.evidence.via !== undefined && ` (through ${d.evidence.via})`}
                </td>
                <td>{d.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function NoticesTable({ notices }: { readonly notices: readonly NoticeSummary[] }) {
  return (
    <section aria-labelledby="notices-title">
      <h2 id="notices-title">Notices to the seller</h2>
      {notices.length === 0 ? (
        <p>None sent.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Subject</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {notices.map((n) => (
              <tr key={n.id}>
                <td>{formatUtc(n.createdAt)}</td>
                <td>{words(n.kind)}</td>
                <td lang={n.locale}>{n.subject}</td>
                <td>{n.sentAt === null ? 'not yet' : formatUtc(n.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
