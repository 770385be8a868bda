import { compareNames } from '../identifiers/index.ts'
import type { EvidenceIndex } from './evidence-index.ts'
import { EVIDENCE_KINDS, type EvidenceClass, type EvidenceKind, groupBit } from './evidence-kinds.ts'
import { cachedCoherence, effectiveDegree, exclusiveDegree } from './key-coherence.ts'
import { closestHashes, cosine } from './near-match-bands.ts'
import { nearDuplicateTitles } from './title-bands.ts'
import {
  CLOSE_IN_TIME_DAYS,
  farApart,
  type LinkageWeights,
  timeBits,
  timedValueWeight,
  valueWeight,
} from './weights.ts'

/** One piece of evidence between two accounts: what they share, how many accounts share it, what it weighs and why. */
export interface Evidence {
  readonly kind: EvidenceKind
  readonly class: EvidenceClass
  /** The shared value as normalised (for images and faces: the closest pair and how close). */
  readonly value: string
  /** How many accounts hold this value (for near matches: accounts in the same band). */
  readonly sharedBy: number
  /** Bits it adds to the pair's score (0 when a stronger value of its group already counted). */
  readonly weight: number
  readonly reason: string
  /** For listing photos: how many distinct photos matched. */
  readonly items?: number
  /**
   * For values compared in time (an IP, a network, a device, a phone): how many whole days apart the two accounts
   * used it (0 when their uses overlap or meet).
   */
  readonly daysApart?: number
}

export interface PairEvidence {
  readonly a: number
  readonly b: number
  readonly score: number
  readonly evidence: readonly Evidence[]
}

/** Two document images this many bits apart or fewer are the same image (re-scanned, re-encoded). */
export const SAME_IMAGE_MAX_BITS = 3
/**
 * A listing photo or title seen in more shops than this is a manufacturer's stock photo or a common product that
 * honest resellers share; only content (nearly) unique to a few shops points to one operator's own catalogue.
 */
export const OWN_CONTENT_MAX_SHOPS = 4
/** Two face descriptors at least this close (cosine) are taken to be one person. */
export const SAME_FACE_MIN_COSINE = 0.9
/** Two representatives born on one day whose names are at least this similar (compareNames) are taken to be one. */
export const SAME_PERSON_MIN_SIMILARITY = 0.93
/**
 * A name or document number typed differently is weaker evidence than the same value: strangers with similar values
 * are more common than with one value (the u-probability of a close agreement is higher), so a close match weighs
 * this many bits less.
 */
export const CLOSE_NAME_PENALTY_BITS = 2

/** Compares two accounts of the index: every shared value and near match, weighed, and the pair's score. */
export function comparePair(index: EvidenceIndex, w: LinkageWeights, a: number, b: number): PairEvidence {
  return compare(index, w, { a, b }, false)
}

/**
 * {@link comparePair} for passes that only weigh: leaves out what weighs nothing whatever the weights — listing
 * photos and titles met through bands held by more than OWN_CONTENT_MAX_SHOPS shops (stock photos, common products),
 * which would cost the matching of two shops' catalogues to say so — and gives as evidence only what counted in the
 * score, in no particular order. The score is the same; only the explanation is shorter.
 */
export function weighPair(index: EvidenceIndex, w: LinkageWeights, a: number, b: number): PairEvidence {
  return compare(index, w, { a, b }, true)
}

