import { useState } from 'react'
import type { PortalApi } from '../../api/portal.ts'
import type { NoticeSummary } from '../../api/types.ts'
import { formatInZone } from '../../lib/format.ts'
import { useLoad } from '../../lib/use-load.ts'
import { DATE_LOCALE, type Language, translate } from './i18n.ts'

/** Every notice sent to the seller; one opens as it was sent (its plain text). */
export function NoticesSection(props: {
  readonly api: PortalApi
  readonly account: string
  readonly lang: Language
  readonly notices: readonly NoticeSummary[]
}) {
  const { lang, notices } = props
  const [open, setOpen] = useState<number | null>(null)
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return (
    <section aria-labelledby="notices-title">
      <h2 id="notices-title">{translate(lang, 'noticesTitle')}</h2>
      {notices.length === 0 ? (
        <p>{translate(lang, 'noNotices')}</p>
      ) : (
        <ul className="notices">
          {[...notices].reverse().map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className="link"
                aria-expanded={open === n.id}
                onClick={() => setOpen(open === n.id ? null : n.id)}
              >
                <span lang={n.locale}>{n.subject}</span>
              </button>{' '}
              <small>{formatInZone(n.createdAt, zone, DATE_LOCALE[lang])}</small>
              {open === n.id && <NoticeText {...props} id={n.id} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function NoticeText({
  api,
  account,
  id,
  lang,
}: {
  readonly api: PortalApi
  readonly account: string
  readonly id: number
  readonly lang: Language
}) {
  const [notice] = useLoad(() => api.notice(account, id), [api, account, id])
  if (notice.state === 'loading') return <p className="loading">{translate(lang, 'loading')}</p>
  if (notice.state === 'failed') return <p className="error">{notice.error.message}</p>
  return (
    <div className="notice-text" lang={notice.value.locale}>
      {notice.value.text}
    </div>
  )
}
