import type { EvidenceIndex } from './evidence-index.ts'
import { EVIDENCE_KINDS } from './evidence-kinds.ts'
import { isBandKind } from './key-interner.ts'

/** Up to this many holders, a personal value counts at its real degree. */
export const SMALL_DEGREE = 8
/** Holder pairs sampled to measure the coherence of a widely shared value. */
const SAMPLE_PAIRS = 48

function isPersonal(index: EvidenceIndex, key: number): boolean {
  return index.keyClass(key) === 'personal'
}

/** What corroborates a shared value: another personal value, or the same address (strangers at one computer or
 * one payment provider do not share where they ship from). */
function corroborates(index: EvidenceIndex, key: number): boolean {
  return index.keyClass(key) === 'personal' || index.kind(key) === 'address'
}

/** True when accounts a and b share a corroborating value other than `except`. */
function shareAnotherPersonal(index: EvidenceIndex, a: number, b: number, except: number): boolean {
  const ka = index.keysOf(a)
  const kb = index.keysOf(b)
  for (let i = 0, j = 0; i < ka.length && j < kb.length; ) {
    const x = ka[i]!
    const y = kb[j]!
    if (x < y) i++
    else if (x > y) j++
    else {
      if (x !== except && !index.isBlocked(x) && corroborates(index, x)) return true
      i++
      j++
    }
  }
  return false
}

/**
 * The share of a widely shared personal value's holders that also share another personal value or an address with
 * each other (sampled over consecutive holders). A bank account, cookie or device that one operator uses for 60 shops is
 * coherent (its holders share devices, documents, phones too); a library computer or a payment provider's collection
 * account is not (its holders share nothing else). 1 for values held by at most SMALL_DEGREE accounts.
 */
export function keyCoherence(index: EvidenceIndex, key: number): number {
  const d = index.degree(key)
  if (d <= SMALL_DEGREE || !isPersonal(index, key)) return 1
  const holders = index.holders(key)
  const step = Math.max(1, Math.floor((d - 1) / SAMPLE_PAIRS))
  let sampled = 0
  let coherent = 0
  for (let i = 0; i + 1 < d && sampled < SAMPLE_PAIRS; i += step) {
    sampled += 1
    if (shareAnotherPersonal(index, holders[i]!, holders[i + 1]!, key)) coherent += 1
  }
  return sampled === 0 ? 0 : coherent / sampled
}

const cache = new WeakMap<EvidenceIndex, Map<number, { readonly stamp: number; readonly value: number }>>()

/**
 * {@link keyCoherence}, computed once per key of an index while the key's holders stay as they are (see
 * EvidenceIndex.keyStamp: a finished index never changes; a live one changes a key's stamp with its holders).
 */
export function cachedCoherence(index: EvidenceIndex, key: number): number {
  if (index.degree(key) <= SMALL_DEGREE) return 1
  let byKey = cache.get(index)
  if (!byKey) {
    byKey = new Map()
    cache.set(index, byKey)
  }
  const stamp = index.keyStamp(key)
  const held = byKey.get(key)
  if (held !== undefined && held.stamp === stamp) return held.value
  const value = keyCoherence(index, key)
  byKey.set(key, { stamp, value })
  return value
}

/**
 * The degree a personal value is weighed at: its real degree when small; for a value many accounts share, between
 * SMALL_DEGREE (its holders are one coherent group: one operator's many shops) and its real degree (they share
 * nothing else: a value shared by strangers).
 */
export function effectiveDegree(index: EvidenceIndex, key: number, coherence: number): number {
  const d = index.degree(key)
  const kind = index.kind(key)
  if (!isBandKind(kind) && EVIDENCE_KINDS[kind].exclusive) {
    const held = exclusiveDegree(d, index.size)
    if (held !== undefined) return held
  }
  return d <= SMALL_DEGREE ? d : SMALL_DEGREE + (d - SMALL_DEGREE) * (1 - coherence)
}

/** An exclusive value held by more than this share of the base (and SMALL_DEGREE) is a pooled or placeholder value. */
export const EXCLUSIVE_MAX_SHARE = 0.002

/**
 * The degree an exclusive value (a payout account, an identity document, a face) is weighed at: as if two accounts
 * held it, however many shops one party runs on it — strangers do not share one. Undefined when it is held by so many
 * accounts (over EXCLUSIVE_MAX_SHARE of the base) that it may be a pooled account or a placeholder; then the value
 * is weighed like any other widely shared one.
 */
export function exclusiveDegree(degree: number, population: number): number | undefined {
  if (degree <= 2) return degree
  return degree <= Math.max(SMALL_DEGREE, Math.ceil(EXCLUSIVE_MAX_SHARE * population)) ? 2 : undefined
}