function compare(
  index: EvidenceIndex,
  w: LinkageWeights,
  { a, b }: { readonly a: number; readonly b: number },
  weighedOnly: boolean,
): PairEvidence {
  const ka = index.keysOf(a)
  const kb = index.keysOf(b)
  const raw: Evidence[] = []
  /** The near-match band kinds the two share, each with the most accounts one of its shared bands holds. */
  const bands = new Map<string, number>()
  let i = 0
  let j = 0
  while (i < ka.length && j < kb.length) {
    const x = ka[i]!
    const y = kb[j]!
    if (x < y) i++
    else if (x > y) j++
    else {
      const kind = index.kind(x)
      if (kind.startsWith('band_')) bands.set(kind, Math.max(bands.get(kind) ?? 2, index.degree(x)))
      else if (index.comparedInTime(x)) {
        raw.push(exactEvidence(index, w, x, { kind: kind as EvidenceKind, daysApart: index.daysApart(a, i, b, j) }))
      } else raw.push(exactEvidence(index, w, x, { kind: kind as EvidenceKind }))
      i++
      j++
    }
  }
  const documentImages = bands.get('band_document_image')
  if (documentImages !== undefined) raw.push(...documentImageEvidence(index, w, { a, b, sharedBy: documentImages }))
  const faces = bands.get('band_face')
  if (faces !== undefined) raw.push(...faceEvidence(index, w, { a, b, sharedBy: faces }))
  const weighs = (sharedBy: number | undefined): sharedBy is number =>
    sharedBy !== undefined && (!weighedOnly || sharedBy <= OWN_CONTENT_MAX_SHOPS)
  const listingImages = bands.get('band_listing_image')
  if (weighs(listingImages)) raw.push(...listingImageEvidence(index, w, { a, b, sharedBy: listingImages }))
  const titles = bands.get('band_listing_title')
  if (weighs(titles)) raw.push(...listingTitleEvidence(index, w, { a, b, sharedBy: titles }))
  const persons = bands.get('band_person')
  if (persons !== undefined) {
    if (!raw.some((e) => e.kind === 'person_identity'))
      raw.push(...personEvidence(index, w, { a, b, sharedBy: persons }))
    if (!raw.some((e) => EVIDENCE_KINDS[e.kind].group === 'identity_document'))
      raw.push(...documentTypoEvidence(index, w, a, b))
  }
  if ((index.groupMasks[a]! & index.groupMasks[b]! & ADDRESS_GROUP) !== 0 && !raw.some(isAddressMatch)) {
    raw.push(...addressTypoEvidence(index, w, a, b))
  }
  if (weighedOnly) {
    const { score, counted } = weigh(w, raw)
    return { a, b, score, evidence: [...counted] }
  }
  return { a, b, ...scoreEvidence(w, raw) }
}

/** The evidence of one value both accounts hold (for a kind compared in time, how many days apart they used it). */
function exactEvidence(
  index: EvidenceIndex,
  w: LinkageWeights,
  key: number,
  { kind, daysApart }: { readonly kind: EvidenceKind; readonly daysApart?: number },
): Evidence {
  const spec = EVIDENCE_KINDS[kind]
  const cls = index.keyClass(key) ?? spec.class
  const sharedBy = index.degree(key)
  const blocked = index.isBlocked(key)
  const common = cls === 'content' && sharedBy > OWN_CONTENT_MAX_SHOPS
  const coherence = cachedCoherence(index, key)
  const degree = cls === 'personal' ? effectiveDegree(index, key, coherence) : sharedBy
  const weight = blocked || common ? 0 : timedValueWeight(w, kind, { degree, population: index.size, daysApart })
  const reason = blocked
    ? `${spec.label} shared by design (registered agent, PO box, virtual office, carrier NAT, private network): no evidence`
    : common
      ? `same ${spec.label} in ${sharedBy} shops: what many shops sell, no evidence`
      : `same ${spec.label}, held by ${sharedBy} account${sharedBy === 1 ? '' : 's'}${coherence < 1 || degree !== sharedBy ? ` (${Math.round(coherence * 100)}% of them also share other personal values)` : ''}${cls !== spec.class ? '; only part of an identity (strangers can hold it by chance), so it does not link on its own' : ''}${daysApart === undefined ? '' : `; ${describeTime(w, spec.group, daysApart)}`}`
  const value = index.keyText(key)
  if (daysApart === undefined) return { kind, class: cls, value, sharedBy, weight, reason }
  return { kind, class: cls, value, sharedBy, weight, reason, daysApart }
}

/** How far apart in time two accounts used a value, and what that does to its weight, in words. */
function describeTime(w: LinkageWeights, group: string, daysApart: number): string {
  const when =
    daysApart === 0
      ? 'used by both in the same period'
      : daysApart < 730
        ? `used ${daysApart} day${daysApart === 1 ? '' : 's'} apart`
        : `used ${Math.floor(daysApart / 365)} years apart`
  const bits = timeBits(w, group, daysApart)
  if (bits === 0) return when
  return `${when} (${farApart(daysApart) ? `more than ${CLOSE_IN_TIME_DAYS} days apart` : 'close in time'}: ${bits > 0 ? '+' : ''}${bits.toFixed(1)} bits)`
}

/** The two accounts' closest document images: their positions and how many bits apart. */
function closestDocumentImages(index: EvidenceIndex, a: number, b: number) {
  return closestHashes(index.documentHashes[a]!, index.documentHashes[b]!, SAME_IMAGE_MAX_BITS, () =>
    index.documentBandTables(a, b),
  )
}

