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
