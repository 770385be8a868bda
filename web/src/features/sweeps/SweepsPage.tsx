import { useEffect, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import type { PolicyVersion, SweepPayload } from '../../api/types.ts'
import { formatUtc } from '../../lib/format.ts'
import { navigate, useLocation } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import type { Reviewer } from '../console/ConsoleApp.tsx'
import { Failed } from '../console/Failed.tsx'
import { JobView } from './JobView.tsx'

/** Stored policies; a dry run of one as a job, its impact report, then an apply after an explicit confirmation. */
export function SweepsPage({ reviewer }: { readonly reviewer: Reviewer }) {
  const { search } = useLocation()
  const jobId = Number(search.get('job') ?? Number.NaN)
  const [policies] = useLoad(() => consoleApi.policies(), [])
  const [error, setError] = useState<string | null>(null)
  const mayRun = reviewer.role !== 'reviewer'

  const start = async (body: { policy: string; version: number; apply: boolean }) => {
    setError(null)
    try {
      const { job } = await consoleApi.startSweep({ ...body, sample: 20 }, crypto.randomUUID())
      navigate(`/console/sweeps?job=${job.id}`)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }

  return (
    <>
      <h1>Sweeps</h1>
      <p>
        A sweep evaluates a stored policy over every account. Run it dry first: nothing is recorded, and the impact
        report says whom it would hit and why. Apply it once the report is right.
        {!mayRun && ' Starting sweeps is for leads; you can read the reports.'}
      </p>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {Number.isInteger(jobId) && jobId > 0 ? (
        <JobView key={jobId} id={jobId} mayApply={mayRun} onApply={(p: SweepPayload) => start({ ...p, apply: true })} />
      ) : null}
      <section aria-labelledby="policies-title">
        <h2 id="policies-title">Stored policies</h2>
        {policies.state === 'loading' && <p className="loading">Loading the policies…</p>}
        {policies.state === 'failed' && <Failed error={policies.error} />}
        {policies.state === 'ready' && (
          <PolicyTable
            policies={policies.value.policies}
            mayRun={mayRun}
            onDryRun={(p) => start({ policy: p.name, version: p.version, apply: false })}
          />
        )}
      </section>
    </>
  )
}

function PolicyTable({
  policies,
  mayRun,
  onDryRun,
}: {
  readonly policies: readonly PolicyVersion[]
  readonly mayRun: boolean
  readonly onDryRun: (p: PolicyVersion) => void
}) {
  const [shown, setShown] = useState<PolicyVersion | null>(null)
  if (policies.length === 0) {
    return <p>No policy is stored yet: load one with “oneseller policy load FILE” or POST /v1/policies.</p>
  }
  return (
    <>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Version</th>
            <th scope="col">Mode</th>
            <th scope="col">Loaded</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {policies.map((p) => (
            <tr key={`${p.name}@${p.version}`}>
              <td>{p.name}</td>
              <td>{p.version}</td>
              <td>{p.mode}</td>
              <td>
                {formatUtc(p.loadedAt)} by {p.loadedBy}
              </td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() => setShown(p)}
                  aria-label={`Show the rules of ${p.name} v${p.version}`}
                >
                  Rules
                </button>
                {mayRun && (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => onDryRun(p)}
                    aria-label={`Dry run of ${p.name} v${p.version}`}
                  >
                    Dry run
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown !== null && <PolicySource policy={shown} onClose={() => setShown(null)} />}
    </>
  )
}

function PolicySource({ policy, onClose }: { readonly policy: PolicyVersion; readonly onClose: () => void }) {
  const [source] = useLoad(() => consoleApi.policy(policy.name, policy.version), [policy.name, policy.version])
  useEffect(() => {
    document.getElementById('policy-source')?.scrollIntoView({ block: 'nearest' })
  }, [])
  return (
    <section id="policy-source" aria-labelledby="policy-source-title" className="card">
      <h3 id="policy-source-title">
        {policy.name} v{policy.version}
      </h3>
      {source.state === 'ready' && <pre className="source">{source.value.source}</pre>}
      {source.state === 'failed' && <Failed error={source.error} />}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  )
}
