import { cosineSimilarity } from '../identifiers/index.ts'

/** A face's bounding box in pixels of the image it was read from (origin top left). */
export interface FaceBox {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** One face found in an image. */
export interface FaceFound {
  /** The face embedding (1,024 numbers for the shipped model); compare embeddings by cosine similarity. */
  readonly embedding: Float32Array | readonly number[]
  readonly box: FaceBox
  /** Detection confidence, 0..1. */
  readonly score: number
  /** Anti-spoofing score, 0..1: how likely the face is a real one and not a photo or a screen; absent if not read. */
  readonly real?: number
  /** Liveness score, 0..1; absent if not read. */
  readonly live?: number
}

/** What a face reader saw in one image: every face, and the image's size in pixels (after EXIF orientation). */
export interface FaceReading {
  readonly faces: readonly FaceFound[]
  readonly width: number
  readonly height: number
}

// The thresholds below are raw cosine similarities of the shipped model's embeddings, measured on the sample images
// that ship with the model package (see docs/verification-video.md for the table):
//  - one photo re-cropped, re-lit, rotated, mirrored or re-encoded: 0.88–0.95;
//  - different photos of one person (years and cameras apart): 0.57–0.86;
//  - different people: 0.26–0.54, and one pair of look-alike women (same pose, same make-up) at 0.68.
// The embeddings are non-negative, so two strangers are never near 0: about 0.3–0.45 is "unrelated".

/**
 * Two frames of one video at least this close are the same person: frames of one sitting sit between "one photo
 * re-cropped" (≥ 0.88) and "different photos" (≥ 0.57); 0.7 is above every pair of different people measured, so a
 * person swapped in the middle of the video fails.
 */
export const FRAMES_SAME_PERSON_MIN_COSINE = 0.7
/**
 * The frames' face and the ID photo's face at least this close are taken to be one person: 0.55 is below every pair of
 * different photos of one person measured (0.57) and above every pair of different people except the look-alikes
 * (0.68). A pass is therefore evidence, not proof: the score goes to the reviewer with the verdict.
 */
export const ID_PHOTO_MATCH_MIN_COSINE = 0.55
/**
 * Mean anti-spoofing score of the frames at or above this passes. 0.6 is the model author's own default for its
 * face-ID demo; on the sample images a webcam capture scores 0.74–0.87 and re-photographed screenshots 0.23–0.89
 * (35 of 60 below 0.6), so the check catches many recaptures of a screen or print, not all.
 */
export const MIN_REAL_SCORE = 0.6
/** Mean liveness score of the frames at or above this passes (the same default; most sample faces score ≥ 0.8). */
export const MIN_LIVE_SCORE = 0.6
/**
 * Fewer frames than this cannot be judged. Three also makes the person's embedding (the mean of the frames) stable:
 * two means of three re-cropped readings of one face measured 0.964–0.986, single readings 0.88–0.95, and the linkage
 * only finds faces as near as that (see faceDescriptorForRecord).
 */
export const MIN_FRAMES = 3

export interface FaceMatchOptions {
  readonly framesSameMinCosine?: number
  readonly idMatchMinCosine?: number
  readonly minReal?: number
  readonly minLive?: number
  readonly minFrames?: number
}

export type FaceCheckKind =
  | 'id_photo_one_face'
  | 'enough_frames'
  | 'frames_one_face'
  | 'frames_same_person'
  | 'matches_id_photo'
  | 'antispoof'
  | 'liveness'

/** One check of the verdict. `not_available`: it could not be run (no face to compare, no score read). */
export interface FaceCheck {
  readonly kind: FaceCheckKind
  readonly outcome: 'passed' | 'failed' | 'not_available'
  /** A sentence for the reviewer; frames are numbered from 1 in the order given. */
  readonly detail: string
}

/** The outcome of comparing a video's frames with an ID photo. Frame numbers count from 1 in the order given. */
export interface FaceVerdict {
  /** Every check passed or was not available, and the face checks (one face, same person, match) all ran. */
  readonly passed: boolean
  readonly checks: readonly FaceCheck[]
  /** Frames with no face, and with more than one. */
  readonly framesWithoutFace: readonly number[]
  readonly framesWithSeveralFaces: readonly number[]
  /** Cosine of the person (mean of the frames) with the ID photo's face; null when either is missing. */
  readonly idPhotoSimilarity: number | null
  /** Per frame, its face's cosine with the ID photo's face (null for frames without exactly one face). */
  readonly frameSimilarities: readonly (number | null)[]
  /** The lowest cosine between two frames' faces; null with fewer than two usable frames. */
  readonly lowestFramePairSimilarity: number | null
  /** Mean anti-spoofing and liveness scores of the usable frames; null when none was read. */
  readonly real: number | null
  readonly live: number | null
  /** The person's embedding: mean of the usable frames' unit embeddings, scaled to unit length; null if none. */
  readonly embedding: Float32Array | null
}

/**
 * Compares the faces of a video's frames with the face of an ID photo: exactly one face in the ID photo and in every
 * frame, at least {@link MIN_FRAMES} frames, one person across the frames, that person close enough to the ID photo,
 * and anti-spoofing and liveness scores high enough where they were read. Frames with no face or several are named
 * and left out of the comparisons. The returned embedding is what to search across accounts
 * (see {@link faceDescriptorForRecord}).
 */
export function matchFaces(
  idPhoto: FaceReading,
  frames: readonly FaceReading[],
  opts: FaceMatchOptions = {},
): FaceVerdict {
  const framesSameMin = opts.framesSameMinCosine ?? FRAMES_SAME_PERSON_MIN_COSINE
  const idMatchMin = opts.idMatchMinCosine ?? ID_PHOTO_MATCH_MIN_COSINE
  const minFrames = opts.minFrames ?? MIN_FRAMES
  const checks: FaceCheck[] = []

  const idFace = idPhoto.faces.length === 1 ? idPhoto.faces[0]! : undefined
  checks.push(
    idFace
      ? passed('id_photo_one_face', 'the ID photo shows one face')
      : failed('id_photo_one_face', `the ID photo shows ${countFaces(idPhoto.faces.length)}; it must show exactly one`),
  )
  checks.push(
    frames.length >= minFrames
      ? passed('enough_frames', `${frames.length} frames`)
      : failed(
          'enough_frames',
          `${frames.length} frame${frames.length === 1 ? '' : 's'}; at least ${minFrames} needed`,
        ),
  )

  const framesWithoutFace: number[] = []
  const framesWithSeveralFaces: number[] = []
  const usable: { readonly frame: number; readonly face: FaceFound; readonly unit: Float32Array }[] = []
  frames.forEach((reading, i) => {
    if (reading.faces.length === 0) framesWithoutFace.push(i + 1)
    else if (reading.faces.length > 1) framesWithSeveralFaces.push(i + 1)
    else usable.push({ frame: i + 1, face: reading.faces[0]!, unit: toUnit(reading.faces[0]!.embedding) })
  })
  checks.push(oneFaceCheck(frames.length, framesWithoutFace, framesWithSeveralFaces))

  const lowest = lowestPair(usable)
  checks.push(
    !lowest
      ? notAvailable('frames_same_person', 'fewer than two frames show one face')
      : lowest.cosine >= framesSameMin
        ? passed('frames_same_person', `the frames show one person (lowest similarity ${fmt(lowest.cosine)})`)
        : failed(
            'frames_same_person',
            `frames ${lowest.a} and ${lowest.b} do not show the same person (similarity ${fmt(lowest.cosine)}, ` +
              `at least ${fmt(framesSameMin)} needed)`,
          ),
  )

  const embedding = usable.length > 0 ? meanUnit(usable.map((u) => u.unit)) : null
  const idUnit = idFace ? toUnit(idFace.embedding) : null
  const idPhotoSimilarity = embedding && idUnit ? cosineSimilarity(embedding, idUnit) : null
  const frameSimilarities = frames.map((_, i) => {
    const u = usable.find((x) => x.frame === i + 1)
    return u && idUnit ? cosineSimilarity(u.unit, idUnit) : null
  })
  checks.push(
    idPhotoSimilarity === null
      ? notAvailable('matches_id_photo', 'no single face in the ID photo or in the frames to compare')
      : idPhotoSimilarity >= idMatchMin
        ? passed('matches_id_photo', `the frames match the ID photo (similarity ${fmt(idPhotoSimilarity)})`)
        : failed(
            'matches_id_photo',
            `the frames do not match the ID photo (similarity ${fmt(idPhotoSimilarity)}, at least ${fmt(idMatchMin)} needed)`,
          ),
  )

  const real = meanOf(usable.map((u) => u.face.real))
  const live = meanOf(usable.map((u) => u.face.live))
  checks.push(scoreCheck('antispoof', real, opts.minReal ?? MIN_REAL_SCORE, 'anti-spoofing'))
  checks.push(scoreCheck('liveness', live, opts.minLive ?? MIN_LIVE_SCORE, 'liveness'))

  return {
    passed: checks.every((c) => c.outcome === 'passed' || (c.outcome === 'not_available' && isOptional(c.kind))),
    checks,
    framesWithoutFace,
    framesWithSeveralFaces,
    idPhotoSimilarity,
    frameSimilarities,
    lowestFramePairSimilarity: lowest?.cosine ?? null,
    real,
    live,
    embedding,
  }
}

/**
 * Digits kept per component of a face descriptor in a `verification` record. A unit vector of 1,024 non-negative
 * components (each below about 0.13) rounded to 3 decimals keeps a cosine of 0.99997 with the original and takes about
 * 4.8 KB of JSON; 4 decimals take 5.6 KB for no difference the linkage can see, 2 decimals lose 0.003 of cosine.
 */
export const FACE_DESCRIPTOR_DECIMALS = 3

/**
 * What a `verification` record's `face` field carries for an embedding (usually {@link FaceVerdict.embedding}): the
 * embedding scaled to unit length, rounded to {@link FACE_DESCRIPTOR_DECIMALS} decimals. The linkage scales it to unit
 * length again and finds the same face under other accounts by cosine similarity (at least 0.9, through bands of
 * hyperplane signs): with the shipped model that holds for captures as alike as two sittings in one room with one
 * camera (means of three or more frames), not for different photos of one person (0.57–0.86).
 * Throws on an embedding with no length, a non-finite number or only zeros (a caller bug: a reader never returns one).
 */
export function faceDescriptorForRecord(embedding: ArrayLike<number>): number[] {
  const unit = toUnit(embedding)
  const scale = 10 ** FACE_DESCRIPTOR_DECIMALS
  // `+ 0` turns a rounded -0 into 0, so the JSON never says "-0".
  return Array.from(unit, (v) => Math.round(v * scale) / scale + 0)
}

function toUnit(values: ArrayLike<number>): Float32Array {
  let norm = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) throw new Error(`a face embedding holds a non-finite number at ${i}`)
    norm += v * v
  }
  if (values.length === 0 || norm === 0) throw new Error('a face embedding is empty or all zeros')
  norm = Math.sqrt(norm)
  const out = new Float32Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / norm
  return out
}