/**
 * Whether what a near-match band of this kind stands for is near enough in the two accounts to weigh: two faces that
 * are one face, two document images within SAME_IMAGE_MAX_BITS, two representatives born on one day whose names are
 * one name typed differently or whose identity numbers are one keystroke apart. A band shares only part of a
 * descriptor, hash or person (a birth date and an initial), so strangers share one by chance (a pair in a million per
 * face band, more per image band, and every pair born on one day with a common initial), and such pairs grow with
 * the square of the base: the candidate finders bring a pair through these bands only when this holds. True for
 * every other kind.
 */
export function bandMatchHolds(
  index: EvidenceIndex,
  w: LinkageWeights,
): (kind: string, a: number, b: number) => boolean {
  const faceMin = sameFaceMinCosine(w)
  return (kind, a, b) => {
    if (kind === 'band_face') return closestFaces(index, a, b) >= faceMin
    if (kind === 'band_document_image') return closestDocumentImages(index, a, b).distance <= SAME_IMAGE_MAX_BITS
    if (kind === 'band_person') {
      return (
        closestPersons(index, a, b).similarity >= SAME_PERSON_MIN_SIMILARITY || documentTypo(index, a, b) !== undefined
      )
    }
    return true
  }
}

/**
 * Two accounts compared for a near match of one kind, and `sharedBy`: how many accounts are near the value, taken as
 * the most accounts one of the near-match bands of that kind the two share holds (at least 2; an upper bound, so the
 * weight errs low).
 */
interface NearPair {
  readonly a: number
  readonly b: number
  readonly sharedBy: number
}

function documentImageEvidence(index: EvidenceIndex, w: LinkageWeights, { a, b, sharedBy }: NearPair): Evidence[] {
  const near = closestDocumentImages(index, a, b)
  if (near.distance > SAME_IMAGE_MAX_BITS) return []
  const pair = `${index.accounts[a]!.documentImages[near.i]} ~ ${index.accounts[b]!.documentImages[near.j]}`
  const weight = valueWeight(w, 'document_image', exclusiveDegree(sharedBy, index.size) ?? sharedBy, index.size)
  const reason = `the same document image submitted by both (${near.distance} of 64 bits apart), seen on ${sharedBy} accounts`
  return [{ kind: 'document_image', class: 'personal', value: pair, sharedBy, weight, reason }]
}

/** The highest cosine similarity between a face of one account and a face of the other (-1 when one has none). */
export function closestFaces(index: EvidenceIndex, a: number, b: number): number {
  let best = -1
  for (const x of index.accounts[a]!.faces)
    for (const y of index.accounts[b]!.faces) best = Math.max(best, cosine(x, y))
  return best
}

/** The similarity from which two face descriptors are one face, for these weights. */
export function sameFaceMinCosine(w: LinkageWeights): number {
  return w.face?.minCosine ?? SAME_FACE_MIN_COSINE
}

function faceEvidence(index: EvidenceIndex, w: LinkageWeights, { a, b, sharedBy }: NearPair): Evidence[] {
  const best = closestFaces(index, a, b)
  const min = sameFaceMinCosine(w)
  if (best < min) return []
  const exact = valueWeight(w, 'face', exclusiveDegree(sharedBy, index.size) ?? sharedBy, index.size)
  // Below the usual threshold, a face read differently: strangers in this base never come that close, but near it
  // more often than at the top.
  const close = best < SAME_FACE_MIN_COSINE
  const weight = close ? Math.max(0, exact - CLOSE_NAME_PENALTY_BITS) : exact
  const reason = close
    ? `the same face read differently in the two verifications (cosine ${best.toFixed(3)}; strangers in this base at ${w.face!.strangersMedian.toFixed(2)} ± ${w.face!.strangersSpread.toFixed(2)}, one face from ${min.toFixed(2)}), seen on ${sharedBy} accounts`
    : `the same face in both verifications (cosine ${best.toFixed(3)}), seen on ${sharedBy} accounts`
  return [{ kind: 'face', class: 'personal', value: `cosine ${best.toFixed(3)}`, sharedBy, weight, reason }]
}

