import { type FormEvent, useState } from 'react'
import type { PortalApi } from '../../api/portal.ts'
import type { CodeEntry, Requirement } from '../../api/types.ts'
import { formatInZone } from '../../lib/format.ts'
import { DocumentUpload } from './DocumentUpload.tsx'
import { DATE_LOCALE, type Language, translate, translateDynamic } from './i18n.ts'
import { methodsToDo, splitRequirements, timeLeft } from './portal-model.ts'
import { VideoRecorder } from './VideoRecorder.tsx'

export interface RequirementsProps {
  readonly api: PortalApi
  readonly account: string
  readonly lang: Language
  readonly requirements: readonly Requirement[]
  /** The server takes documents and videos (POST /v1/accounts/:id/submissions/:method). */
  readonly uploadsAvailable: boolean
  readonly onChange: () => void
}

/** Each requirement still to do, with its deadline in the seller's time zone and what to do for each method. */
export function RequirementsSection(props: RequirementsProps) {
  const { lang, requirements } = props
  const { open, closed } = splitRequirements(requirements)
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params)
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return (
    <section aria-labelledby="requirements-title">
      <h2 id="requirements-title">{t('requirementsTitle')}</h2>
      {open.length === 0 && <p>{t('noRequirements')}</p>}
      {open.map((r) => {
        const left = timeLeft(r.deadline, Date.now())
        return (
          <article
            key={r.id}
            className="card requirement"
            aria-label={r.methods.map((m) => translateDynamic(lang, `method.${m}`, m)).join(', ')}
          >
            <p className={left.overdue ? 'deadline-overdue' : 'deadline'}>
              <strong>{t('deadline', { when: formatInZone(r.deadline, zone, DATE_LOCALE[lang]) })}</strong>
              {' · '}
              {left.overdue ? t('overdue') : t('timeLeft', { days: left.days, hours: left.hours })}
            </p>
            <p>{t('onExpiry', { consequence: translateDynamic(lang, `consequence.${r.onExpiry}`, r.onExpiry) })}</p>
            {r.methods.map((m) => (
              <MethodTask key={m} {...props} requirement={r} method={m} />
            ))}
          </article>
        )
      })}
      {closed.length > 0 && (
        <ul className="plain">
          {closed.map((r) => (
            <li key={r.id}>
              {r.methods.map((m) => translateDynamic(lang, `method.${m}`, m)).join(', ')}:{' '}
              {translateDynamic(lang, `requirement.state.${r.state}`, r.state)}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function MethodTask(props: RequirementsProps & { readonly requirement: Requirement; readonly method: string }) {
  const { lang, requirement, method, uploadsAvailable } = props
  const progress = requirement.progress[method]
  const todo = methodsToDo(requirement).includes(method)
  const title = translateDynamic(lang, `method.${method}`, method)
  return (
    <div className="task">
      <h3>
        {title}
        {progress !== undefined && (
          <span className={`badge progress-${progress.state}`}>
            {translateDynamic(lang, `progress.${progress.state}`, progress.state)}
          </span>
        )}
      </h3>
      {todo && <p>{translateDynamic(lang, `todo.${method}`, '')}</p>}
      {todo && progress?.state !== 'submitted' && <MethodForm {...props} />}
      {todo && method !== 'postcard' && !uploadsAvailable && (
        <p className="notice-info">{translate(lang, 'uploadUnavailable')}</p>
      )}
    </div>
  )
}

function MethodForm(props: RequirementsProps & { readonly requirement: Requirement; readonly method: string }) {
  const { method, uploadsAvailable } = props
  if (method === 'postcard') return <PostcardForm {...props} />
  if (!uploadsAvailable) return null
  if (method === 'video') return <VideoRecorder {...props} />
  return <DocumentUpload {...props} />
}

function PostcardForm({ api, account, lang, onChange }: RequirementsProps) {
  const [entry, setEntry] = useState<CodeEntry | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const code = String(new FormData(e.currentTarget).get('code') ?? '')
    setBusy(true)
    setError(null)
    try {
      const result = await api.enterCode(account, code)
      setEntry(result)
      if (result.accepted) onChange()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form onSubmit={submit} className="stack postcard">
      <label htmlFor="postcard-code">{translate(lang, 'postcardLabel')}</label>
      <input
        id="postcard-code"
        name="code"
        required
        maxLength={64}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        aria-describedby="postcard-hint postcard-outcome"
      />
      <small id="postcard-hint">{translate(lang, 'postcardHint')}</small>
      <button type="submit" className="primary" disabled={busy}>
        {translate(lang, 'postcardSubmit')}
      </button>
      <div id="postcard-outcome" role="status">
        {entry !== null && (
          <p className={entry.accepted ? 'notice-ok' : 'error'}>
            {entry.message}
            {!entry.accepted && entry.attemptsLeft > 0 && (
              <> {translate(lang, 'attemptsLeft', { n: entry.attemptsLeft })}</>
            )}
          </p>
        )}
        {error !== null && <p className="error">{error}</p>}
      </div>
    </form>
  )
}
