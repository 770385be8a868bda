import { consoleApi } from '../../api/console.ts'
import { BarChart } from '../../lib/BarChart.tsx'
import { formatCount, formatUtc, relativeTime, words } from '../../lib/format.ts'
import { Link } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { priorityBars } from '../cases/case-model.ts'
import { Failed } from '../console/Failed.tsx'
import { describeSweepJob, statusBars } from './dashboard-model.ts'

export function Dashboard() {
  const [data] = useLoad(async () => {
    const [stats, appeals, jobs, due, cases] = await Promise.all([
      consoleApi.stats(),
      consoleApi.openAppeals(),
      consoleApi.latestJobs(5),
      consoleApi.dueRequirements(72),
      consoleApi.cases(),
    ])
    return { stats, appeals, jobs, due, cases }
  }, [])
  if (data.state === 'loading') return <p className="loading">Loading the dashboard…</p>
  if (data.state === 'failed') return <Failed error={data.error} />
  const { stats, appeals, jobs, due, cases } = data.value
  const late = cases.cases.filter((c) => c.overdue).length
  const now = Date.now()
  return (
    <>
      <h1>Dashboard</h1>
      <div className="grid">
        <section className="card" aria-labelledby="by-status">
          <h2 id="by-status">Accounts by status</h2>
          <p className="figure">{formatCount(stats.accounts)} accounts</p>
          <BarChart title="Accounts by status" bars={statusBars(stats)} titleShown={false} />
        </section>
        <section className="card" aria-labelledby="cases-open">
          <h2 id="cases-open">Cases</h2>
          <p className="figure">
            {cases.next === null ? cases.cases.length : `${cases.cases.length}+`} open
            {late > 0 && <span className="deadline-overdue">, {late} overdue</span>}
          </p>
          <BarChart title="Open cases by priority" bars={priorityBars(cases.cases)} titleShown={false} />
          <Link href="/console/cases">Open the queue</Link>
        </section>
        <section className="card" aria-labelledby="appeals-open">
          <h2 id="appeals-open">Appeals</h2>
          <p className="figure">{appeals.next === null ? appeals.appeals.length : `${appeals.appeals.length}+`} open</p>
          <p>
            {appeals.appeals[0] === undefined
              ? 'The queue is empty.'
              : `The oldest was filed ${relativeTime(appeals.appeals[0].filedAt, now)}.`}{' '}
            <Link href="/console/appeals">Open the queue</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="latest-sweeps">
          <h2 id="latest-sweeps">Latest sweeps</h2>
          {jobs.length === 0 ? (
            <p>No sweep has run on this server yet.</p>
          ) : (
            <ul className="plain">
              {jobs.map((j) => {
                const line = describeSweepJob(j)
                return (
                  <li key={j.id}>
                    <span className={`state state-${line.state}`}>{line.state}</span> {line.title}
                    <br />
                    <small>
                      job {j.id} · {line.detail} · {relativeTime(j.updatedAt, now)}
                    </small>
                  </li>
                )
              })}
            </ul>
          )}
          <Link href="/console/sweeps">Sweeps</Link>
        </section>
      </div>
      <section aria-labelledby="due-soon">
        <h2 id="due-soon">Requirements expiring within 3 days</h2>
        {due.requirements.length === 0 ? (
          <p>None: no open requirement has its deadline within 3 days.</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Methods</th>
                <th scope="col">Deadline</th>
                <th scope="col">On expiry</th>
              </tr>
            </thead>
            <tbody>
              {due.requirements.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/console/accounts/${encodeURIComponent(r.account)}`}>{r.account}</Link>
                  </td>
                  <td>{r.methods.map(words).join(', ')}</td>
                  <td>
                    {formatUtc(r.deadline)} <small>({relativeTime(r.deadline, now)})</small>
                  </td>
                  <td>{words(r.onExpiry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {due.more && <p>More are due than shown here: the first 50 by deadline.</p>}
      </section>
    </>
  )
}
