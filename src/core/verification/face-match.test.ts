import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cosineSimilarity, normaliseFaceDescriptor } from '../identifiers/index.ts'
import {
  FACE_DESCRIPTOR_DECIMALS,
  type FaceFound,
  type FaceReading,
  faceDescriptorForRecord,
  matchFaces,
} from './face-match.ts'

const D = 64

/** A non-negative vector like the model's: a shared part (every face) plus a part of its own per person. */
function person(seed: number): number[] {
  return Array.from({ length: D }, (_, i) => 1 + Math.abs(Math.sin(seed * 31.7 + i * 7.3)) * 4)
}

/** The person's vector with a small, deterministic change, as another frame of one sitting gives. */
function reading(base: readonly number[], variant: number, amount = 0.05): number[] {
  return base.map((v, i) => v * (1 + amount * Math.sin(variant * 13.1 + i)))
}

function face(embedding: readonly number[], over: Partial<FaceFound> = {}): FaceFound {
  return { embedding, box: { x: 10, y: 10, width: 200, height: 200 }, score: 0.99, real: 0.8, live: 0.9, ...over }
}

const image = (...faces: FaceFound[]): FaceReading => ({ faces, width: 640, height: 480 })

const alice = person(1)
const bob = person(2)
const aliceFrames = [1, 2, 3].map((v) => image(face(reading(alice, v))))

function outcome(verdict: ReturnType<typeof matchFaces>, kind: string): string | undefined {
  return verdict.checks.find((c) => c.kind === kind)?.outcome
}