function meanUnit(units: readonly Float32Array[]): Float32Array {
  const d = units[0]!.length
  const sum = new Float64Array(d)
  for (const u of units) {
    if (u.length !== d) throw new Error(`face embeddings of ${d} and ${u.length} numbers cannot be compared`)
    for (let i = 0; i < d; i++) sum[i]! += u[i]!
  }
  return toUnit(sum)
}

function lowestPair(
  usable: readonly { readonly frame: number; readonly unit: Float32Array }[],
): { readonly a: number; readonly b: number; readonly cosine: number } | undefined {
  let lowest: { a: number; b: number; cosine: number } | undefined
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const cosine = cosineSimilarity(usable[i]!.unit, usable[j]!.unit)
      if (!lowest || cosine < lowest.cosine) lowest = { a: usable[i]!.frame, b: usable[j]!.frame, cosine }
    }
  }
  return lowest
}

function oneFaceCheck(total: number, without: readonly number[], several: readonly number[]): FaceCheck {
  if (total === 0) return notAvailable('frames_one_face', 'no frames')
  if (without.length === 0 && several.length === 0) return passed('frames_one_face', 'every frame shows one face')
  const parts: string[] = []
  if (without.length > 0) parts.push(`${framesText(without)} show${without.length === 1 ? 's' : ''} no face`)
  if (several.length > 0) parts.push(`${framesText(several)} show${several.length === 1 ? 's' : ''} more than one face`)
  return failed('frames_one_face', parts.join('; '))
}

