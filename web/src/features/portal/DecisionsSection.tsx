import { type FormEvent, useState } from 'react'
import type { PortalApi } from '../../api/portal.ts'
import type { Appeal, Decision } from '../../api/types.ts'
import { formatInZone } from '../../lib/format.ts'
import { DATE_LOCALE, type Language, translate, translateDynamic } from './i18n.ts'
import { APPEAL_FILE_LIMITS, appealFilesProblem, decisionLines } from './portal-model.ts'

/** The decisions that changed something for the seller, each with its appeal or a way to appeal it. */
export function DecisionsSection({
  api,
  account,
  lang,
  decisions,
  appeals,
  onChange,
}: {
  readonly api: PortalApi
  readonly account: string
  readonly lang: Language
  readonly decisions: readonly Decision[]
  readonly appeals: readonly Appeal[]
  readonly onChange: () => void
}) {
  const [appealing, setAppealing] = useState<number | null>(null)
  const [sent, setSent] = useState(false)
  const lines = decisionLines(decisions, appeals)
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params)
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('decisionsTitle')}</h2>
      {sent && (
        <p className="notice-ok" role="status">
          {t('appealSent')}
        </p>
      )}
      {lines.length === 0 && <p>{t('noDecisions')}</p>}
      <ul className="decisions">
        {lines.map(({ decision, appeal, appealable }) => (
          <li key={decision.id} className="card">
            <p>
              <strong>
                {t('decisionOn', {
                  when: formatInZone(decision.at, zone, DATE_LOCALE[lang]),
                  action: translateDynamic(lang, `action.${decision.action.type}`, decision.action.type),
                })}
              </strong>
              <br />
              <small>{t('reasonCode', { reason: decision.action.reason.replaceAll('_', ' ') })}</small>
            </p>
            {appeal !== undefined && (
              <p className={`appeal-${appeal.state}`}>
                {translateDynamic(lang, `appeal.${appeal.state}`, appeal.state)}
                {appeal.reason !== null && (
                  <>
                    <br />
                    {t('appealReason', { reason: appeal.reason })}
                  </>
                )}
              </p>
            )}
            {appealable && appealing !== decision.id && (
              <button type="button" onClick={() => setAppealing(decision.id)}>
                {t('appeal')}
              </button>
            )}
            {appealing === decision.id && (
              <AppealForm
                lang={lang}
                onCancel={() => setAppealing(null)}
                onSend={async (statement, files) => {
                  if (files.length === 0) await api.appeal(account, decision.id, statement)
                  else await api.appealWithFiles(account, decision.id, statement, files)
                  setAppealing(null)
                  setSent(true)
                  onChange()
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function AppealForm({
  lang,
  onSend,
  onCancel,
}: {
  readonly lang: Language
  readonly onSend: (statement: string, files: readonly File[]) => Promise<void>
  readonly onCancel: () => void
}) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [files, setFiles] = useState<readonly File[]>([])
  const problem = appealFilesProblem(files)
  const problemText =
    problem === undefined ? null : translate(lang, problem.key, 'name' in problem ? { name: problem.name } : {})
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const statement = String(new FormData(e.currentTarget).get('statement') ?? '').trim()
    if (statement === '' || problem !== undefined) return
    setBusy(true)
    setError(null)
    try {
      await onSend(statement, files)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      setBusy(false)
    }
  }
  return (
    <form onSubmit={submit} className="stack">
      <label htmlFor="appeal-statement">{translate(lang, 'appealStatement')}</label>
      <textarea id="appeal-statement" name="statement" rows={5} required maxLength={10000} />
      <label htmlFor="appeal-files">{translate(lang, 'appealFiles')}</label>
      <input
        id="appeal-files"
        type="file"
        multiple
        accept={APPEAL_FILE_LIMITS.types.join(',')}
        aria-describedby="appeal-files-state"
        onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
      />
      <p
        id="appeal-files-state"
        className={problemText === null ? 'small' : 'error'}
        role={problemText === null ? undefined : 'alert'}
      >
        {problemText ??
          (files.length === 0
            ? ''
            : translate(lang, 'appealFilesChosen', { names: files.map((f) => f.name).join(', ') }))}
      </p>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="button" onClick={onCancel}>
          {translate(lang, 'appealCancel')}
        </button>
        <button type="submit" className="primary" disabled={busy || problem !== undefined}>
          {translate(lang, 'appealSubmit')}
        </button>
      </div>
    </form>
  )
}
