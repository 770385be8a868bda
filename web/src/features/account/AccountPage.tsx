import { consoleApi } from '../../api/console.ts'
import { formatUtc, words } from '../../lib/format.ts'
import { Link } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { ClusterSection } from '../cluster/ClusterSection.tsx'
import { Failed } from '../console/Failed.tsx'
import { Timeline } from '../timeline/Timeline.tsx'
import { SubmissionsTable } from '../verification/VerificationPage.tsx'
import { flattenDeclarations, identifierProblems } from './account-model.ts'
import { DecisionsTable, NoticesTable, RequirementsTable, RestrictionsTable } from './StandingTables.tsx'

/** One account: who it says it is, what is wrong with that, what was decided and required, and its cluster. */
export function AccountPage({ id }: { readonly id: string }) {
  const [data] = useLoad(async () => {
    const [account, decisions, requirements, restrictions, notices, appeals, submissions] = await Promise.all([
      consoleApi.account(id),
      consoleApi.decisions(id),
      consoleApi.requirements(id),
      consoleApi.restrictions(id),
      consoleApi.notices(id),
      consoleApi.appealsOf(id),
      consoleApi.submissionsOf(id),
    ])
    return {
      account,
      decisions: decisions.decisions,
      requirements: requirements.requirements,
      restrictions: restrictions.restrictions,
      notices: notices.notices,
      appeals: appeals.appeals,
      submissions: submissions.submissions,
    }
  }, [id])
  if (data.state === 'loading') return <p className="loading">Loading account {id}…</p>
  if (data.state === 'failed') {
    return (
      <>
        <h1>Account {id}</h1>
        <Failed error={data.error} />
      </>
    )
  }
  const { account, decisions, requirements, restrictions, notices, appeals, submissions } = data.value
  const problems = identifierProblems(account.identifiers)
  const declarations = flattenDeclarations(account.declarations)
  const verifications = Object.entries(account.verifications)
  return (
    <>
      <header className="page-head">
        <h1>
          Account <span className="mono">{account.id}</span>{' '}
          <span className={`badge status-${account.status}`}>{account.status}</span>
        </h1>
        <p>
          {account.kind ?? 'unregistered'} seller on {account.marketplace ?? '—'} · registered{' '}
          {formatUtc(account.registeredAt)} · last record {formatUtc(account.lastEventAt)} ·{' '}
          <Link href={`/console/compare?a=${encodeURIComponent(account.id)}`}>Compare with another account</Link>
        </p>
      </header>
      <div className="two-col">
        <section aria-labelledby="declarations-title">
          <h2 id="declarations-title">Declarations</h2>
          {declarations.length === 0 ? (
            <p>Nothing declared yet.</p>
          ) : (
            <table className="kv">
              <tbody>
                {declarations.map((d) => (
                  <tr key={d.path}>
                    <th scope="row">{d.path}</th>
                    <td className="value">{d.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div>
          <section aria-labelledby="problems-title">
            <h2 id="problems-title">Identifier problems</h2>
            {problems.length === 0 ? (
              <p>Every identifier checks out.</p>
            ) : (
              <ul className="problems">
                {problems.map((i) => (
                  <li key={`${i.kind}:${i.key}`}>
                    <strong>{words(i.kind)}</strong> <span className="mono">{i.key}</span>
                    {!i.valid && <span className="badge tone-bad">invalid</span>}
                    {i.flags.map((f) => (
                      <span key={f} className="badge tone-warn">
                        {words(f)}
                      </span>
                    ))}
                    {i.problems.length > 0 && (
                      <ul>
                        {i.problems.map((p) => (
                          <li key={p.code}>{p.message}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="verifications-title">
            <h2 id="verifications-title">Verifications</h2>
            {verifications.length === 0 ? (
              <p>None submitted.</p>
            ) : (
              <ul className="plain">
                {verifications.map(([method, v]) => (
                  <li key={method}>
                    {words(method)}: <span className={`badge outcome-${v.outcome}`}>{v.outcome}</span>{' '}
                    <small>
                      {formatUtc(v.at)}
                      {v.passedAt !== null && v.outcome !== 'passed' && `, last passed ${formatUtc(v.passedAt)}`}
                    </small>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {appeals.length > 0 && (
            <section aria-labelledby="appeals-title">
              <h2 id="appeals-title">Appeals</h2>
              <ul className="plain">
                {appeals.map((a) => (
                  <li key={a.id}>
                    Appeal {a.id} of decision {a.decision}: <span className={`badge appeal-${a.state}`}>{a.state}</span>{' '}
                    <small>filed {formatUtc(a.filedAt)}</small>
                    {a.state === 'open' && (
                      <>
                        {' '}
                        · <Link href={`/console/appeals?appeal=${a.id}`}>decide</Link>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
      <ClusterSection account={account.id} />
      <RequirementsTable requirements={requirements} />
      <RestrictionsTable restrictions={restrictions} />
      <DecisionsTable decisions={decisions} />
      <NoticesTable notices={notices} />
      <section aria-labelledby="submissions-title">
        <h2 id="submissions-title">Submissions</h2>
        <SubmissionsTable submissions={submissions} />
      </section>
      <Timeline account={account.id} />
    </>
  )
}
