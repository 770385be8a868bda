import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp, { type Sharp } from 'sharp'
import { anAccountRecord, toEventInput } from '../../test/builders/records.ts'
import { FixedClock } from '../adapters/clock/system-clock.ts'
import { HumanFaceEmbedder } from '../adapters/faces/human-face-embedder.ts'
import { SharpSubmissionImages } from '../adapters/images/sharp-submission-images.ts'
import { InProcessRecordParser } from '../adapters/parse/in-process-record-parser.ts'
import { SqliteEventStore } from '../adapters/storage/sqlite/sqlite-event-store.ts'
import { isOnesellerError } from '../core/errors.ts'
import type { AccountId } from '../core/ids.ts'
import { toInstant } from '../core/time.ts'
import type { Submission } from '../ports/index.ts'
import { ingestRecords } from './ingest-records.ts'
import type { SubmissionCheck } from './submission-checks.ts'
import type { UploadedFile } from './submission-evidence.ts'
import { type SubmissionDeps, submitEvidence } from './submissions.ts'

// Faces are cut at test time from the sample pictures that ship with the face library (as the face reader's own tests
// do): in the face-ID screenshot one man looks into a webcam; the face-detect screenshot ends with a row of portrait
// tiles, the first of the same man in another photo, the second of a woman.
const assets = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets')
const webcam = () => sharp(join(assets, 'screenshot-faceid.jpg'))
const tiles = () => sharp(join(assets, 'screenshot-facedetect.jpg'))
const tile = (n: number) => tiles().extract({ left: 8 + 157 * n, top: 345, width: 150, height: 152 })
/** Six captures of the webcam face, as frames of one sitting differ: margins, light, size, tilt, mirror. */
const CAPTURES: readonly (() => Sharp)[] = [
  () => webcam().extract({ left: 14, top: 142, width: 140, height: 140 }),
  () => webcam().extract({ left: 0, top: 120, width: 180, height: 180 }).modulate({ brightness: 0.7 }),
  () => webcam().extract({ left: 0, top: 110, width: 200, height: 220 }).modulate({ brightness: 1.2 }),
  () => webcam().extract({ left: 5, top: 130, width: 160, height: 160 }).resize(320, 320),
  () => webcam().extract({ left: 0, top: 100, width: 220, height: 230 }).rotate(8, { background: '#000000' }),
  () => webcam().extract({ left: 10, top: 135, width: 150, height: 150 }).flop(),
]
const jpeg = (image: Sharp) => image.jpeg({ quality: 90 }).toBuffer()
const file = (role: string, bytes: Uint8Array, mime = 'image/jpeg'): UploadedFile => ({ role, bytes, mime })
const item = (s: Submission, kind: string) => (s.checks.items as SubmissionCheck[]).find((c) => c.kind === kind)