function listingImageEvidence(index: EvidenceIndex, w: LinkageWeights, { a, b, sharedBy }: NearPair): Evidence[] {
  const items = closestHashes(index.listingHashes[a]!, index.listingHashes[b]!, SAME_IMAGE_MAX_BITS, () =>
    index.listingBandTables(a, b),
  ).matched
  if (items === 0) return []
  if (sharedBy > OWN_CONTENT_MAX_SHOPS) {
    const reason = `${items} listing photo${items === 1 ? '' : 's'} in common, but seen in up to ${sharedBy} shops: stock photos, no evidence`
    return [{ kind: 'listing_image', class: 'content', value: `${items} photos`, sharedBy, weight: 0, reason, items }]
  }
  const each = valueWeight(w, 'listing_image', sharedBy, index.size)
  const reason = `${items} listing photo${items === 1 ? '' : 's'} (near-)identical in both shops and seen in at most ${sharedBy} shops`
  return [
    {
      kind: 'listing_image',
      class: 'content',
      value: `${items} photos`,
      sharedBy,
      weight: each * items,
      reason,
      items,
    },
  ]
}

/**
 * Titles re-listed with a word added, dropped or changed (see title-bands): counted like listing photos, each title
 * of one shop with a near duplicate in the other, and weighed as a title less the close-match penalty (strangers'
 * titles are similar more often than equal).
 */
function listingTitleEvidence(index: EvidenceIndex, w: LinkageWeights, { a, b, sharedBy }: NearPair): Evidence[] {
  const { matched: items, example } = nearDuplicateTitles(index.titleTable(a), index.titleTable(b))
  if (items === 0 || example === undefined) return []
  const value = `${items} title${items === 1 ? '' : 's'}, e.g. "${example[0]}" ~ "${example[1]}"`
  if (sharedBy > OWN_CONTENT_MAX_SHOPS) {
    const reason = `${items} listing title${items === 1 ? '' : 's'} nearly the same, but their words are in up to ${sharedBy} shops' titles: common products, no evidence`
    return [{ kind: 'listing_title', class: 'content', value, sharedBy, weight: 0, reason, items }]
  }
  const each = Math.max(0, valueWeight(w, 'listing_title', sharedBy, index.size) - CLOSE_NAME_PENALTY_BITS)
  const reason = `${items} listing title${items === 1 ? '' : 's'} nearly the same in both shops (a word added, dropped or changed), seen in at most ${sharedBy} shops`
  return [{ kind: 'listing_title', class: 'content', value, sharedBy, weight: each * items, reason, items }]
}

function personIdentities(index: EvidenceIndex, account: number): { name: string; date: string; text: string }[] {
  const out: { name: string; date: string; text: string }[] = []
  for (const k of index.retypedKeys(account)) {
    if (index.kind(k) !== 'person_identity' || index.isBlocked(k)) continue
    const text = index.keyText(k)
    const bar = text.lastIndexOf('|')
    out.push({ name: text.slice(0, bar), date: text.slice(bar + 1), text })
  }
  return out
}

/** The two accounts' representatives born on one day with the most similar names (similarity 0 when none). */
function closestPersons(index: EvidenceIndex, a: number, b: number): { similarity: number; pair: string } {
  let best = 0
  let pair = ''
  for (const x of personIdentities(index, a))
    for (const y of personIdentities(index, b)) {
      if (x.date !== y.date) continue
      const similarity = compareNames(x.name, y.name)
      if (similarity > best) {
        best = similarity
        pair = `${x.text} ~ ${y.text}`
      }
    }
  return { similarity: best, pair }
}

function personEvidence(index: EvidenceIndex, w: LinkageWeights, { a, b, sharedBy }: NearPair): Evidence[] {
  const { similarity: best, pair } = closestPersons(index, a, b)
  if (best < SAME_PERSON_MIN_SIMILARITY) return []
  const weight = Math.max(0, valueWeight(w, 'person_identity', sharedBy, index.size) - CLOSE_NAME_PENALTY_BITS)
  const reason = `the same legal representative, the name typed differently (similarity ${best.toFixed(2)}) and the same birth date, among ${sharedBy} accounts born that day with those initials`
  return [{ kind: 'person_identity', class: 'personal', value: pair, sharedBy, weight, reason }]
}

const IDENTITY_DOCUMENTS: ReadonlySet<string> = new Set(['national_id', 'passport', 'driving_licence'])

/** True when b is a with one character changed, added or dropped, or two neighbours swapped (Damerau). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

/**
 * One representative's identity document typed with one mistake: two accounts whose representatives were born on one
 * day hold document numbers of one kind one edit apart. Born the same day, strangers almost never hold numbers that
 * close; it weighs as the document, less the close-match penalty.
 */
