// A small history router: the app's pages are few, and the URL is the state a reviewer shares.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react'

const CHANGE = 'oneseller:navigate'

/** The current location (path and query), re-rendering on navigation and on the browser's back and forward. */
export function useLocation(): { readonly path: string; readonly search: URLSearchParams } {
  const [, setTick] = useState(0)
  useEffect(() => {
    const bump = () => setTick((n) => n + 1)
    window.addEventListener('popstate', bump)
    window.addEventListener(CHANGE, bump)
    return () => {
      window.removeEventListener('popstate', bump)
      window.removeEventListener(CHANGE, bump)
    }
  }, [])
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) }
}

export function navigate(to: string, opts: { readonly replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(CHANGE))
  window.scrollTo(0, 0)
}

/** An anchor that navigates inside the app (a modified click opens a new tab as usual). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { readonly href: string }) {
  const { onClick, ...rest } = props
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    e.preventDefault()
    navigate(props.href)
  }
  return <a {...rest} href={props.href} onClick={go} />
}
