// Keyboard shortcuts: single keys, and two-key sequences starting with "g" (go to). Pure matching, tested.

/** A key press as the matcher reads it. */
export interface KeyPress {
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
  /** The press happened while typing in a field: only shortcuts with a modifier apply. */
  readonly inField: boolean
}

export interface Shortcut {
  /** "u", "?", "g a", "Mod+Enter" (Ctrl or ⌘). */
  readonly keys: string
  readonly label: string
}

/**
 * Which shortcut a press completes, given the previous press when it was the start of a sequence ("g"). Returns the
 * shortcut's keys, "pending" when the press starts a sequence, or undefined.
 */
export function matchShortcut(
  shortcuts: readonly Shortcut[],
  press: KeyPress,
  pending: string | undefined,
): string | 'pending' | undefined {
  const mod = press.ctrlKey || press.metaKey
  if (mod && press.key === 'Enter') return shortcuts.some((s) => s.keys === 'Mod+Enter') ? 'Mod+Enter' : undefined
  if (press.key === 'Escape') return shortcuts.some((s) => s.keys === 'Escape') ? 'Escape' : undefined
  if (press.inField || mod || press.altKey) return undefined
  if (pending !== undefined) {
    const seq = `${pending} ${press.key}`
    return shortcuts.some((s) => s.keys === seq) ? seq : undefined
  }
  if (shortcuts.some((s) => s.keys.startsWith(`${press.key} `))) return 'pending'
  return shortcuts.some((s) => s.keys === press.key) ? press.key : undefined
}

/** The shortcuts every console page has. */
export const GLOBAL_SHORTCUTS: readonly Shortcut[] = [
  { keys: 'g d', label: 'go to the dashboard' },
  { keys: 'g c', label: 'go to the cases' },
  { keys: 'g v', label: 'go to the verification review queue' },
  { keys: 'g a', label: 'go to the appeals queue' },
  { keys: 'g s', label: 'go to sweeps' },
  { keys: '/', label: 'open an account by id' },
  { keys: '?', label: 'show or hide the keyboard shortcuts' },
]
