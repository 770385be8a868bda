import { type FormEvent, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import { ApiError } from '../../api/http.ts'

/** Name and password to a session: the server sets the session cookie, which the browser sends from then on. */
export function SignIn({ onSignedIn }: { readonly onSignedIn: () => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    setBusy(true)
    setError(null)
    try {
      await consoleApi.signIn(String(form.get('name') ?? ''), String(form.get('password') ?? ''))
      onSignedIn()
    } catch (err) {
      setError(signInMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="page narrow" id="main">
      <h1>oneseller console</h1>
      <p>Sign in with the name and password your administrator gave you.</p>
      <form onSubmit={submit} className="stack" aria-describedby={error === null ? undefined : 'sign-in-error'}>
        <label htmlFor="sign-in-name">Name</label>
        <input id="sign-in-name" name="name" autoComplete="username" required />
        <label htmlFor="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required />
        {error !== null && (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}

function signInMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err)
  switch (err.status) {
    case 401:
      return 'The name or the password is wrong.'
    case 403:
      return 'This reviewer is disabled: ask an administrator.'
    case 429:
      return `Too many attempts: try again in ${err.retryAfter ?? 'a few'} seconds.`
    default:
      return err.message
  }
}