function scoreCheck(kind: 'antispoof' | 'liveness', mean: number | null, min: number, label: string): FaceCheck {
  if (mean === null) return notAvailable(kind, `no ${label} score was read`)
  return mean >= min
    ? passed(kind, `${label} score ${fmt(mean)}`)
    : failed(kind, `${label} score ${fmt(mean)}, at least ${fmt(min)} needed`)
}

/** Checks that may be missing without failing the verdict: the scores depend on what the reader could read. */
function isOptional(kind: FaceCheckKind): boolean {
  return kind === 'antispoof' || kind === 'liveness'
}

function meanOf(values: readonly (number | undefined)[]): number | null {
  const read = values.filter((v): v is number => v !== undefined)
  return read.length === 0 ? null : read.reduce((s, v) => s + v, 0) / read.length
}

function passed(kind: FaceCheckKind, detail: string): FaceCheck {
  return { kind, outcome: 'passed', detail }
}

function failed(kind: FaceCheckKind, detail: string): FaceCheck {
  return { kind, outcome: 'failed', detail }
}

function notAvailable(kind: FaceCheckKind, detail: string): FaceCheck {
  return { kind, outcome: 'not_available', detail }
}

function countFaces(n: number): string {
  return n === 0 ? 'no face' : `${n} faces`
}

function framesText(numbers: readonly number[]): string {
  return numbers.length === 1 ? `frame ${numbers[0]}` : `frames ${numbers.join(', ')}`
}

function fmt(v: number): string {
  return v.toFixed(2)
}
