import { useEffect, useRef, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import type { Job, SweepPayload, SweepResult } from '../../api/types.ts'
import { formatCount } from '../../lib/format.ts'
import { Failed } from '../console/Failed.tsx'
import { SweepReport } from './SweepReport.tsx'
import { applySummary, progressOf } from './sweep-model.ts'

/** How often a running job is read again. */
const POLL_MS = 500

/** A sweep job followed until it ends (GET /v1/jobs/:id), then its report and, after a dry run, the apply. */
export function JobView({
  id,
  mayApply,
  onApply,
}: {
  readonly id: number
  readonly mayApply: boolean
  readonly onApply: (payload: SweepPayload) => void
}) {
  const [job, setJob] = useState<Job | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [confirming, setConfirming] = useState(false)

  useEffect(() => {
    let stopped = false
    let timer: number | undefined
    const poll = async () => {
      try {
        const j = await consoleApi.job(id)
        if (stopped) return
        setJob(j)
        setError(null)
        if (j.state === 'queued' || j.state === 'running') timer = window.setTimeout(poll, POLL_MS)
      } catch (e) {
        if (stopped) return
        setError(e instanceof Error ? e : new Error(String(e)))
        timer = window.setTimeout(poll, POLL_MS * 4)
      }
    }
    void poll()
    return () => {
      stopped = true
      window.clearTimeout(timer)
    }
  }, [id])

  if (job === null) return error === null ? <p className="loading">Loading job {id}…</p> : <Failed error={error} />
  const payload = job.payload as SweepPayload
  const progress = progressOf(job)
  const result = job.state === 'done' ? (job.result as SweepResult) : null
  return (
    <section aria-labelledby="job-title" className="card job">
      <h2 id="job-title">
        {payload.apply ? 'Apply' : 'Dry run'} of {payload.policy} v{payload.version} <small>job {job.id}</small>
      </h2>
      <div className="progress-row">
        <progress
          value={progress.value}
          max={progress.max}
          aria-label="Sweep progress"
          aria-valuetext={progress.text}
        />
        <span role="status">{progress.text}</span>
      </div>
      {error !== null && <Failed error={error} />}
      {result !== null && (
        <>
          {result.applied !== undefined && (
            <p className="notice-ok" role="status">
              Applied: {formatCount(result.applied.recorded)} decisions recorded
              {result.applied.existing > 0 && `, ${formatCount(result.applied.existing)} already recorded before`}.
            </p>
          )}
          <SweepReport report={result.report} />
          {!payload.apply && mayApply && (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Apply this sweep…
            </button>
          )}
          {confirming && (
            <ConfirmApply
              payload={payload}
              result={result}
              onCancel={() => setConfirming(false)}
              onConfirm={() => {
                setConfirming(false)
                onApply({ policy: payload.policy, version: payload.version, apply: true })
              }}
            />
          )}
        </>
      )}
    </section>
  )
}

function ConfirmApply({
  payload,
  result,
  onCancel,
  onConfirm,
}: {
  readonly payload: SweepPayload
  readonly result: SweepResult
  readonly onCancel: () => void
  readonly onConfirm: () => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog !== null && !dialog.open) dialog.showModal()
  }, [])
  const hit = result.report.hit
  return (
    <dialog ref={ref} className="dialog" onClose={onCancel} aria-labelledby="apply-title" aria-describedby="apply-what">
      <h2 id="apply-title">
        Apply {payload.policy} v{payload.version}?
      </h2>
      <p id="apply-what">
        <strong>
          {formatCount(hit)} account{hit === 1 ? '' : 's'} will be affected.
        </strong>{' '}
        Their decisions are recorded and acted on: requirements are sent, restrictions imposed, sellers told.
        {result.alreadyApplied > 0 &&
          ` ${formatCount(result.alreadyApplied)} were recorded by an earlier apply and stay as they are.`}
      </p>
      <ul>
        {applySummary(result.report).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>The apply runs on the accounts as they are then: its figures may differ a little from this dry run.</p>
      <div className="buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Apply to {formatCount(hit)} account{hit === 1 ? '' : 's'}
        </button>
      </div>
    </dialog>
  )
}
