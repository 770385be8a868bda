// The cluster drawn with cytoscape, loaded on demand (its own chunk). Clicking an edge selects the link; clicking a
// node selects the account.
import type { Core } from 'cytoscape'
import { useEffect, useRef, useState } from 'react'
import type { GraphEdge, GraphNode } from './cluster-model.ts'

/**
 * Up to this many accounts, the cluster is drawn as a tree from the account open (its links first, then theirs);
 * beyond, the rows of a tree grow too wide to read, and the members go on concentric rings.
 */
const TREE_LAYOUT_MAX_NODES = 80

/**
 * Cytoscape adds a <style> element for its container unless one with this id exists; the page's CSP allows no inline
 * style, and styles.css gives the container the rule instead, so a placeholder stands in for it.
 */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet'

export interface GraphProps {
  readonly nodes: readonly GraphNode[]
  readonly edges: readonly GraphEdge[]
  readonly selectedEdge: string | null
  readonly onEdge: (edge: GraphEdge) => void
  readonly onNode: (id: string) => void
}

export function ClusterGraph({ nodes, edges, selectedEdge, onEdge, onNode }: GraphProps) {
  const container = useRef<HTMLDivElement>(null)
  const cy = useRef<Core | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Busy until cytoscape has drawn the graph once: before that a click finds nothing under it.
  const [drawn, setDrawn] = useState(false)
  const handlers = useRef({ onEdge, onNode })
  handlers.current = { onEdge, onNode }

  useEffect(() => {
    let disposed = false
    const byId = new Map(edges.map((e) => [e.id, e]))
    import('cytoscape')
      .then(({ default: cytoscape }) => {
        if (disposed || container.current === null) return
        if (document.getElementById(CYTOSCAPE_STYLESHEET_ID) === null) {
          const placeholder = document.createElement('meta')
          placeholder.id = CYTOSCAPE_STYLESHEET_ID
          document.head.appendChild(placeholder)
        }
        const instance = cytoscape({
          container: container.current,
          elements: [
            ...nodes.map((n) => ({ group: 'nodes' as const, data: { ...n } })),
            ...edges.map((e) => ({ group: 'edges' as const, data: { ...e, kinds: [...e.kinds] } })),
          ],
          layout:
            nodes.length <= TREE_LAYOUT_MAX_NODES
              ? {
                  name: 'breadthfirst',
                  roots: nodes.filter((n) => n.focus).map((n) => n.id),
                  directed: false,
                  spacingFactor: 1.1,
                  padding: 24,
                  animate: false,
                }
              : { name: 'concentric', animate: false, minNodeSpacing: 12, padding: 24 },
          style: [
            {
              selector: 'node',
              style: {
                'background-color': 'data(colour)',
                label: 'data(label)',
                color: '#111827',
                'font-size': 11,
                'text-valign': 'bottom',
                'text-margin-y': 4,
                width: 22,
                height: 22,
              },
            },
            {
              selector: 'node[?focus]',
              style: { 'border-width': 4, 'border-color': '#111827', width: 30, height: 30 },
            },
            {
              selector: 'edge',
              style: {
                width: 'data(width)',
                'line-color': '#94a3b8',
                label: 'data(label)',
                'font-size': 9,
                color: '#1f2937',
                'text-background-color': '#ffffff',
                'text-background-opacity': 0.85,
                'text-background-padding': '2px',
                'text-rotation': 'autorotate',
                'text-wrap': 'ellipsis',
                'text-max-width': '150px',
                'min-zoomed-font-size': 7,
                'curve-style': 'bezier',
              },
            },
            { selector: 'edge:selected', style: { 'line-color': '#1d4ed8', color: '#1d4ed8' } },
          ],
          wheelSensitivity: 0.3,
          selectionType: 'single',
        })
        instance.on('tap', 'edge', (evt) => {
          const edge = byId.get(evt.target.id() as string)
          if (edge !== undefined) handlers.current.onEdge(edge)
        })
        instance.on('tap', 'node', (evt) => handlers.current.onNode(evt.target.id() as string))
        instance.one('render', () => setDrawn(true))
        cy.current = instance
      })
      .catch((e: unknown) => setError(`the graph cannot be drawn: ${e instanceof Error ? e.message : String(e)}`))
    return () => {
      disposed = true
      setDrawn(false)
      cy.current?.destroy()
      cy.current = null
    }
  }, [nodes, edges])

  useEffect(() => {
    const instance = cy.current
    if (instance === null) return
    instance.edges().unselect()
    if (selectedEdge !== null) instance.getElementById(selectedEdge).select()
  }, [selectedEdge])

  if (error !== null) return <p className="error">{error}</p>
  return (
    <div
      ref={container}
      className="graph"
      role="img"
      aria-label={`Graph of ${nodes.length} accounts and ${edges.length} links; the table below lists the same links`}
      aria-busy={!drawn}
      data-nodes={nodes.length}
      data-edges={edges.length}
    />
  )
}