function documentTypoEvidence(index: EvidenceIndex, w: LinkageWeights, a: number, b: number): Evidence[] {
  const typo = documentTypo(index, a, b)
  if (typo === undefined) return []
  const [x, y] = typo
  const kind = index.kind(x) as EvidenceKind
  const sharedBy = Math.max(index.degree(x), index.degree(y), 2)
  const weight = Math.max(0, valueWeight(w, kind, sharedBy, index.size) - CLOSE_NAME_PENALTY_BITS)
  const value = `${index.keyText(x)} ~ ${index.keyText(y)}`
  const reason = `the ${EVIDENCE_KINDS[kind].label} one keystroke apart, and the representatives born the same day`
  return [{ kind, class: 'personal', value, sharedBy, weight, reason }]
}

/** The first two identity documents of one kind one edit apart, when the representatives were born on one day. */
function documentTypo(index: EvidenceIndex, a: number, b: number): readonly [number, number] | undefined {
  const dates = (x: number) => new Set(personIdentities(index, x).map((p) => p.date))
  const da = dates(a)
  if (![...dates(b)].some((d) => da.has(d))) return undefined
  const documents = (x: number) =>
    index.retypedKeys(x).filter((k) => IDENTITY_DOCUMENTS.has(index.kind(k)) && !index.isBlocked(k))
  for (const x of documents(a))
    for (const y of documents(b)) {
      if (index.kind(x) === index.kind(y) && withinOneEdit(index.keyText(x), index.keyText(y))) return [x, y]
    }
  return undefined
}

const ADDRESS_GROUP = groupBit('address')

function isAddressMatch(e: Evidence): boolean {
  return e.kind === 'address' || e.kind === 'address_building'
}

/** A street name this short is compared exactly: one keystroke turns one short name into another ("Main St", "Mail St"). */
const TYPO_STREET_MIN_LENGTH = 7

/**
 * One address typed with one mistake in the street: two accounts with no address or building in common whose
 * addresses have the same country, postcode (or town), house number and unit, and street names one keystroke apart
 * (at least TYPO_STREET_MIN_LENGTH letters as normalised) — the same delivery point; with the units differing or one
 * left out, the same building. Weighed as the value held by more of the two, less the close-match penalty: strangers
 * at neighbouring streets one letter apart are more common than at one street. Addresses shared by design carry
 * nothing, as when typed alike.
 */
function addressTypoEvidence(index: EvidenceIndex, w: LinkageWeights, a: number, b: number): Evidence[] {
  const inA = index.retypedKeys(a)
  const inB = index.retypedKeys(b)
  for (const kind of ['address', 'address_building'] as const) {
    for (const x of inA) {
      if (index.kind(x) !== kind || index.isBlocked(x)) continue
      for (const y of inB) {
        if (index.kind(y) !== kind || index.isBlocked(y)) continue
        const streets = typoStreets(index.keyText(x), index.keyText(y))
        if (streets === undefined) continue
        const sharedBy = Math.max(index.degree(x), index.degree(y), 2)
        const weight = Math.max(0, valueWeight(w, kind, sharedBy, index.size) - CLOSE_NAME_PENALTY_BITS)
        const value = `${index.keyText(x)} ~ ${index.keyText(y)}`
        const reason = `the same ${EVIDENCE_KINDS[kind].label}, the street typed differently ("${streets[0]}", "${streets[1]}"), held by ${sharedBy} accounts; does not link on its own`
        return [{ kind, class: 'circumstantial', value, sharedBy, weight, reason }]
      }
    }
  }
  return []
}

/** The kinds of {@link EvidenceIndex.retypedKeys}: values a person types, compared one by one for a typed difference. */
const RETYPED_KINDS: ReadonlySet<string> = new Set([
  'address',
  'address_building',
  'person_identity',
  ...IDENTITY_DOCUMENTS,
])

/**
 * An account's retyped keys ({@link EvidenceIndex.retypedKeys}), from `lists` or gathered and kept there when first
 * asked for. Whether one is shared by design is asked when it is used: another account may declare it so later.
 */
export function cachedRetypedKeys(
  lists: (readonly number[] | undefined)[],
  index: Pick<EvidenceIndex, 'keysOf' | 'kind'>,
  account: number,
): readonly number[] {
  const held = lists[account]
  if (held !== undefined) return held
  const out: number[] = []
  for (const k of index.keysOf(account)) if (RETYPED_KINDS.has(index.kind(k))) out.push(k)
  lists[account] = out
  return out
}

