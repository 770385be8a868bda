import { consoleApi } from '../../api/console.ts'
import type { Link as WireLink } from '../../api/types.ts'
import { words } from '../../lib/format.ts'
import { Link } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { Failed } from '../console/Failed.tsx'
import { evidenceRows } from './cluster-model.ts'

/** Why two accounts are linked: the path between them with the evidence of each link (GET /v1/links/a/b/explain). */
export function EvidencePanel({
  a,
  b,
  onClose,
}: {
  readonly a: string
  readonly b: string
  readonly onClose: () => void
}) {
  const [explained] = useLoad(() => consoleApi.explain(a, b), [a, b])
  const compare = `/console/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`
  return (
    <section className="evidence" aria-labelledby="evidence-title" aria-live="polite">
      <header>
        <h3 id="evidence-title">
          Evidence: {a} — {b}
        </h3>
        <Link href={compare}>Compare side by side</Link>
        <button type="button" onClick={onClose} aria-label="Close the evidence">
          Close
        </button>
      </header>
      {explained.state === 'loading' && <p className="loading">Loading the evidence…</p>}
      {explained.state === 'failed' && <Failed error={explained.error} />}
      {explained.state === 'ready' &&
        (explained.value.linked ? (
          explained.value.path.map((link) => <LinkEvidence key={`${link.a}|${link.b}`} link={link} />)
        ) : (
          <p>These accounts are not linked in the latest linkage run.</p>
        ))}
    </section>
  )
}

export function LinkEvidence({ link }: { readonly link: WireLink }) {
  return (
    <table className="list evidence-table">
      <caption>
        {link.a} — {link.b}: score {link.score.toFixed(1)} bits
      </caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Class</th>
          <th scope="col">Shared value</th>
          <th scope="col" className="num">
            Held by
          </th>
          <th scope="col" className="num">
            Weight
          </th>
          <th scope="col">Why it weighs so</th>
        </tr>
      </thead>
      <tbody>
        {evidenceRows(link.evidence).map((e) => (
          <tr key={`${e.kind}\u0000${e.value}`} className={e.weight <= 0 ? 'muted' : undefined}>
            <td>{words(e.kind)}</td>
            <td>{e.class}</td>
            <td className="value">{e.value}</td>
            <td className="num">{e.sharedBy}</td>
            <td className="num">{e.weight.toFixed(1)}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
