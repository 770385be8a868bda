import { type FormEvent, Fragment, useRef, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import type { Submission, SubmissionDecided } from '../../api/types.ts'
import { formatUtc } from '../../lib/format.ts'
import { Link } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { useShortcuts } from '../../lib/use-shortcuts.ts'
import type { Reviewer } from '../console/ConsoleApp.tsx'
import { Failed } from '../console/Failed.tsx'
import {
  checkCounts,
  checklistLabel,
  checkName,
  type DecisionReason,
  declaredFacts,
  draftProblem,
  type FactRow,
  faceRows,
  fileLabel,
  filesByKind,
  fullChecklist,
  mayRefuseForGood,
  methodName,
  orderedChecks,
  otherAccounts,
  reasonsFor,
  reasonText,
  type SubmissionOutcome,
  submittedFacts,
  VERIFICATION_COMMANDS,
  type VerificationActions,
} from './verification-model.ts'

interface Props {
  readonly submission: Submission
  /** The method's checklist, in order. */
  readonly items: readonly string[]
  readonly reviewer: Reviewer
  readonly count: number
  readonly move: (by: 1 | -1) => void
  readonly onDecided: (d: SubmissionDecided) => void
}

/** One submission: its files beside the account's declarations, the engine's checks and face scores, the decision. */
export function SubmissionReview({ submission: s, items, reviewer, count, move, onDecided }: Props) {
  const [account] = useLoad(() => consoleApi.account(s.account), [s.account])
  const checks = s.checks?.items ?? []
  const counts = checkCounts(checks)
  const others = otherAccounts(checks)
  const { images, videos } = filesByKind(s.files)
  const declared = account.state === 'ready' ? declaredFacts(s.method, account.value.declarations) : []
  return (
    <article className="queue-detail" aria-labelledby="submission-title">
      <h2 id="submission-title">
        {methodName(s.method)} {s.id}:{' '}
        <Link href={`/console/accounts/${encodeURIComponent(s.account)}`}>{s.account}</Link>
      </h2>
      <p>
        Sent {formatUtc(s.createdAt)}
        {s.createdBy !== undefined && ` by ${s.createdBy}`}
        {s.requirement != null && `, for requirement ${s.requirement}`}. Checks: {counts.failed} failed,{' '}
        {counts.not_available} not available, {counts.passed} passed.
      </p>
      <div className="evidence-grid">
        <section aria-labelledby="files-title">
          <h3 id="files-title">What was sent</h3>
          <div className="files">
            {images.map((f) => (
              <figure key={f.id}>
                <a href={consoleApi.submissionFileUrl(s.id, f.id)} target="_blank" rel="noreferrer">
                  <img
                    src={consoleApi.submissionFileUrl(s.id, f.id)}
                    alt={`${fileLabel(f, s.files)} of submission ${s.id}`}
                  />
                </a>
                <figcaption>{fileLabel(f, s.files)}</figcaption>
              </figure>
            ))}
            {videos.map((f) => (
              <figure key={f.id} className="wide">
                {/* biome-ignore lint/a11y/useMediaCaption: the seller's recording has no captions; its prompts are checked on the frames */}
                <video src={consoleApi.submissionFileUrl(s.id, f.id)} controls preload="metadata" />
                <figcaption>{fileLabel(f, s.files)}</figcaption>
              </figure>
            ))}
          </div>
          <Facts title="Typed by the seller" rows={submittedFacts(s.fields)} />
        </section>
        <section aria-labelledby="declared-title">
          <h3 id="declared-title">What the account declares</h3>
          {account.state === 'loading' && <p className="loading">Loading the account…</p>}
          {account.state === 'failed' && <Failed error={account.error} />}
          {account.state === 'ready' && <Facts title="Declarations" rows={declared} />}
        </section>
      </div>
      <h3>The engine’s checks</h3>
      <table className="list checks">
        <caption className="sr-only">Checks of submission {s.id}</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {orderedChecks(checks).map((c) => (
            <tr key={`${c.kind}:${c.detail}`}>
              <td>{checkName(c.kind)}</td>
              <td>
                <span className={`badge outcome-${c.outcome}`}>{c.outcome.replace('_', ' ')}</span>
              </td>
              <td>{c.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.checks?.face !== undefined && <Facts title="Face match" rows={faceRows(s.checks.face)} />}
      {others.length > 0 && (
        <p>
          Found under other accounts:{' '}
          {others.map((o, i) => (
            <span key={o}>
              {i > 0 && ', '}
              <Link href={`/console/compare?a=${encodeURIComponent(s.account)}&b=${encodeURIComponent(o)}`}>{o}</Link>
            </span>
          ))}{' '}
          (compare side by side)
        </p>
      )}
      <DecisionForm submission={s} items={items} reviewer={reviewer} count={count} move={move} onDecided={onDecided} />
    </article>
  )
}

function Facts({ title, rows }: { readonly title: string; readonly rows: readonly FactRow[] }) {
  return (
    <>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p>Nothing.</p>
      ) : (
        <dl className="kv-list facts">
          {rows.map((r) => (
            <Fragment key={r.label}>
              <dt>{r.label}</dt>
              <dd className="value">{r.value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </>
  )
}

function DecisionForm({ submission: s, items, reviewer, count, move, onDecided }: Props) {
  const [outcome, setOutcome] = useState<SubmissionOutcome | null>(null)
  const [reasonId, setReasonId] = useState('')
  const [comment, setComment] = useState('')
  const [ticked, setTicked] = useState<Readonly<Record<string, boolean>>>({})
  const [final, setFinal] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const reasonField = useRef<HTMLSelectElement>(null)
  const reasons = outcome === null ? [] : reasonsFor(outcome, s.method)
  const reason: DecisionReason | undefined = reasons.find((r) => r.id === reasonId)
  const problem = draftProblem({ outcome, reason, comment, checklist: ticked, items })
  const submit = async () => {
    if (problem !== undefined || outcome === null) return
    setBusy(true)
    setError(null)
    try {
      onDecided(
        await consoleApi.decideSubmission(s.id, {
          outcome,
          reason: reasonText(reason, comment),
          checklist: fullChecklist(items, ticked),
          final: outcome === 'failed' && final,
        }),
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setBusy(false)
    }
  }
  const actions: VerificationActions = {
    move,
    choose: (o) => {
      setOutcome(o)
      setReasonId('')
      window.setTimeout(() => reasonField.current?.focus(), 0)
    },
    toggle: (i) => {
      const item = items[i]
      if (item !== undefined) setTicked((t) => ({ ...t, [item]: t[item] !== true }))
    },
    submit: () => void submit(),
  }
  const ctx = { count, open: s.state === 'in_review', busy, ready: problem === undefined, items: items.length }
  useShortcuts(
    VERIFICATION_COMMANDS,
    Object.fromEntries(VERIFICATION_COMMANDS.map((c) => [c.keys, () => c.canRun(ctx) && c.run(actions)])),
  )
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void submit()
  }
  return (
    <form onSubmit={onSubmit} className="stack decide">
      <fieldset>
        <legend>Checklist (a pass needs every item)</legend>
        {items.map((item, i) => (
          <label key={item}>
            <input type="checkbox" checked={ticked[item] === true} onChange={() => actions.toggle(i)} disabled={busy} />{' '}
            {checklistLabel(item)} <kbd>{i + 1}</kbd>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Outcome</legend>
        <label>
          <input type="radio" name="outcome" checked={outcome === 'passed'} onChange={() => actions.choose('passed')} />{' '}
          Pass <kbd>p</kbd>
        </label>
        <label>
          <input type="radio" name="outcome" checked={outcome === 'failed'} onChange={() => actions.choose('failed')} />{' '}
          Fail <kbd>f</kbd>
        </label>
      </fieldset>
      <label htmlFor="submission-reason">Reason (told to the seller)</label>
      <select
        id="submission-reason"
        ref={reasonField}
        value={reasonId}
        onChange={(e) => setReasonId(e.target.value)}
        disabled={outcome === null}
      >
        <option value="">{outcome === null ? 'Choose pass or fail first' : 'Choose a reason…'}</option>
        {reasons.map((r) => (
          <option key={r.id} value={r.id}>
            {r.text}
          </option>
        ))}
      </select>
      <label htmlFor="submission-comment">Comment (added after the reason)</label>
      <textarea
        id="submission-comment"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        rows={3}
        maxLength={4000}
      />
      {outcome === 'failed' && mayRefuseForGood(reviewer.role) && (
        <label>
          <input type="checkbox" checked={final} onChange={(e) => setFinal(e.target.checked)} /> Refuse for good (a
          forged document): the requirement fails and its consequence applies at once
        </label>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="small" aria-live="polite">
        {problem === undefined ? `The seller will be told: “${reasonText(reason, comment)}”` : `To record: ${problem}.`}
      </p>
      <button type="submit" className="primary" disabled={busy || problem !== undefined}>
        {busy ? 'Recording…' : 'Record the decision'} <kbd>Ctrl+Enter</kbd>
      </button>
    </form>
  )
}
