import { type Identifier, type IdentifierProblem, makeIdentifier, problem } from './identifier.ts'

const MIN_DIMENSIONS = 64
const MAX_DIMENSIONS = 2048
const BUCKET_BITS = 64

/** A checked face descriptor: the identifier and the L2-normalised vector (undefined when invalid). */
export interface FaceDescriptor {
  readonly identifier: Identifier
  readonly vector: Float64Array | undefined
}

/** Sign bits of the first 64 components as hex: a coarse locality-sensitive bucket, not an identity. */
function signBucket(vector: Float64Array): string {
  let out = ''
  for (let i = 0; i < Math.min(BUCKET_BITS, vector.length); i += 4) {
    let nibble = 0
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | ((vector[i + b] ?? 0) > 0 ? 1 : 0)
    out += nibble.toString(16)
  }
  return out
}

function descriptorProblems(values: readonly number[]): IdentifierProblem[] {
  if (values.length < MIN_DIMENSIONS || values.length > MAX_DIMENSIONS) {
    return [problem('bad_length', `a face descriptor has ${MIN_DIMENSIONS} to ${MAX_DIMENSIONS} numbers`)]
  }
  if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return [problem('not_finite', 'a face descriptor holds finite numbers only')]
  }
  if (values.every((v) => v === 0)) return [problem('all_zero', 'an all-zero face descriptor describes no face')]
  return []
}

/**
 * Validates a face descriptor (64–2048 finite numbers, not all zero) and scales it to unit length. The key,
 * `d<dimensions>:<16 hex>`, is the sign pattern of the first 64 components: equal keys only make two
 * descriptors candidates (flag `similarity_only`); compare them with {@link cosineSimilarity}.
 * Problems: `bad_length`, `not_finite`, `all_zero`.
 */
export function normaliseFaceDescriptor(values: readonly number[]): FaceDescriptor {
  const problems = descriptorProblems(values)
  if (problems.length > 0) return { identifier: makeIdentifier('face', '', problems), vector: undefined }
  let norm = 0
  for (const v of values) norm += v * v
  norm = Math.sqrt(norm)
  const vector = Float64Array.from(values, (v) => v / norm)
  const key = `d${vector.length}:${signBucket(vector)}`
  return { identifier: makeIdentifier('face', key, [], ['similarity_only']), vector }
}

/**
 * Cosine similarity of two vectors of equal length, in [-1, 1]; 0 when lengths differ or either is all zero.
 * For descriptors from {@link normaliseFaceDescriptor} this is their dot product.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number
    const y = b[i] as number
    dot += x * y
    na += x * x
    nb += y * y
  }
  if (na === 0 || nb === 0) return 0
  return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)))
}
