// The cluster as a graph: accounts as nodes coloured by status, links as edges labelled with the evidence kinds that
// weighed and the link's score. Pure; ClusterGraph hands the elements to cytoscape.
import type { ClusterMember, Evidence, Link } from '../../api/types.ts'

/** Colours of statuses, chosen to read on white and to stay apart for the common kinds of colour blindness. */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  active: '#1b7f3b',
  reinstated: '#0e7490',
  suspended: '#c2410c',
  deactivated: '#9f1239',
}
export const UNKNOWN_STATUS_COLOUR = '#6b7280'

export interface GraphNode {
  readonly id: string
  readonly label: string
  readonly status: string
  readonly colour: string
  readonly focus: boolean
}

export interface GraphEdge {
  readonly id: string
  readonly source: string
  readonly target: string
  /** "bank account, device · 31.2 bits" */
  readonly label: string
  readonly score: number
  /** Line width in pixels, 1 to 8 with the score. */
  readonly width: number
  readonly kinds: readonly string[]
}

/** The kinds of evidence that weighed (weight above zero), strongest first, each once. */
export function weighingKinds(evidence: readonly Evidence[]): string[] {
  const kinds: string[] = []
  for (const e of [...evidence].sort((x, y) => y.weight - x.weight)) {
    if (e.weight > 0 && !kinds.includes(e.kind)) kinds.push(e.kind)
  }
  return kinds
}

export function edgeId(a: string, b: string): string {
  return JSON.stringify([a, b])
}

/** Nodes and edges of a cluster; a link to an account not among the members drawn is left out. */
export function clusterElements(
  focus: string,
  members: readonly ClusterMember[],
  links: readonly Link[],
): { readonly nodes: GraphNode[]; readonly edges: GraphEdge[] } {
  const nodes = members.map((m) => ({
    id: m.id,
    label: m.id,
    status: m.status,
    colour: STATUS_COLOURS[m.status] ?? UNKNOWN_STATUS_COLOUR,
    focus: m.id === focus,
  }))
  const drawn = new Set(members.map((m) => m.id))
  const inside = links.filter((l) => drawn.has(l.a) && drawn.has(l.b))
  const maxScore = Math.max(1, ...inside.map((l) => l.score))
  const edges = inside.map((l) => {
    const kinds = weighingKinds(l.evidence)
    return {
      id: edgeId(l.a, l.b),
      source: l.a,
      target: l.b,
      label: edgeLabel(kinds, l.score),
      score: l.score,
      width: 1 + Math.round((7 * Math.max(0, l.score)) / maxScore),
      kinds,
    }
  })
  return { nodes, edges }
}

/** Kinds named on an edge; the rest are counted ("+2"): the evidence panel lists them all. */
const KINDS_ON_EDGE = 2

/**
 * "31.2 · bank account, device +1": the link's score in bits, then the strongest kinds that weighed (the score first:
 * a long label is cut at its end).
 */
export function edgeLabel(kinds: readonly string[], score: number): string {
  const named = kinds.slice(0, KINDS_ON_EDGE).map((k) => k.replaceAll('_', ' '))
  const more = kinds.length > KINDS_ON_EDGE ? ` +${kinds.length - KINDS_ON_EDGE}` : ''
  return `${score.toFixed(1)} · ${named.join(', ') || 'no weighing evidence'}${more}`
}

/** Evidence as a reviewer reads it: the strongest first. */
export function evidenceRows(evidence: readonly Evidence[]): Evidence[] {
  return [...evidence].sort((a, b) => b.weight - a.weight)
}
