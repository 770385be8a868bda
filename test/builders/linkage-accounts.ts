import type { EvidenceKind } from '../../src/core/linkage/evidence-kinds.ts'
import type { LinkageAccount, LinkageKey } from '../../src/core/linkage/linkage-input.ts'

/** A value an account uses, held since the beginning and still in use. */
export const key = (kind: EvidenceKind, value: string, flags?: string[]): LinkageKey => ({
  kind,
  key: value,
  flags,
  from: 0,
  until: null,
})

const DAY = 86_400_000

/** A value an account used from day `from` to day `until` (days since the epoch; null: still in use). */
export const keyBetween = (kind: EvidenceKind, value: string, from: number, until: number | null): LinkageKey => ({
  kind,
  key: value,
  from: from * DAY,
  until: until === null ? null : until * DAY,
})

/** An active account with an email and a phone of its own, the given values, and no images or faces unless given. */
export function anAccount(id: string, keys: LinkageKey[], over: Partial<LinkageAccount> = {}): LinkageAccount {
  return {
    id,
    status: 'active',
    controlChangedAt: null,
    keys: [key('email', `${id}@example.com`), key('phone', `+1555${id}`), ...keys],
    documentImages: [],
    listingImages: [],
    faces: [],
    ...over,
  }
}

/** Uniform numbers in [-0.5, 0.5) from a fixed generator (a linear congruential one): the same for a seed. */
function seededUniform(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 2 ** 32 - 0.5
  }
}

/** Unit face descriptors of 128 dimensions drawn from a fixed generator: strangers' faces, the same for a seed. */
export function randomFaces(count: number, seed: number): Float32Array[] {
  const uniform = seededUniform(seed)
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: 128 }, () => uniform() + uniform() + uniform())
    const norm = Math.hypot(...v)
    return v.map((x) => x / norm)
  })
}

/** 64-bit image hashes (16 hex digits) drawn from a fixed generator: strangers' documents, the same for a seed. */
export function randomImageHashes(count: number, seed: number): string[] {
  const uniform = seededUniform(seed)
  const word = () =>
    Math.floor((uniform() + 0.5) * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  return Array.from({ length: count }, () => word() + word())
}
