import { useMemo, useState } from 'react'
import { consoleApi } from '../../api/console.ts'
import { ApiError } from '../../api/http.ts'
import { formatCount } from '../../lib/format.ts'
import { Link, navigate } from '../../lib/router.tsx'
import { useLoad } from '../../lib/use-load.ts'
import { Failed } from '../console/Failed.tsx'
import { ClusterGraph } from './ClusterGraph.tsx'
import { clusterElements, type GraphEdge, STATUS_COLOURS } from './cluster-model.ts'
import { EvidencePanel } from './EvidencePanel.tsx'

/** Members and links drawn at most: a larger cluster is listed in part (the API pages the rest). */
const MAX_MEMBERS = 300
const MAX_LINKS = 1000

/** The account's cluster: the graph, its links as a table (the same, for keyboards and screen readers), evidence. */
export function ClusterSection({ account }: { readonly account: string }) {
  const [loaded] = useLoad(async () => {
    try {
      const [cluster, members, links] = await Promise.all([
        consoleApi.cluster(account),
        consoleApi.clusterMembers(account, MAX_MEMBERS),
        consoleApi.clusterLinks(account, MAX_LINKS),
      ])
      return { cluster, members: members.members, links: links.links }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null
      throw e
    }
  }, [account])
  const [selected, setSelected] = useState<{ a: string; b: string } | null>(null)
  const elements = useMemo(
    () =>
      loaded.state === 'ready' && loaded.value !== null
        ? clusterElements(account, loaded.value.members, loaded.value.links)
        : null,
    [loaded, account],
  )
  const selectEdge = (e: GraphEdge) => setSelected({ a: e.source, b: e.target })
  const openNode = (id: string) => {
    if (id !== account) navigate(`/console/accounts/${encodeURIComponent(id)}`)
  }

  return (
    <section aria-labelledby="cluster-title" className="cluster">
      <h2 id="cluster-title">Cluster</h2>
      {loaded.state === 'loading' && <p className="loading">Loading the cluster…</p>}
      {loaded.state === 'failed' && <Failed error={loaded.error} />}
      {loaded.state === 'ready' && loaded.value === null && (
        <p>This account is in no cluster of the latest linkage run (run “oneseller link”).</p>
      )}
      {loaded.state === 'ready' && loaded.value !== null && elements !== null && (
        <>
          <p>
            {loaded.value.cluster.size === 1
              ? 'This account is linked to no other account.'
              : `${formatCount(loaded.value.cluster.size)} accounts, ${formatCount(loaded.value.cluster.linkCount)} links.`}{' '}
            {loaded.value.cluster.size > MAX_MEMBERS && `The first ${MAX_MEMBERS} members by id are drawn.`} Click a
            link to see its evidence; click an account to open it.
          </p>
          <Legend />
          {elements.nodes.length > 1 && (
            <ClusterGraph
              nodes={elements.nodes}
              edges={elements.edges}
              selectedEdge={selected === null ? null : JSON.stringify([selected.a, selected.b])}
              onEdge={selectEdge}
              onNode={openNode}
            />
          )}
          {selected !== null && <EvidencePanel a={selected.a} b={selected.b} onClose={() => setSelected(null)} />}
          {elements.edges.length > 0 && (
            <details className="links-table">
              <summary>Links as a table ({elements.edges.length})</summary>
              <table className="list">
                <thead>
                  <tr>
                    <th scope="col">Accounts</th>
                    <th scope="col">Shared</th>
                    <th scope="col" className="num">
                      Score
                    </th>
                    <th scope="col">
                      <span className="sr-only">Evidence</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {elements.edges.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Link href={`/console/accounts/${encodeURIComponent(e.source)}`}>{e.source}</Link> —{' '}
                        <Link href={`/console/accounts/${encodeURIComponent(e.target)}`}>{e.target}</Link>
                      </td>
                      <td>{e.kinds.join(', ')}</td>
                      <td className="num">{e.score.toFixed(1)}</td>
                      <td>
                        <button type="button" onClick={() => selectEdge(e)}>
                          Evidence
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </>
      )}
    </section>
  )
}

function Legend() {
  return (
    <ul className="legend" aria-label="Node colours by status">
      {Object.keys(STATUS_COLOURS).map((s) => (
        <li key={s}>
          <span className={`swatch status-${s}`} aria-hidden="true" /> {s}
        </li>
      ))}
    </ul>
  )
}
