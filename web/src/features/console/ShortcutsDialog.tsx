import { useEffect, useRef } from 'react'
import { GLOBAL_SHORTCUTS, type Shortcut } from '../../lib/shortcuts.ts'
import { APPEAL_COMMANDS } from '../appeals/appeal-commands.ts'
import { CASE_SHORTCUTS } from '../cases/case-model.ts'

/** Every shortcut of the console, as the pages document them. */
export function ShortcutsDialog({ onClose }: { readonly onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog !== null && !dialog.open) dialog.showModal()
  }, [])
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="shortcuts-title" className="dialog">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <ShortcutTable title="Everywhere" shortcuts={GLOBAL_SHORTCUTS} />
      <ShortcutTable title="Cases" shortcuts={CASE_SHORTCUTS} />
      <ShortcutTable title="Appeals queue" shortcuts={APPEAL_COMMANDS} />
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  )
}

export function ShortcutTable({
  title,
  shortcuts,
}: {
  readonly title: string
  readonly shortcuts: readonly Shortcut[]
}) {
  return (
    <table className="shortcuts">
      <caption>{title}</caption>
      <tbody>
        {shortcuts.map((s) => (
          <tr key={s.keys}>
            <th scope="row">
              {s.keys.split(' ').map((k) => (
                <kbd key={k}>{k === 'Mod+Enter' ? 'Ctrl+Enter' : k}</kbd>
              ))}
            </th>
            <td>{s.label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
