// The seller portal: the seller of one account, with the portal token from the marketplace's link, sees their standing,
// does what is asked of them, appeals, and reads every notice. English and Chinese.
import { useEffect, useMemo, useState } from 'react'
import { ApiError } from '../../api/http.ts'
import { portalApi } from '../../api/portal.ts'
import { navigate, useLocation } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { DecisionsSection } from './DecisionsSection.tsx'
import { LANGUAGES, type Language, pickLanguage, translate, translateDynamic } from './i18n.ts'
import { NoticesSection } from './NoticesSection.tsx'
import { restrictionsInForce, TOKEN_KEY, tokenFrom } from './portal-model.ts'
import { RequirementsSection } from './RequirementsSection.tsx'

const LANGUAGE_KEY = 'oneseller.portal.language'
const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', zh: '中文' }

export default function PortalApp() {
  const { search } = useLocation()
  const [lang, setLang] = useState<Language>(() =>
    pickLanguage(navigator.languages ?? [navigator.language], sessionStorage.getItem(LANGUAGE_KEY)),
  )
  const found = tokenFrom(search, sessionStorage.getItem(TOKEN_KEY))
  useEffect(() => {
    if (found.fromLink && found.token !== null) {
      sessionStorage.setItem(TOKEN_KEY, found.token)
      navigate('/portal', { replace: true })
    }
  }, [found.fromLink, found.token])
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
    document.title = translate(lang, 'title')
  }, [lang])
  const choose = (l: Language) => {
    sessionStorage.setItem(LANGUAGE_KEY, l)
    setLang(l)
  }
  return (
    <>
      <header className="topbar portal-bar">
        <span className="brand">{translate(lang, 'title')}</span>
        <label htmlFor="portal-language">{translate(lang, 'language')}</label>
        <select id="portal-language" value={lang} onChange={(e) => choose(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </header>
      <main id="main" className="page portal">
        {found.token === null ? (
          <p className="notice-info">{translate(lang, 'noToken')}</p>
        ) : (
          <Seller key={found.token} token={found.token} lang={lang} />
        )}
      </main>
    </>
  )
}

function Seller({ token, lang }: { readonly token: string; readonly lang: Language }) {
  const api = useMemo(() => portalApi(token), [token])
  const [data, reload] = useLoad(async () => {
    const me = await api.me()
    if (me.kind !== 'seller') throw new ApiError(401, 'unauthorized', 'not a portal token')
    const id = me.account
    const [account, requirements, decisions, restrictions, notices, appeals] = await Promise.all([
      api.account(id),
      api.requirements(id),
      api.decisions(id),
      api.restrictions(id),
      api.notices(id),
      api.appeals(id),
    ])
    const submissions = await api.submissions(id).then(
      (s) => s.submissions,
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 404 && e.message.startsWith('no route')) return null
        throw e
      },
    )
    return {
      id,
      account,
      requirements: requirements.requirements,
      decisions: decisions.decisions,
      restrictions: restrictions.restrictions,
      notices: notices.notices,
      appeals: appeals.appeals,
      submissions,
    }
  }, [api])
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params)
  if (data.state === 'loading') return <p className="loading">{t('loading')}</p>
  if (data.state === 'failed') {
    const expired = data.error instanceof ApiError && data.error.status === 401
    return (
      <div role="alert" className="error">
        <p>{expired ? t('expired') : t('failed', { message: data.error.message })}</p>
        {!expired && (
          <button type="button" onClick={reload}>
            {t('retry')}
          </button>
        )}
      </div>
    )
  }
  const d = data.value
  const inForce = restrictionsInForce(d.restrictions, Date.now())
  return (
    <>
      <h1>{t('account', { id: d.id })}</h1>
      <section aria-labelledby="status-title" className={`card status-card status-${d.account.status}`}>
        <h2 id="status-title">{t('status')}</h2>
        <p className="figure">
          {translateDynamic(lang, `status.${d.account.status}`, t('status.other', { status: d.account.status }))}
        </p>
        {inForce.length > 0 && (
          <>
            <h3>{t('restrictionsInForce')}</h3>
            <ul>
              {inForce.map((r) => (
                <li key={r.id}>{translateDynamic(lang, `restriction.${r.kind}`, r.kind)}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <RequirementsSection
        api={api}
        account={d.id}
        lang={lang}
        requirements={d.requirements}
        uploadsAvailable={d.submissions !== null}
        onChange={reload}
      />
      <DecisionsSection
        api={api}
        account={d.id}
        lang={lang}
        decisions={d.decisions}
        appeals={d.appeals}
        onChange={reload}
      />
      <NoticesSection api={api} account={d.id} lang={lang} notices={d.notices} />
    </>
  )
}
