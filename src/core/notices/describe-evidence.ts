import { FEATURE_CATALOGUE } from '../features/index.ts'
import {
  type EvidenceWording,
  entryOf,
  type FeatureSentence,
  humanise,
  oneLine,
  valueInWords,
} from './evidence-wording.ts'

/** A notice lists the strongest links; the others are counted, so that a large cluster does not flood the mail. */
export const MAX_LINKS_SHOWN = 5

/** Ids shorter than this would be mostly shown even masked: they are not shown at all. */
const MIN_MASKABLE = 10

const CATALOGUE_ORDER = new Map(FEATURE_CATALOGUE.map((f, i) => [f.name, i]))

/**
 * Another account's id as a notice may show it: the linked accounts are other people's, so at most a quarter of the
 * id from each end (`acct_1f9a2b7f3` → `acc…7f3`), enough for a seller to recognise an account of their own and not
 * enough to name a stranger's. Undefined for ids too short to mask.
 */
export function maskAccountId(id: string): string | undefined {
  const chars = [...oneLine(id)]
  if (chars.length < MIN_MASKABLE) return undefined
  const quarter = Math.floor(chars.length / 4)
  return `${chars.slice(0, Math.min(4, quarter)).join('')}…${chars.slice(-Math.min(3, quarter)).join('')}`
}

/**
 * The features a decision read, as sentences about the seller's account, in catalogue order (unknown features last,
 * by name, in a neutral sentence). Sentences that say the same thing twice are said once.
 */
export function describeFeatures(features: Readonly<Record<string, unknown>>, w: EvidenceWording): string[] {
  const names = Object.keys(features).sort(
    (a, b) =>
      (CATALOGUE_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER) - (CATALOGUE_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER) ||
      (a < b ? -1 : a > b ? 1 : 0),
  )
  const sentences: string[] = []
  for (const name of names) {
    const value = features[name]
    const known = entryOf<FeatureSentence>(w.features, name)
    const sentence = known?.(value) ?? w.unknownFeature(humanise(name), valueInWords(value, w))
    if (!sentences.includes(sentence)) sentences.push(sentence)
  }
  return sentences
}

/**
 * The links a decision relied on, strongest first: what the seller's account has in common with each other account
 * (the kind of value, never the value), the other account masked; links past {@link MAX_LINKS_SHOWN} are counted.
 */
export function describeLinks(
  links: readonly { readonly other: string; readonly score: number; readonly shared: readonly string[] }[],
  w: EvidenceWording,
): string[] {
  const score = (s: number) => (Number.isFinite(s) ? s : 0)
  const ordered = [...links].sort((a, b) => score(b.score) - score(a.score))
  const sentences = ordered.slice(0, MAX_LINKS_SHOWN).map((link) => {
    const phrases: string[] = []
    for (const kind of link.shared) {
      const phrase = entryOf<string>(w.shared, kind) ?? w.unknownShared
      if (!phrases.includes(phrase)) phrases.push(phrase)
    }
    return w.link(phrases.length === 0 ? [w.unknownShared] : phrases, maskAccountId(link.other))
  })
  if (ordered.length > MAX_LINKS_SHOWN) sentences.push(w.moreLinks(ordered.length - MAX_LINKS_SHOWN))
  return sentences
}

/** The reason code of an action in words: the catalogue's sentence, or the code read as words. */
export function describeReason(reason: string, w: EvidenceWording): string {
  return entryOf(w.reasons, reason) ?? w.unknownReason(humanise(reason))
}
