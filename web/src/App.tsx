// The two ways into the app: reviewers at /console, sellers at /portal. Each is its own chunk: a seller's browser
// never loads the console.
import { lazy, Suspense } from 'react'
import { useLocation } from './lib/router.tsx'

const ConsoleApp = lazy(() => import('./features/console/ConsoleApp.tsx'))
const PortalApp = lazy(() => import('./features/portal/PortalApp.tsx'))

export function App() {
  const { path } = useLocation()
  const portal = path === '/portal' || path.startsWith('/portal/')
  return <Suspense fallback={<p className="loading">Loading…</p>}>{portal ? <PortalApp /> : <ConsoleApp />}</Suspense>
}
