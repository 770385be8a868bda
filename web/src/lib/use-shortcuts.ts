import { useEffect, useRef } from 'react'
import { matchShortcut, type Shortcut } from './shortcuts.ts'

/** Inputs that take no typed text: a letter pressed on a ticked box is still a shortcut. */
const KEYLESS_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'])

/** Whether keys pressed on this element are typing: text fields, text areas, lists (type-ahead), editable content. */
function isTypingTarget(target: HTMLElement | null): boolean {
  if (target === null) return false
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true
  return target.tagName === 'INPUT' && !KEYLESS_INPUTS.has((target as HTMLInputElement).type)
}

/** How long the second key of a sequence ("g" then "a") may wait. */
const SEQUENCE_MS = 1200

/** Runs the handler of a shortcut when it is pressed; `shortcuts` lists what the page offers (and documents). */
export function useShortcuts(shortcuts: readonly Shortcut[], handlers: Readonly<Record<string, () => void>>): void {
  const latest = useRef(handlers)
  latest.current = handlers
  useEffect(() => {
    let pending: string | undefined
    let timer: number | undefined
    const onKey = (e: KeyboardEvent) => {
      const inField = isTypingTarget(e.target as HTMLElement | null)
      const hit = matchShortcut(
        shortcuts,
        { key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, inField },
        pending,
      )
      window.clearTimeout(timer)
      pending = undefined
      if (hit === undefined) return
      if (hit === 'pending') {
        pending = e.key
        timer = window.setTimeout(() => {
          pending = undefined
        }, SEQUENCE_MS)
        return
      }
      const run = latest.current[hit]
      if (run === undefined) return
      e.preventDefault()
      run()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.clearTimeout(timer)
    }
  }, [shortcuts])
}
