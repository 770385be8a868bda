import { type FormEvent, useEffect, useRef, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import type { AppealFile, AppealOutcome } from '../../api/types.ts'
import { formatBytes, formatUtc, relativeTime, words } from '../../lib/format.ts'
import { Link, useLocation } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { useShortcuts } from '../../lib/use-shortcuts.ts'
import type { Reviewer } from '../console/ConsoleApp.tsx'
import { Failed } from '../console/Failed.tsx'
import { ShortcutTable } from '../console/ShortcutsDialog.tsx'
import {
  APPEAL_COMMANDS,
  type AppealActions,
  type AppealContext,
  mayDecideForCluster,
  moveIndex,
  type Outcome,
} from './appeal-commands.ts'
import { changesNothing, type ReachLine, type ReachSummary, summariseReach } from './appeal-reach-model.ts'

/** The open appeals, oldest first; uphold or overturn each with a reason told to the seller. */
export function AppealsPage({ reviewer }: { readonly reviewer: Reviewer }) {
  const { search } = useLocation()
  const [queue, reload] = useLoad(() => consoleApi.openAppeals(), [])
  const [index, setIndex] = useState(0)
  const [decided, setDecided] = useState<AppealOutcome | null>(null)
  const appeals = queue.state === 'ready' ? queue.value.appeals : []
  const wanted = Number(search.get('appeal'))
  // biome-ignore lint/correctness/useExhaustiveDependencies: select the appeal the link named once the queue is there
  useEffect(() => {
    const at = appeals.findIndex((a) => a.id === wanted)
    if (at >= 0) setIndex(at)
  }, [queue.state])
  const selected = appeals[Math.min(index, Math.max(0, appeals.length - 1))]

  return (
    <>
      <h1>Appeals</h1>
      {decided !== null && <DecidedNote outcome={decided} onClose={() => setDecided(null)} />}
      {queue.state === 'loading' && <p className="loading">Loading the queue…</p>}
      {queue.state === 'failed' && <Failed error={queue.error} retry={reload} />}
      {queue.state === 'ready' && appeals.length === 0 && <p>No appeal is open.</p>}
      {queue.state === 'ready' && appeals.length > 0 && (
        <div className="queue">
          <nav aria-label="Open appeals" className="queue-list">
            <p>
              {appeals.length}
              {queue.value.next !== null ? '+' : ''} open, oldest first
            </p>
            <ol>
              {appeals.map((a, i) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className="queue-item"
                    aria-current={a === selected ? 'true' : undefined}
                    onClick={() => setIndex(i)}
                  >
                    <strong>{a.account}</strong> · appeal {a.id}
                    <br />
                    <small>filed {relativeTime(a.filedAt, Date.now())}</small>
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          {selected !== undefined && (
            <AppealDetail
              key={selected.id}
              appealId={selected.id}
              context={{ appeals, selected }}
              reviewer={reviewer}
              move={(by) => setIndex((i) => moveIndex(i, by, appeals.length))}
              onDecided={(o) => {
                setDecided(o)
                reload()
              }}
            />
          )}
        </div>
      )}
      <section aria-labelledby="appeal-keys">
        <h2 id="appeal-keys">Keyboard shortcuts</h2>
        <ShortcutTable title="On this page" shortcuts={APPEAL_COMMANDS} />
      </section>
    </>
  )
}

interface DetailProps {
  readonly appealId: number
  readonly context: Pick<AppealContext, 'appeals' | 'selected'>
  readonly reviewer: Reviewer
  readonly move: (by: 1 | -1) => void
  readonly onDecided: (o: AppealOutcome) => void
}

function AppealDetail({ appealId, context, reviewer, move, onDecided }: DetailProps) {
  const appeal = context.selected!
  const [decisions] = useLoad(() => consoleApi.decisions(appeal.account), [appeal.account])
  const decision =
    decisions.state === 'ready' ? decisions.value.decisions.find((d) => d.id === appeal.decision) : undefined
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [reason, setReason] = useState('')
  const [cluster, setCluster] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const reasonField = useRef<HTMLTextAreaElement>(null)
  const clusterAllowed = mayDecideForCluster(reviewer.role, decision)
  const [reach] = useLoad(() => consoleApi.appealReach(appealId), [appealId])

  const submit = async () => {
    if (outcome === null || reason.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      onDecided(
        await consoleApi.decideAppeal(appealId, { outcome, reason: reason.trim(), cluster: clusterAllowed && cluster }),
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setBusy(false)
    }
  }
  const actions: AppealActions = {
    move,
    choose: (o) => {
      setOutcome(o)
      reasonField.current?.focus()
    },
    submit: () => void submit(),
  }
  const ctx: AppealContext = { ...context, outcome, reason, busy }
  useShortcuts(
    APPEAL_COMMANDS,
    Object.fromEntries(APPEAL_COMMANDS.map((c) => [c.keys, () => c.canRun(ctx) && c.run(actions)])),
  )
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void submit()
  }

  return (
    <article className="queue-detail" aria-labelledby="appeal-title">
      <h2 id="appeal-title">
        Appeal {appeal.id}:{' '}
        <Link href={`/console/accounts/${encodeURIComponent(appeal.account)}`}>{appeal.account}</Link>
      </h2>
      <p>
        Filed {formatUtc(appeal.filedAt)} by {appeal.filedBy}, against decision {appeal.decision}.
      </p>
      <blockquote className="statement">{appeal.statement}</blockquote>
      {appeal.files.length > 0 && <p>File references: {appeal.files.join(', ')}</p>}
      {(appeal.uploads ?? []).length > 0 && <AppealFiles appeal={appeal.id} files={appeal.uploads ?? []} />}
      <h3>The decision appealed</h3>
      {decisions.state === 'loading' && <p className="loading">Loading…</p>}
      {decisions.state === 'failed' && <Failed error={decisions.error} />}
      {decision !== undefined && (
        <dl className="kv-list">
          <dt>Action</dt>
          <dd>
            <strong>{words(decision.action.type)}</strong> ({words(decision.action.reason)})
            {decision.action.scope === 'cluster' ? ', cluster-wide' : ''}
          </dd>
          <dt>Policy</dt>
          <dd>
            {decision.policy} v{decision.policyVersion}, rule {decision.rule} ({decision.trigger})
          </dd>
          <dt>Evidence</dt>
          <dd>
            {Object.entries(decision.evidence.features)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join('; ') || '—'}
            {decision.evidence.via !== undefined && ` — reached through ${decision.evidence.via}`}
          </dd>
          <dt>Decided</dt>
          <dd>
            {formatUtc(decision.at)} by {decision.actor}
          </dd>
        </dl>
      )}
      <form onSubmit={onSubmit} className="stack decide">
        <fieldset>
          <legend>Outcome</legend>
          <label>
            <input
              type="radio"
              name="outcome"
              checked={outcome === 'upheld'}
              onChange={() => actions.choose('upheld')}
            />{' '}
            Uphold: the decision stands <kbd>u</kbd>
          </label>
          <label>
            <input
              type="radio"
              name="outcome"
              checked={outcome === 'overturned'}
              onChange={() => actions.choose('overturned')}
            />{' '}
            Overturn: lift its restrictions and withdraw its requirements <kbd>o</kbd>
          </label>
        </fieldset>
        <label htmlFor="appeal-reason">Reason (told to the seller)</label>
        <textarea
          id="appeal-reason"
          ref={reasonField}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={4}
          required
          maxLength={5000}
        />
        {clusterAllowed && (
          <label>
            <input type="checkbox" checked={cluster} onChange={(e) => setCluster(e.target.checked)} /> For every account
            this cluster-wide decision reached (leads)
          </label>
        )}
        {reach.state === 'loading' && <p className="loading">Reading what an overturn would change…</p>}
        {reach.state === 'failed' && <Failed error={reach.error} />}
        {reach.state === 'ready' && (
          <ReachPreview
            summary={summariseReach(reach.value, clusterAllowed && cluster, Date.now())}
            chosen={outcome === 'overturned'}
          />
        )}
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || outcome === null || reason.trim() === ''}>
          {busy ? 'Recording…' : 'Record the decision'} <kbd>Ctrl+Enter</kbd>
        </button>
      </form>
    </article>
  )
}

/** The files the seller attached: pictures shown small (click for the whole), PDFs as links, each with its size. */
function AppealFiles({ appeal, files }: { readonly appeal: number; readonly files: readonly AppealFile[] }) {
  return (
    <section aria-labelledby="appeal-files-title">
      <h3 id="appeal-files-title">Files attached by the seller</h3>
      <div className="files">
        {files.map((f) => {
          const url = consoleApi.appealFileUrl(appeal, f.id)
          return (
            <figure key={f.id}>
              <a href={url} target="_blank" rel="noreferrer">
                {f.mime.startsWith('image/') ? <img src={url} alt={f.name} /> : <span className="file-doc">PDF</span>}
              </a>
              <figcaption>
                <a href={url} target="_blank" rel="noreferrer">
                  {f.name}
                </a>{' '}
                ({formatBytes(f.size)})
              </figcaption>
            </figure>
          )
        })}
      </div>
    </section>
  )
}

/** Accounts named in the line about those an overturn leaves as they are; the decision's answer lists them all. */
const UNTOUCHED_NAMED = 8

function ReachPreview({ summary, chosen }: { readonly summary: ReachSummary; readonly chosen: boolean }) {
  const line = (l: ReachLine) => (
    <li key={`${l.account}:${l.text}`}>
      <Link href={`/console/accounts/${encodeURIComponent(l.account)}`}>{l.account}</Link>: {l.text}
    </li>
  )
  return (
    <section aria-labelledby="reach-title" className={chosen ? 'reach reach-chosen' : 'reach'}>
      <h3 id="reach-title">What overturning changes</h3>
      {changesNothing(summary) ? (
        <p>Nothing in force: the decision imposed no restriction and asks for nothing still open.</p>
      ) : (
        <>
          <p>
            Reinstates {summary.accounts.length === 1 ? 'this account' : `${summary.accounts.length} accounts`}:{' '}
            {summary.lifts.length} restriction{summary.lifts.length === 1 ? '' : 's'} lifted, {summary.withdraws.length}{' '}
            requirement{summary.withdraws.length === 1 ? '' : 's'} withdrawn.
          </p>
          <ul>
            {summary.lifts.map(line)}
            {summary.withdraws.map(line)}
          </ul>
        </>
      )}
      {summary.untouched.length > 0 && (
        <p>
          The same cluster-wide decision also reached {summary.untouched.length} other account
          {summary.untouched.length === 1 ? '' : 's'} ({summary.untouched.slice(0, UNTOUCHED_NAMED).join(', ')}
          {summary.untouched.length > UNTOUCHED_NAMED ? ', …' : ''}): they stay as they are, listed to reconsider after
          the decision.
        </p>
      )}
    </section>
  )
}

function DecidedNote({ outcome, onClose }: { readonly outcome: AppealOutcome; readonly onClose: () => void }) {
  const a = outcome.appeal
  return (
    <div role="status" className="notice-ok">
      <p>
        Appeal {a.id} of {a.account} {a.state}.{' '}
        {outcome.overturned.length > 0 && `Decisions overturned: ${outcome.overturned.join(', ')}.`}
      </p>
      {outcome.toReconsider.length > 0 && (
        <p>
          The same cluster-wide decision also reached:{' '}
          {outcome.toReconsider.map((r, i) => (
            <span key={r.decision}>
              {i > 0 && ', '}
              <Link href={`/console/accounts/${encodeURIComponent(r.account)}`}>{r.account}</Link> (decision{' '}
              {r.decision})
            </span>
          ))}
          . Reconsider them, or have a lead overturn for the whole cluster.
        </p>
      )}
      <button type="button" onClick={onClose}>
        Dismiss
      </button>
    </div>
  )
}
