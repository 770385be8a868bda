import { EVIDENCE_KINDS, type EvidenceKind } from './evidence-kinds.ts'
import type { Evidence } from './pair-evidence.ts'

/** Every evidence kind in a fixed order: bit i of a kind mask stands for LINK_EVIDENCE_KINDS[i]. */
export const LINK_EVIDENCE_KINDS: readonly EvidenceKind[] = Object.keys(EVIDENCE_KINDS) as EvidenceKind[]
// A mask is a 32-bit unsigned integer (Uint32Array columns of a million links): one more kind needs a wider column.
if (LINK_EVIDENCE_KINDS.length > 32) throw new Error('more than 32 evidence kinds: widen the link kind masks')

const KIND_BIT = new Map<string, number>(LINK_EVIDENCE_KINDS.map((k, i) => [k, 2 ** i]))

const maskOf = (keep: (k: EvidenceKind) => boolean) =>
  LINK_EVIDENCE_KINDS.reduce((m, k, i) => (keep(k) ? m + 2 ** i : m), 0)

/** Kinds of personal evidence: a link with one of them rests on more than circumstance or content. */
export const PERSONAL_KINDS_MASK = maskOf((k) => EVIDENCE_KINDS[k].class === 'personal')
/** Listing content: titles and photos (a copied catalogue, or near-duplicate listings). */
export const LISTING_CONTENT_MASK = maskOf((k) => k === 'listing_title' || k === 'listing_image')

/**
 * The kinds of the evidence that weighed in a link (weight above 0), each once, in the evidence's order. A stored link
 * also keeps personal evidence that added nothing (a stronger value of its group counted, or it is shared by
 * design): that is shown when explaining, but a link does not rest on it.
 */
export function weighedKinds(evidence: readonly Pick<Evidence, 'kind' | 'weight'>[]): EvidenceKind[] {
  const kinds: EvidenceKind[] = []
  for (const e of evidence) if (e.weight > 0 && !kinds.includes(e.kind)) kinds.push(e.kind)
  return kinds
}

/** The stored form of a link's kinds (`links.kinds`): space-separated. */
export function encodeLinkKinds(kinds: readonly EvidenceKind[]): string {
  return kinds.join(' ')
}

/** The mask of stored kinds (space-separated, as {@link encodeLinkKinds} writes); unknown kinds are ignored. */
export function linkKindMask(text: string): number {
  if (text === '') return 0
  let mask = 0
  for (const k of text.split(' ')) mask |= KIND_BIT.get(k) ?? 0
  return mask >>> 0
}

/** The mask of a list of kinds. */
export function kindMaskOf(kinds: readonly EvidenceKind[]): number {
  let mask = 0
  for (const k of kinds) mask |= KIND_BIT.get(k) ?? 0
  return mask >>> 0
}

/** The kinds of a mask, in {@link LINK_EVIDENCE_KINDS} order. */
export function kindsOfMask(mask: number): EvidenceKind[] {
  const kinds: EvidenceKind[] = []
  for (let i = 0; i < LINK_EVIDENCE_KINDS.length; i++) if ((mask >>> i) & 1) kinds.push(LINK_EVIDENCE_KINDS[i]!)
  return kinds
}

/** True when a link's kinds include personal evidence (see {@link PERSONAL_KINDS_MASK}). */
export function isStrongLink(mask: number): boolean {
  return (mask & PERSONAL_KINDS_MASK) !== 0
}

/** True when a link's kinds include listing content. */
export function hasListingContent(mask: number): boolean {
  return (mask & LISTING_CONTENT_MASK) !== 0
}
