import type { FormEvent } from 'react'
import { consoleApi } from '../../api/console.ts'
import { words } from '../../lib/format.ts'
import { Link, navigate, useLocation } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { LinkEvidence } from '../cluster/EvidencePanel.tsx'
import { Failed } from '../console/Failed.tsx'
import { alignDeclarations, sharedIdentifiers } from './compare-model.ts'

/** Two accounts side by side: declarations, shared identifiers, and the evidence linking them. */
export function ComparePage() {
  const { search } = useLocation()
  const a = search.get('a') ?? ''
  const b = search.get('b') ?? ''
  const pick = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const q = new URLSearchParams({ a: String(f.get('a') ?? '').trim(), b: String(f.get('b') ?? '').trim() })
    navigate(`/console/compare?${q}`)
  }
  return (
    <>
      <h1>Compare two accounts</h1>
      <form className="inline" onSubmit={pick} key={`${a}|${b}`}>
        <label htmlFor="compare-a">First account</label>
        <input id="compare-a" name="a" defaultValue={a} required />
        <label htmlFor="compare-b">Second account</label>
        <input id="compare-b" name="b" defaultValue={b} required />
        <button type="submit" className="primary">
          Compare
        </button>
      </form>
      {a !== '' && b !== '' && <Comparison a={a} b={b} />}
    </>
  )
}

function Comparison({ a, b }: { readonly a: string; readonly b: string }) {
  const [data] = useLoad(async () => {
    const [x, y, explained] = await Promise.all([
      consoleApi.account(a),
      consoleApi.account(b),
      consoleApi.explain(a, b),
    ])
    return { x, y, explained }
  }, [a, b])
  if (data.state === 'loading') return <p className="loading">Loading both accounts…</p>
  if (data.state === 'failed') return <Failed error={data.error} />
  const { x, y, explained } = data.value
  const rows = alignDeclarations(x, y)
  const shared = sharedIdentifiers(x, y)
  return (
    <>
      <table className="list compare">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">
              <Link href={`/console/accounts/${encodeURIComponent(x.id)}`}>{x.id}</Link>{' '}
              <span className={`badge status-${x.status}`}>{x.status}</span>
            </th>
            <th scope="col">
              <Link href={`/console/accounts/${encodeURIComponent(y.id)}`}>{y.id}</Link>{' '}
              <span className={`badge status-${y.status}`}>{y.status}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">marketplace · kind</th>
            <td>
              {x.marketplace ?? '—'} · {x.kind ?? '—'}
            </td>
            <td>
              {y.marketplace ?? '—'} · {y.kind ?? '—'}
            </td>
          </tr>
          {rows.map((r) => (
            <tr key={r.path} className={r.same ? 'same' : undefined}>
              <th scope="row">
                {r.path}
                {r.same && <span className="sr-only"> (the same)</span>}
              </th>
              <td className="value">{r.a ?? '—'}</td>
              <td className="value">{r.b ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="shared-title">
        <h2 id="shared-title">Identifiers both hold</h2>
        {shared.length === 0 ? (
          <p>None: they share no normalised identifier.</p>
        ) : (
          <ul className="plain">
            {shared.map((s) => (
              <li key={`${s.kind}:${s.key}`}>
                <strong>{words(s.kind)}</strong> <span className="mono">{s.key}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="link-title">
        <h2 id="link-title">Linkage</h2>
        {explained.linked ? (
          <>
            <p>
              Linked in the latest run through {explained.path.length} link{explained.path.length === 1 ? '' : 's'}.
            </p>
            {explained.path.map((l) => (
              <LinkEvidence key={`${l.a}|${l.b}`} link={l} />
            ))}
          </>
        ) : (
          <p>Not linked in the latest linkage run.</p>
        )}
      </section>
    </>
  )
}
