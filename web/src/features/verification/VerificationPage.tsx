import { useEffect, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import type { Submission, SubmissionDecided } from '../../api/types.ts'
import { formatUtc, relativeTime } from '../../lib/format.ts'
import { Link, useLocation } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { moveIndex } from '../appeals/appeal-commands.ts'
import type { Reviewer } from '../console/ConsoleApp.tsx'
import { Failed } from '../console/Failed.tsx'
import { ShortcutTable } from '../console/ShortcutsDialog.tsx'
import { SubmissionReview } from './SubmissionReview.tsx'
import { methodName, reviewOrder, VERIFICATION_COMMANDS } from './verification-model.ts'

/** The verification review queue: submissions in review, oldest first; read one against the account, decide it. */
export function VerificationPage({ reviewer }: { readonly reviewer: Reviewer }) {
  const { search } = useLocation()
  const [queue, reload] = useLoad(
    () => Promise.all([consoleApi.submissionsInReview(), consoleApi.reviewChecklists()]),
    [],
  )
  const [index, setIndex] = useState(0)
  const [decided, setDecided] = useState<SubmissionDecided | null>(null)
  const submissions = queue.state === 'ready' ? reviewOrder(queue.value[0].submissions) : []
  const wanted = Number(search.get('submission'))
  // biome-ignore lint/correctness/useExhaustiveDependencies: select the submission the link named once the queue is there
  useEffect(() => {
    const at = submissions.findIndex((s) => s.id === wanted)
    if (at >= 0) setIndex(at)
  }, [queue.state])
  const selected: Submission | undefined = submissions[Math.min(index, Math.max(0, submissions.length - 1))]

  return (
    <>
      <h1>Verifications</h1>
      {decided !== null && (
        <div role="status" className="notice-ok">
          <p>
            Submission {decided.submission.id} of {decided.submission.account} {decided.submission.state}
            {decided.refused.length > 0 && `; requirement ${decided.refused.join(', ')} refused for good`}. The seller
            is told: “{decided.submission.reason}”
          </p>
          <button type="button" onClick={() => setDecided(null)}>
            Dismiss
          </button>
        </div>
      )}
      {queue.state === 'loading' && <p className="loading">Loading the queue…</p>}
      {queue.state === 'failed' && <Failed error={queue.error} retry={reload} />}
      {queue.state === 'ready' && submissions.length === 0 && <p>No submission is waiting for review.</p>}
      {queue.state === 'ready' && selected !== undefined && (
        <div className="queue">
          <nav aria-label="Submissions in review" className="queue-list">
            <p>
              {submissions.length}
              {queue.value[0].next !== null ? '+' : ''} in review, oldest first
            </p>
            <ol>
              {submissions.map((s, i) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="queue-item"
                    aria-current={s === selected ? 'true' : undefined}
                    onClick={() => setIndex(i)}
                  >
                    <strong>{s.account}</strong> · {methodName(s.method)}
                    <br />
                    <small>
                      sent {relativeTime(s.createdAt, Date.now())}
                      {(s.checks?.items ?? []).some((c) => c.outcome === 'failed') && ' · checks failed'}
                    </small>
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          <SubmissionReview
            key={selected.id}
            submission={selected}
            items={queue.value[1].checklists[selected.method] ?? []}
            reviewer={reviewer}
            count={submissions.length}
            move={(by) => setIndex((i) => moveIndex(i, by, submissions.length))}
            onDecided={(d) => {
              setDecided(d)
              reload()
            }}
          />
        </div>
      )}
      <section aria-labelledby="verification-keys">
        <h2 id="verification-keys">Keyboard shortcuts</h2>
        <ShortcutTable title="On this page" shortcuts={VERIFICATION_COMMANDS} />
      </section>
    </>
  )
}

/** The submissions of one account, for its page: each with its state and a link to review it while in review. */
export function SubmissionsTable({ submissions }: { readonly submissions: readonly Submission[] }) {
  if (submissions.length === 0) return <p>None.</p>
  return (
    <table className="list">
      <caption className="sr-only">Submissions</caption>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Method</th>
          <th scope="col">State</th>
          <th scope="col">Sent</th>
          <th scope="col">Decided</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {submissions.map((s) => (
          <tr key={s.id}>
            <td>
              {s.state === 'in_review' ? <Link href={`/console/verifications?submission=${s.id}`}>{s.id}</Link> : s.id}
            </td>
            <td>{methodName(s.method)}</td>
            <td>{s.state.replace('_', ' ')}</td>
            <td>{formatUtc(s.createdAt)}</td>
            <td>{s.decidedAt === null ? '—' : `${formatUtc(s.decidedAt)} by ${s.decidedBy ?? '—'}`}</td>
            <td>{s.reason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
