import type { AccountFeatures, ClusterFeatures, HistoryFeatures, VerificationKind } from '../features/index.ts'
import type { EvidenceKind } from '../linkage/index.ts'

/** Every feature of the catalogue by its dotted name (`account.age_days`): a locale must word each one. */
export type FeatureName =
  | `account.${keyof AccountFeatures & string}`
  | `cluster.${keyof ClusterFeatures & string}`
  | `history.${keyof HistoryFeatures & string}`

/**
 * A feature's value as a sentence about the seller's account. Undefined when the value is not of the feature's type
 * (evidence recorded by another version): the neutral sentence is used instead.
 */
export type FeatureSentence = (value: unknown) => string | undefined

/** A verification method as a seller knows it: a short name for lists, and what to do. */
export interface MethodWording {
  readonly name: string
  readonly how: string
}

/**
 * The phrase catalogue of one language for the facts a decision rests on: features, shared evidence, verification
 * methods, reason codes and identifier problems. Each entry is plain text; renderers escape it.
 */
export interface EvidenceWording {
  readonly features: Readonly<Record<FeatureName, FeatureSentence>>
  /** A fact the catalogue does not know: its name in words and its value, when it can be shown. */
  unknownFeature(label: string, value: string | undefined): string
  /** What two accounts have in common, by evidence kind: "the same bank account". */
  readonly shared: Readonly<Record<EvidenceKind, string>>
  readonly unknownShared: string
  /** One link: what the seller's account shares with another, named masked or not at all. */
  link(shared: readonly string[], other: string | undefined): string
  /** The links not listed. */
  moreLinks(count: number): string
  readonly methods: Readonly<Record<VerificationKind, MethodWording>>
  unknownMethod(label: string): MethodWording
  /** Why a policy acts, by reason code. */
  readonly reasons: Readonly<Record<string, string>>
  unknownReason(label: string): string
  /** Declared identifiers by kind, as "your …" reads them. */
  readonly identifiers: Readonly<Record<string, string>>
  /** Identifier problems by code. */
  readonly problems: Readonly<Record<string, string>>
  readonly unknownProblem: string
  problem(identifier: string, problem: string): string
  list(items: readonly string[]): string
  number(n: number): string
  yesNo(b: boolean): string
}

/** The entry of a catalogue under a key a caller gave: own entries only (never `constructor`, `__proto__`). */
export function entryOf<T>(catalogue: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(catalogue, key) ? catalogue[key] : undefined
}

/** A finite number, or undefined. */
export const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined
export const asBoolean = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined)
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
export const asStrings = (v: unknown): readonly string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined

/** Longest code or value shown in words: evidence from elsewhere must not flood a mail. */
const MAX_SHOWN = 80

/** Characters that would break a line or reorder text around them (bidi overrides), removed from one-line texts. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/g

/** A caller's text on one line: control and bidi characters become a space, runs of spaces one. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_INLINE, ' ').replace(/\s+/g, ' ').trim()
}

/** A caller's text of several lines (a seller's statement, a reviewer's reason): lines kept, the rest as oneLine. */
export function paragraphText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(oneLine)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** A code in words: `account.listing_copies` → `listing copies`, `duplicate_listings` → `duplicate listings`. */
export function humanise(code: string): string {
  const last = oneLine(code).split('.').pop() ?? ''
  const words = last.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim()
  return words.length > MAX_SHOWN ? `${words.slice(0, MAX_SHOWN - 1)}…` : words
}

/** A value of an unknown feature in words, or undefined when it cannot be shown plainly (an object). */
export function valueInWords(
  value: unknown,
  w: Pick<EvidenceWording, 'number' | 'yesNo' | 'list'>,
): string | undefined {
  if (typeof value === 'boolean') return w.yesNo(value)
  const n = asNumber(value)
  if (n !== undefined) return w.number(n)
  if (typeof value === 'string') {
    const s = oneLine(value)
    if (s === '') return undefined
    return `"${s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s}"`
  }
  const list = asStrings(value)
  if (list !== undefined && list.length > 0) return w.list(list.map((s) => humanise(s)))
  return undefined
}

/** The name of a verification method, known or not. */
export function methodWording(w: EvidenceWording, method: string): MethodWording {
  return entryOf<MethodWording>(w.methods, method) ?? w.unknownMethod(humanise(method))
}

/** The names of verification methods as one phrase: "identity document and video call". */
export function methodNames(w: EvidenceWording, methods: readonly string[]): string {
  return w.list(methods.map((m) => methodWording(w, m).name))
}

/** `kind:code` problem tokens as phrases: "your tax number (its check digit is wrong)". */
export function problemPhrases(w: EvidenceWording, tokens: readonly string[]): string[] {
  return tokens.map((t) => {
    const [kind = '', code = ''] = t.split(':')
    return w.problem(entryOf(w.identifiers, kind) ?? humanise(kind), entryOf(w.problems, code) ?? w.unknownProblem)
  })
}

/** Identifier kinds as phrases: "your phone number". */
export function identifierPhrases(w: EvidenceWording, kinds: readonly string[]): string[] {
  return kinds.map((k) => entryOf(w.identifiers, k) ?? humanise(k))
}

/** Whole days of a `*_days` feature, for sentences; negative means "none" and is handled by the caller. */
export const wholeDays = (days: number): number => Math.floor(days)
