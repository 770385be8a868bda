import { type FormEvent, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import type { CaseOutcome, ReviewCase } from '../../api/types.ts'
import { formatUtc, relativeTime, words } from '../../lib/format.ts'
import { Link } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { useShortcuts } from '../../lib/use-shortcuts.ts'
import { moveIndex } from '../appeals/appeal-commands.ts'
import type { Reviewer } from '../console/ConsoleApp.tsx'
import { Failed } from '../console/Failed.tsx'
import { ShortcutTable } from '../console/ShortcutsDialog.tsx'
import { Timeline } from '../timeline/Timeline.tsx'
import { actorOfReviewer, CASE_SHORTCUTS, queueOrder } from './case-model.ts'

const OUTCOMES: readonly { readonly value: CaseOutcome; readonly label: string }[] = [
  { value: 'no_action', label: 'No action: nothing wrong found' },
  { value: 'action_taken', label: 'Action taken' },
  { value: 'escalated', label: 'Escalated' },
]

/** The review queue: cases from `review` decisions, overdue and urgent first; take one, look, close it. */
export function CasesPage({ reviewer }: { readonly reviewer: Reviewer }) {
  const [queue, reload] = useLoad(() => consoleApi.cases(), [])
  const [index, setIndex] = useState(0)
  // Bumped after each act, so that the case shown is read again.
  const [round, setRound] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const cases = queue.state === 'ready' ? queueOrder(queue.value.cases) : []
  const selected = cases[Math.min(index, Math.max(0, cases.length - 1))]
  const me = actorOfReviewer(reviewer.name)
  const assign = async (c: ReviewCase) => {
    setError(null)
    try {
      await consoleApi.assignCase(c.id)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
    reload()
    setRound((r) => r + 1)
  }
  useShortcuts(CASE_SHORTCUTS, {
    j: () => setIndex((i) => moveIndex(i, 1, cases.length)),
    k: () => setIndex((i) => moveIndex(i, -1, cases.length)),
    a: () => {
      if (selected !== undefined && selected.assignee !== me) void assign(selected)
    },
  })
  return (
    <>
      <h1>Cases</h1>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {queue.state === 'loading' && <p className="loading">Loading the queue…</p>}
      {queue.state === 'failed' && <Failed error={queue.error} retry={reload} />}
      {queue.state === 'ready' && cases.length === 0 && <p>No case is open.</p>}
      {queue.state === 'ready' && cases.length > 0 && (
        <div className="queue">
          <nav aria-label="Open cases" className="queue-list">
            <p>
              {cases.length}
              {queue.value.next !== null ? '+' : ''} open, overdue and urgent first
            </p>
            <ol>
              {cases.map((c, i) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="queue-item"
                    aria-current={c === selected ? 'true' : undefined}
                    onClick={() => setIndex(i)}
                  >
                    <span className={`badge priority-${c.priority}`}>{c.priority}</span> <strong>{c.account}</strong>
                    <br />
                    <small className={c.overdue ? 'deadline-overdue' : undefined}>
                      due {relativeTime(c.dueAt, Date.now())}
                      {c.assignee !== null && ` · ${c.assignee === me ? 'mine' : c.assignee}`}
                    </small>
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          {selected !== undefined && (
            <CaseDetail key={`${selected.id}:${round}`} id={selected.id} me={me} onAssign={assign} onClosed={reload} />
          )}
        </div>
      )}
      <section aria-labelledby="case-keys">
        <h2 id="case-keys">Keyboard shortcuts</h2>
        <ShortcutTable title="On this page" shortcuts={CASE_SHORTCUTS} />
      </section>
    </>
  )
}

function CaseDetail({
  id,
  me,
  onAssign,
  onClosed,
}: {
  readonly id: number
  readonly me: string
  readonly onAssign: (c: ReviewCase) => Promise<void>
  readonly onClosed: () => void
}) {
  const [loaded] = useLoad(() => consoleApi.case(id), [id])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (loaded.state === 'loading') return <p className="loading">Loading case {id}…</p>
  if (loaded.state === 'failed') return <Failed error={loaded.error} />
  const { case: c, decision } = loaded.value
  const close = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    setBusy(true)
    setError(null)
    try {
      await consoleApi.closeCase(c.id, form.get('outcome') as CaseOutcome, String(form.get('note') ?? ''))
      onClosed()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      setBusy(false)
    }
  }
  return (
    <article className="queue-detail" aria-labelledby="case-title">
      <h2 id="case-title">
        Case {c.id}: <Link href={`/console/accounts/${encodeURIComponent(c.account)}`}>{c.account}</Link>
      </h2>
      <p>
        <span className={`badge priority-${c.priority}`}>{c.priority}</span> {words(c.reason)} · opened{' '}
        {formatUtc(c.createdAt)} · due {formatUtc(c.dueAt)}
        {c.overdue && <strong className="deadline-overdue"> (overdue)</strong>}
      </p>
      <p>
        {c.assignee === null
          ? 'Nobody has taken it.'
          : c.assignee === me
            ? 'Assigned to you.'
            : `Taken by ${c.assignee}.`}{' '}
        {c.assignee !== me && (
          <button type="button" onClick={() => void onAssign(c)}>
            Assign to me <kbd>a</kbd>
          </button>
        )}
      </p>
      {decision !== null && (
        <dl className="kv-list">
          <dt>Decision</dt>
          <dd>
            {decision.id}: {decision.policy} v{decision.policyVersion}, rule {decision.rule} ({decision.trigger})
          </dd>
          <dt>Evidence</dt>
          <dd>
            {Object.entries(decision.evidence.features)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join('; ') || '—'}
            {decision.evidence.via !== undefined && ` — reached through ${decision.evidence.via}`}
          </dd>
        </dl>
      )}
      <p>
        <Link href={`/console/accounts/${encodeURIComponent(c.account)}`}>Open the account and its cluster</Link>
      </p>
      {c.assignee === me && (
        <form onSubmit={close} className="stack decide">
          <fieldset>
            <legend>Outcome</legend>
            {OUTCOMES.map((o) => (
              <label key={o.value}>
                <input type="radio" name="outcome" value={o.value} required /> {o.label}
              </label>
            ))}
          </fieldset>
          <label htmlFor="case-note">Note (for the file)</label>
          <textarea id="case-note" name="note" rows={3} maxLength={5000} />
          {error !== null && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            Close the case
          </button>
        </form>
      )}
      <Timeline account={c.account} headingLevel={3} />
    </article>
  )
}
