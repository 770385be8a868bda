import { type FormEvent, useState } from 'react'
import type { PortalApi } from '../../api/portal.ts'
import { type Language, translate } from './i18n.ts'

/** Images the server accepts (it checks the bytes, not the name). */
const ACCEPT = 'image/jpeg,image/png,image/webp'

/**
 * Uploads a document for a method: the front (and back) of an identity document or business licence with its number,
 * or a utility bill with the name, address and date printed on it (POST /v1/accounts/:id/submissions/:method).
 */
export function DocumentUpload({
  api,
  account,
  lang,
  method,
  onChange,
}: {
  readonly api: PortalApi
  readonly account: string
  readonly lang: Language
  readonly method: string
  readonly onChange: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key)
  const bill = method === 'utility_bill'
  const id = (name: string) => `${method}-${name}`
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const input = new FormData(e.currentTarget)
    const form = new FormData()
    for (const role of bill ? ['bill'] : ['front', 'back']) {
      const file = input.get(role)
      if (file instanceof File && file.size > 0) form.append(role, file, file.name)
    }
    const text = (name: string) => String(input.get(name) ?? '').trim()
    const fields = bill
      ? {
          name: text('name'),
          issueDate: text('issueDate'),
          address: {
            lines: [text('street')],
            city: text('city'),
            postalCode: text('postalCode'),
            country: text('country').toUpperCase(),
          },
        }
      : { documentNumber: text('documentNumber') }
    form.append('fields', JSON.stringify(fields))
    setBusy(true)
    setError(null)
    try {
      await api.submit(account, method, form)
      setSent(true)
      onChange()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  if (sent)
    return (
      <p className="notice-ok" role="status">
        {t('uploadSent')}
      </p>
    )
  return (
    <form onSubmit={submit} className="stack upload">
      {bill ? (
        <>
          <label htmlFor={id('bill')}>{t('uploadBill')}</label>
          <input id={id('bill')} name="bill" type="file" accept={ACCEPT} required />
          <label htmlFor={id('name')}>{t('billName')}</label>
          <input id={id('name')} name="name" required />
          <label htmlFor={id('street')}>{t('billAddress')}</label>
          <input id={id('street')} name="street" required />
          <label htmlFor={id('city')}>{t('billCity')}</label>
          <input id={id('city')} name="city" required />
          <label htmlFor={id('postalCode')}>{t('billPostalCode')}</label>
          <input id={id('postalCode')} name="postalCode" />
          <label htmlFor={id('country')}>{t('billCountry')}</label>
          <input id={id('country')} name="country" required minLength={2} maxLength={2} />
          <label htmlFor={id('issueDate')}>{t('billDate')}</label>
          <input id={id('issueDate')} name="issueDate" type="date" required />
        </>
      ) : (
        <>
          <label htmlFor={id('front')}>{t('uploadFront')}</label>
          <input id={id('front')} name="front" type="file" accept={ACCEPT} required />
          <label htmlFor={id('back')}>{t('uploadBack')}</label>
          <input id={id('back')} name="back" type="file" accept={ACCEPT} />
          <label htmlFor={id('documentNumber')}>{t('documentNumber')}</label>
          <input id={id('documentNumber')} name="documentNumber" required autoComplete="off" />
        </>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('uploadSubmit')}
      </button>
    </form>
  )
}
