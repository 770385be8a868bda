import { ACCOUNT_STATUSES, type AccountStatus } from '../interchange/index.ts'
import { EVIDENCE_KINDS, type EvidenceKind } from './evidence-kinds.ts'
import type { LinkageAccount, LinkageKey } from './linkage-input.ts'
import { FACE_BANDS, faceBandsAt } from './near-match-bands.ts'

/**
 * The version of what {@link toLinkageAccount} derives from an account's records, written into every stored profile.
 * A profile of another version is derived again. Bump it whenever the derivation changes what it gives (the
 * identifiers' normalisation, the keys of sessions, listings and verifications, the change of control), so that no
 * store keeps linking on values an older version derived; linkage-profile.test.ts pins the profiles of a fixed
 * marketplace to this number and fails until it is bumped.
 */
export const LINKAGE_PROFILE_VERSION = 3

const STATUSES: ReadonlySet<unknown> = new Set(ACCOUNT_STATUSES)

/**
 * One account as linkage sees it ({@link LinkageAccount}), as text to keep in a store: a JSON array of the version,
 * the account, and its keys as [kind, key, from, until, flags?]; face descriptors as the base64 of their float32
 * values, little-endian (exact, and a third of their decimal text), then their band numbers as the base64 of their
 * int32 values (computed once here, from the descriptors, unless the account carries them: a bulk run or the live
 * index's load reads them instead of computing 640 dot products per face). Version 3 added the bands.
 */
export function encodeLinkageProfile(account: LinkageAccount): string {
  const keys = account.keys.map((k) =>
    k.flags && k.flags.length > 0 ? [k.kind, k.key, k.from, k.until, k.flags] : [k.kind, k.key, k.from, k.until],
  )
  return JSON.stringify([
    LINKAGE_PROFILE_VERSION,
    account.id,
    account.status,
    account.controlChangedAt,
    keys,
    account.documentImages,
    account.listingImages,
    account.faces.map(encodeFace),
    account.faces.map((_, i) => encodeInts(faceBandsAt(account, i))),
  ])
}

/**
 * The account a stored profile holds; undefined when the text is not a profile of this version (another version
 * wrote it, or it is damaged): the caller derives the account again from its records.
 */
export function decodeLinkageProfile(text: string): LinkageAccount | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== 9 || parsed[0] !== LINKAGE_PROFILE_VERSION) return undefined
  const [, id, status, controlChangedAt, keys, documentImages, listingImages, faces, faceBands] = parsed
  if (typeof id !== 'string' || !STATUSES.has(status)) return undefined
  if (controlChangedAt !== null && typeof controlChangedAt !== 'number') return undefined
  if (!Array.isArray(keys) || !isStrings(documentImages) || !isStrings(listingImages) || !Array.isArray(faces)) {
    return undefined
  }
  if (!isStrings(faceBands) || faceBands.length !== faces.length) return undefined
  const decodedKeys: LinkageKey[] = []
  for (const k of keys) {
    const key = decodeKey(k)
    if (key === undefined) return undefined
    decodedKeys.push(key)
  }
  const decodedFaces: Float32Array[] = []
  for (const f of faces) {
    const face = typeof f === 'string' ? decodeFace(f) : undefined
    if (face === undefined) return undefined
    decodedFaces.push(face)
  }
  const decodedBands: Int32Array[] = []
  for (const b of faceBands) {
    const bands = decodeInts(b)
    if (bands === undefined || bands.length !== FACE_BANDS) return undefined
    decodedBands.push(bands)
  }
  return {
    id,
    status: status as AccountStatus,
    controlChangedAt,
    keys: decodedKeys,
    documentImages,
    listingImages,
    faces: decodedFaces,
    ...(decodedFaces.length > 0 ? { faceBands: decodedBands } : {}),
  }
}

function decodeKey(k: unknown): LinkageKey | undefined {
  if (!Array.isArray(k) || (k.length !== 4 && k.length !== 5)) return undefined
  const [kind, key, from, until, flags] = k
  if (typeof kind !== 'string' || !Object.hasOwn(EVIDENCE_KINDS, kind) || typeof key !== 'string') return undefined
  if (typeof from !== 'number' || (until !== null && typeof until !== 'number')) return undefined
  if (flags !== undefined && !isStrings(flags)) return undefined
  return flags === undefined
    ? { kind: kind as EvidenceKind, key, from, until }
    : { kind: kind as EvidenceKind, key, flags, from, until }
}

function isStrings(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string')
}

function encodeFace(face: Float32Array): string {
  const view = new DataView(new ArrayBuffer(face.length * 4))
  for (let i = 0; i < face.length; i++) view.setFloat32(i * 4, face[i]!, true)
  return base64Of(view)
}

function encodeInts(values: Int32Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 4))
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, true)
  return base64Of(view)
}

function base64Of(view: DataView): string {
  let binary = ''
  for (let i = 0; i < view.byteLength; i++) binary += String.fromCharCode(view.getUint8(i))
  return btoa(binary)
}

function decodeFace(text: string): Float32Array | undefined {
  return decode32(
    text,
    (n) => new Float32Array(n),
    (view, at) => view.getFloat32(at, true),
  )
}

function decodeInts(text: string): Int32Array | undefined {
  return decode32(
    text,
    (n) => new Int32Array(n),
    (view, at) => view.getInt32(at, true),
  )
}

/** The 32-bit values of base64 text, little-endian, into an array `make` gives; undefined when it is not that. */
function decode32<T extends Float32Array | Int32Array>(
  text: string,
  make: (length: number) => T,
  read: (view: DataView, at: number) => number,
): T | undefined {
  const view = viewOf(text)
  if (view === undefined) return undefined
  const values = make(view.byteLength / 4)
  for (let i = 0; i < values.length; i++) values[i] = read(view, i * 4)
  return values
}

/** The bytes of base64 text holding 32-bit values little-endian; undefined when it is not that. */
function viewOf(text: string): DataView | undefined {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return undefined
  }
  if (binary.length % 4 !== 0) return undefined
  const view = new DataView(new ArrayBuffer(binary.length))
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i))
  return view
}