describe('matchFaces', () => {
  it('passes one person on every frame who is the person of the ID photo', () => {
    const v = matchFaces(image(face(reading(alice, 9, 0.1))), aliceFrames)
    assert.equal(v.passed, true, JSON.stringify(v.checks))
    assert.ok(v.checks.every((c) => c.outcome === 'passed'))
    assert.ok(v.idPhotoSimilarity! > 0.95)
    assert.equal(v.frameSimilarities.length, 3)
    assert.ok(v.frameSimilarities.every((s) => s !== null && s > 0.9))
  })

  it('fails when the ID photo shows someone else, and says how close they were', () => {
    const v = matchFaces(image(face(bob)), aliceFrames, { idMatchMinCosine: 0.99 })
    assert.equal(v.passed, false)
    assert.equal(outcome(v, 'matches_id_photo'), 'failed')
    assert.ok(v.idPhotoSimilarity! < 0.99)
    assert.match(v.checks.find((c) => c.kind === 'matches_id_photo')!.detail, /at least 0\.99 needed/)
  })

  it('names the frames that show no face or two faces and leaves them out of the comparison', () => {
    const frames = [aliceFrames[0]!, image(), aliceFrames[1]!, image(face(alice), face(bob)), aliceFrames[2]!]
    const v = matchFaces(image(face(alice)), frames)
    assert.equal(v.passed, false)
    assert.deepEqual(v.framesWithoutFace, [2])
    assert.deepEqual(v.framesWithSeveralFaces, [4])
    const check = v.checks.find((c) => c.kind === 'frames_one_face')!
    assert.equal(check.outcome, 'failed')
    assert.equal(check.detail, 'frame 2 shows no face; frame 4 shows more than one face')
    assert.equal(v.frameSimilarities[1], null)
    assert.equal(v.frameSimilarities[3], null)
    assert.equal(outcome(v, 'frames_same_person'), 'passed')
    assert.equal(outcome(v, 'matches_id_photo'), 'passed')
  })

  it('fails when the person changes between frames, naming the two frames', () => {
    const frames = [aliceFrames[0]!, aliceFrames[1]!, image(face(bob))]
    const v = matchFaces(image(face(alice)), frames, { framesSameMinCosine: 0.99 })
    assert.equal(outcome(v, 'frames_same_person'), 'failed')
    assert.match(v.checks.find((c) => c.kind === 'frames_same_person')!.detail, /^frames [12] and 3 do not show/)
    assert.ok(v.lowestFramePairSimilarity! < 0.99)
  })

  it('fails an ID photo without exactly one face, and cannot compare it', () => {
    for (const id of [image(), image(face(alice), face(bob))]) {
      const v = matchFaces(id, aliceFrames)
      assert.equal(v.passed, false)
      assert.equal(outcome(v, 'id_photo_one_face'), 'failed')
      assert.equal(outcome(v, 'matches_id_photo'), 'not_available')
      assert.equal(v.idPhotoSimilarity, null)
    }
    assert.match(matchFaces(image(), aliceFrames).checks[0]!.detail, /shows no face/)
  })

  it('needs enough frames', () => {
    const v = matchFaces(image(face(alice)), aliceFrames.slice(0, 2))
    assert.equal(outcome(v, 'enough_frames'), 'failed')
    assert.equal(v.passed, false)
    assert.equal(matchFaces(image(face(alice)), aliceFrames.slice(0, 2), { minFrames: 2 }).passed, true)
  })

  it('fails on low anti-spoofing or liveness scores, and passes without them when the reader has none', () => {
    const spoofed = aliceFrames.map((f) => image({ ...f.faces[0]!, real: 0.3 }))
    const v = matchFaces(image(face(alice)), spoofed)
    assert.equal(outcome(v, 'antispoof'), 'failed')
    assert.equal(v.passed, false)
    assert.ok(Math.abs(v.real! - 0.3) < 1e-9)
    const dead = aliceFrames.map((f) => image({ ...f.faces[0]!, live: 0.1 }))
    assert.equal(outcome(matchFaces(image(face(alice)), dead), 'liveness'), 'failed')
    const unread = aliceFrames.map((f) =>
      image(face(f.faces[0]!.embedding as number[], { real: undefined, live: undefined })),
    )
    const w = matchFaces(image(face(alice)), unread)
    assert.equal(outcome(w, 'antispoof'), 'not_available')
    assert.equal(w.real, null)
    assert.equal(w.passed, true)
  })

  it('gives the person as the unit mean of the usable frames', () => {
    const v = matchFaces(image(face(alice)), [...aliceFrames, image()])
    const e = v.embedding!
    assert.equal(e.length, D)
    assert.ok(Math.abs(cosineSimilarity(e, e) - 1) < 1e-6)
    let norm = 0
    for (const x of e) norm += x * x
    assert.ok(Math.abs(norm - 1) < 1e-5)
    // Closer to each frame than the frames are to each other: the mean sits between them.
    for (const f of aliceFrames) assert.ok(cosineSimilarity(e, f.faces[0]!.embedding) >= v.lowestFramePairSimilarity!)
    assert.equal(matchFaces(image(face(alice)), [image(), image()]).embedding, null)
  })
})

describe('faceDescriptorForRecord', () => {
  it('gives a unit vector rounded to a few decimals, which the identifiers layer accepts unchanged in direction', () => {
    const embedding = Float32Array.from(reading(alice, 4).map((v) => v * 3))
    const descriptor = faceDescriptorForRecord(embedding)
    assert.equal(descriptor.length, D)
    for (const v of descriptor) assert.equal(v, Number(v.toFixed(FACE_DESCRIPTOR_DECIMALS)))
    const checked = normaliseFaceDescriptor(descriptor)
    assert.deepEqual(checked.identifier.problems, [])
    assert.ok(cosineSimilarity(checked.vector!, embedding) > 0.9999)
  })

  it('writes a component that rounds to zero as 0, never -0', () => {
    assert.equal(JSON.stringify(faceDescriptorForRecord([-0.0001, 1])), '[0,1]')
  })

  it('refuses an embedding that describes nothing', () => {
    assert.throws(() => faceDescriptorForRecord([]), /empty or all zeros/)
    assert.throws(() => faceDescriptorForRecord([0, 0, 0]), /empty or all zeros/)
    assert.throws(() => faceDescriptorForRecord([1, Number.NaN]), /non-finite number at 1/)
  })
})