/**
 * The two street names when two address keys (`CC|postcode or town|street|house number[|unit]`) differ in the street
 * alone, by one keystroke; otherwise undefined.
 */
export function typoStreets(x: string, y: string): readonly [string, string] | undefined {
  const p = x.split('|')
  const q = y.split('|')
  if (p.length < 4 || p.length !== q.length) return undefined
  for (let i = 0; i < p.length; i++) if (i !== 2 && p[i] !== q[i]) return undefined
  const [s, t] = [p[2]!, q[2]!]
  if (s === t || Math.min(s.length, t.length) < TYPO_STREET_MIN_LENGTH || !withinOneEdit(s, t)) return undefined
  return [s, t]
}

const CLASS_RANK: Readonly<Record<EvidenceClass, number>> = { personal: 2, circumstantial: 1, content: 0 }

/** What a piece of evidence can add to a score once its class is capped. */
function contribution(w: LinkageWeights, e: Evidence): number {
  if (e.class === 'content') return Math.min(e.weight, w.contentCap)
  if (e.class === 'circumstantial' || EVIDENCE_KINDS[e.kind].needsCorroboration)
    return Math.min(e.weight, w.circumstantialCap)
  return e.weight
}

/**
 * True when e is the better representative of its group than held: the larger contribution after capping, and on a
 * tie the stronger class (the same name with the same birth date beats the same name, though a name alone is held
 * by as many accounts or more and so weighs as much before capping).
 */
function outweighs(w: LinkageWeights, e: Evidence, held: Evidence): boolean {
  const x = contribution(w, e)
  const y = contribution(w, held)
  if (x !== y) return x > y
  return CLASS_RANK[e.class] > CLASS_RANK[held.class] || (e.class === held.class && e.weight > held.weight)
}

/** Distinct listing items (titles, photos) two shops must share before their content counts in full. */
export const COPIED_CATALOGUE_ITEMS = 3

/**
 * The cap on content evidence for a pair: a copied catalogue is several shared items; one shared title or photo is
 * what two resellers of one product have, and counts for a third of the cap.
 */
function contentCapFor(w: LinkageWeights, raw: readonly Evidence[]): number {
  let items = 0
  for (const e of raw) if (e.class === 'content' && e.weight > 0) items += e.items ?? 1
  return w.contentCap * Math.min(1, items / COPIED_CATALOGUE_ITEMS)
}

/** Counts the strongest evidence of each group once, caps circumstantial and content evidence, and sums. */
export function scoreEvidence(w: LinkageWeights, raw: readonly Evidence[]): { score: number; evidence: Evidence[] } {
  const { score, counted } = weigh(w, raw)
  const evidence = raw
    .map((e) => (counted.has(e) ? e : { ...e, weight: 0 }))
    .sort((x, y) => y.weight - x.weight || x.kind.localeCompare(y.kind))
  return { score, evidence }
}

/** The score of the evidence, and the pieces that counted in it (the strongest of each group). */
function weigh(w: LinkageWeights, raw: readonly Evidence[]): { score: number; counted: Set<Evidence> } {
  const best = new Map<string, Evidence>()
  for (const e of raw) {
    const group = EVIDENCE_KINDS[e.kind].group
    const held = best.get(group)
    if (held === undefined || outweighs(w, e, held)) best.set(group, e)
  }
  let personal = 0
  let corroborated = 0
  let circumstantial = 0
  let content = 0
  const counted = new Set(best.values())
  for (const e of counted) {
    if (e.class === 'personal' && EVIDENCE_KINDS[e.kind].needsCorroboration) corroborated += e.weight
    else if (e.class === 'personal') personal += e.weight
    else if (e.class === 'circumstantial') circumstantial += e.weight
    else content += e.weight
  }
  // A person's name and birth date point to one person, but namesakes born on one day exist in a large base: alone
  // it stays below the threshold; with anything else in common (an address, a network, a document) it links.
  personal += Math.min(corroborated, w.circumstantialCap)
  // Circumstances people share innocently (a home, a building, a network, a name) are correlated and capped below
  // the threshold together; what two shops sell is independent of them, so a copied catalogue on top of shared
  // circumstances can link, while either alone cannot.
  const score = personal + Math.min(circumstantial, w.circumstantialCap) + Math.min(content, contentCapFor(w, raw))
  return { score, counted }
}
