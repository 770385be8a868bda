// The reviewer console: signs the reviewer in, then lays out the pages (dashboard, cases, verifications, account,
// compare, appeals, sweeps).
import { type FormEvent, useRef, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import { ApiError } from '../../api/http.ts'
import type { ReviewerRole } from '../../api/types.ts'
import { Link, navigate, useLocation } from '../../lib/router.tsx'
import { GLOBAL_SHORTCUTS } from '../../lib/shortcuts.ts'
import { useLoad } from '../../lib/use-load.ts'
import { useShortcuts } from '../../lib/use-shortcuts.ts'
import { AccountPage } from '../account/AccountPage.tsx'
import { AppealsPage } from '../appeals/AppealsPage.tsx'
import { CasesPage } from '../cases/CasesPage.tsx'
import { ComparePage } from '../compare/ComparePage.tsx'
import { Dashboard } from '../dashboard/Dashboard.tsx'
import { SignIn } from '../sign-in/SignIn.tsx'
import { SweepsPage } from '../sweeps/SweepsPage.tsx'
import { VerificationPage } from '../verification/VerificationPage.tsx'
import { ShortcutsDialog } from './ShortcutsDialog.tsx'

export interface Reviewer {
  readonly name: string
  readonly role: ReviewerRole
}

export default function ConsoleApp() {
  const [me, reload] = useLoad(() => consoleApi.me(), [])
  if (me.state === 'loading') return <p className="loading">Loading…</p>
  if (me.state === 'failed') {
    if (me.error instanceof ApiError && me.error.status === 401) return <SignIn onSignedIn={reload} />
    return (
      <main className="page narrow">
        <p role="alert" className="error">
          {me.error.message}
        </p>
        <button type="button" onClick={reload}>
          Try again
        </button>
      </main>
    )
  }
  if (me.value.kind !== 'reviewer') return <SignIn onSignedIn={reload} />
  return <Console reviewer={me.value.reviewer} onSignedOut={reload} />
}

const NAV = [
  { href: '/console', label: 'Dashboard' },
  { href: '/console/cases', label: 'Cases' },
  { href: '/console/verifications', label: 'Verifications' },
  { href: '/console/appeals', label: 'Appeals' },
  { href: '/console/sweeps', label: 'Sweeps' },
  { href: '/console/compare', label: 'Compare' },
] as const

function Console({ reviewer, onSignedOut }: { readonly reviewer: Reviewer; readonly onSignedOut: () => void }) {
  const { path } = useLocation()
  const search = useRef<HTMLInputElement>(null)
  const [help, setHelp] = useState(false)
  useShortcuts(GLOBAL_SHORTCUTS, {
    'g d': () => navigate('/console'),
    'g a': () => navigate('/console/appeals'),
    'g c': () => navigate('/console/cases'),
    'g v': () => navigate('/console/verifications'),
    'g s': () => navigate('/console/sweeps'),
    '/': () => search.current?.focus(),
    '?': () => setHelp((h) => !h),
  })
  const signOut = async () => {
    try {
      await consoleApi.signOut()
    } finally {
      // Signed out or not (the server away), the page asks who is there again.
      navigate('/console', { replace: true })
      onSignedOut()
    }
  }
  const open = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const id = new FormData(e.currentTarget).get('account')
    if (typeof id === 'string' && id.trim() !== '') navigate(`/console/accounts/${encodeURIComponent(id.trim())}`)
  }
  const current = (href: string) =>
    href === '/console' ? path === '/console' || path === '/console/' : path.startsWith(href)
  return (
    <>
      <a className="skip" href="#main">
        Skip to the page
      </a>
      <header className="topbar">
        <span className="brand">oneseller</span>
        <nav aria-label="Console">
          {NAV.map((n) => (
            <Link key={n.href} href={n.href} aria-current={current(n.href) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <form className="open-account" onSubmit={open} aria-label="Open an account">
          <label htmlFor="open-account">Account</label>
          <input id="open-account" name="account" ref={search} placeholder="account id  ( / )" autoComplete="off" />
          <button type="submit">Open</button>
        </form>
        <span className="who">
          {reviewer.name} <span className="role">{reviewer.role}</span>
        </span>
        <button type="button" className="link" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" className="page">
        <Route path={path} reviewer={reviewer} />
      </main>
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </>
  )
}

function Route({ path, reviewer }: { readonly path: string; readonly reviewer: Reviewer }) {
  const account = /^\/console\/accounts\/([^/]+)\/?$/.exec(path)
  if (account?.[1] !== undefined) {
    const id = decodeURIComponent(account[1])
    return <AccountPage key={id} id={id} />
  }
  if (path.startsWith('/console/cases')) return <CasesPage reviewer={reviewer} />
  if (path.startsWith('/console/verifications')) return <VerificationPage reviewer={reviewer} />
  if (path.startsWith('/console/appeals')) return <AppealsPage reviewer={reviewer} />
  if (path.startsWith('/console/sweeps')) return <SweepsPage reviewer={reviewer} />
  if (path.startsWith('/console/compare')) return <ComparePage />
  if (path === '/console' || path === '/console/') return <Dashboard />
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at {path}. <Link href="/console">Back to the dashboard</Link>.
      </p>
    </section>
  )
}