describe('video submissions', () => {
  // One face reader for the file: its thread loads the models once.
  const faces = new HumanFaceEmbedder()
  const events = SqliteEventStore.open(':memory:')
  const clock = new FixedClock(toInstant(Date.UTC(2026, 11, 1, 9)))
  const deps: SubmissionDeps = {
    events,
    workflows: events.workflowStore(),
    submissions: events.submissionStore(),
    images: new SharpSubmissionImages(),
    faces,
    clock,
    ingest: (source) => ingestRecords({ events, clock, parser: new InProcessRecordParser() }, source),
  }
  const video = async (account: string, photo: Uint8Array, frames: readonly Uint8Array[], extra: UploadedFile[] = []) =>
    submitEvidence(deps, {
      account,
      method: 'video',
      files: [file('photo', photo), ...frames.map((f) => file('frame', f)), ...extra],
      fields: {},
      actor: `seller:${account}`,
    })

  before(async () => {
    await events.append(
      ['ada', 'grace', 'third'].map((account, i) => toEventInput(anAccountRecord({ account }), i + 1)),
      toInstant(Date.UTC(2024, 0, 1)),
    )
  })
  after(async () => {
    await faces.close()
    await events.close()
  })

  it('passes frames of one sitting against the ID photo, records the face, and finds it under another account', async () => {
    const idPhoto = await jpeg(tile(0))
    const captures = await Promise.all(CAPTURES.map((c) => jpeg(c())))
    const first = (await video('ada', idPhoto, [captures[0]!, captures[2]!, captures[4]!])).submission
    assert.equal(first.state, 'in_review')
    for (const kind of [
      'id_photo_one_face',
      'enough_frames',
      'frames_one_face',
      'frames_same_person',
      'matches_id_photo',
    ])
      assert.equal(item(first, kind)?.outcome, 'passed', `${kind}: ${item(first, kind)?.detail}`)
    assert.equal(item(first, 'face_elsewhere')?.outcome, 'passed')
    const face = first.checks.face as { idPhotoSimilarity: number; frameSimilarities: number[] }
    assert.ok(face.idPhotoSimilarity >= 0.55, JSON.stringify(face))
    assert.equal(face.frameSimilarities.length, 3)
    const [record] = (await events.listEvents('ada' as AccountId)).filter((e) => e.record.type === 'verification')
    const carried = record!.record as { kind: string; face?: number[]; outcome?: string; imageHash?: string }
    assert.deepEqual([carried.kind, carried.face?.length, carried.outcome], ['video', 1024, undefined])
    assert.match(carried.imageHash ?? '', /^[0-9a-f]{16}$/)

    // The same man, another sitting, under another account (with the video file itself, stored, never decoded).
    const mp4 = new TextEncoder().encode('\0\0\0\x18ftypmp42 not decoded')
    const second = (
      await video('grace', idPhoto, [captures[1]!, captures[3]!, captures[5]!], [file('video', mp4, 'video/mp4')])
    ).submission
    assert.equal(item(second, 'face_elsewhere')?.outcome, 'failed', item(second, 'face_elsewhere')?.detail)
    assert.deepEqual(item(second, 'face_elsewhere')?.accounts, ['ada'])
    assert.deepEqual(item(second, 'image_elsewhere')?.accounts, ['ada'])
    assert.deepEqual(second.checks.elsewhere, ['ada'])
    const stored = second.files.find((f) => f.role === 'video')!
    assert.deepEqual([stored.mime, stored.size], ['video/mp4', mp4.length])
    assert.deepEqual((await deps.submissions.readFile(second.id, stored.id))?.bytes, mp4)
  })

  it('fails an ID photo with no face and names a frame with two faces', async () => {
    const grey = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer()
    const two = await jpeg(tiles().extract({ left: 8, top: 345, width: 307, height: 152 }))
    const s = (await video('third', grey, [await jpeg(CAPTURES[0]!()), await jpeg(CAPTURES[1]!()), two])).submission
    assert.equal(item(s, 'id_photo_one_face')?.outcome, 'failed')
    assert.match(item(s, 'id_photo_one_face')!.detail, /shows no face/)
    assert.equal(item(s, 'frames_one_face')?.outcome, 'failed')
    assert.match(item(s, 'frames_one_face')!.detail, /frame 3 shows more than one face/)
    assert.equal(s.checks.passed, false)
  })

  it('refuses a frame that is not an image, too few frames and a video that is not one', async () => {
    const idPhoto = await jpeg(tile(1))
    const frame = await jpeg(CAPTURES[2]!())
    const e = await video('third', idPhoto, [frame, frame, new TextEncoder().encode('GIF89a?')]).then(
      () => assert.fail('accepted'),
      (x: unknown) => x,
    )
    assert.ok(isOnesellerError(e))
    assert.deepEqual([e.details.reason, e.details.role], ['not_an_image', 'frame'])
    assert.match(e.message, /the frame file \(file 4\)/)
    await assert.rejects(video('third', idPhoto, [frame, frame]), /takes 3 to 10 frame files; 2 sent/)
    await assert.rejects(
      video('third', idPhoto, [frame, frame, frame], [file('video', frame, 'image/jpeg')]),
      /the video file is image\/jpeg: send video\/mp4/,
    )
  })
})
