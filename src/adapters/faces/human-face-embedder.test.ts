import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp, { type Sharp } from 'sharp'
import { isOnesellerError } from '../../core/errors.ts'
import { cosineSimilarity, normaliseFaceDescriptor } from '../../core/identifiers/index.ts'
import { parseRecord } from '../../core/interchange/index.ts'
import { type LinkageAccount, linkAccounts, SAME_FACE_MIN_COSINE } from '../../core/linkage/index.ts'
import {
  type FaceReading,
  FRAMES_SAME_PERSON_MIN_COSINE,
  faceDescriptorForRecord,
  ID_PHOTO_MATCH_MIN_COSINE,
  matchFaces,
} from '../../core/verification/face-match.ts'
import { HumanFaceEmbedder } from './human-face-embedder.ts'

// Test images are cut at test time from the sample pictures that ship with the face library; nothing generated is
// kept. Coordinates were read off the pictures: in the face-ID screenshot one man looks into a webcam (face at
// 15,139 134×134); the face-detect screenshot ends with a row of five portrait tiles 157 px apart, the first of the
// same man in another photo, the second of a woman.
const assets = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/human')), '..', 'assets')
const webcam = () => sharp(join(assets, 'screenshot-faceid.jpg'))
const tiles = () => sharp(join(assets, 'screenshot-facedetect.jpg'))
const tile = (n: number) => tiles().extract({ left: 8 + 157 * n, top: 345, width: 150, height: 152 })

/** Six captures of the webcam face: different margins, light, size, tilt, mirror, as frames of one sitting differ. */
const CAPTURES: readonly (() => Sharp)[] = [
  () => webcam().extract({ left: 14, top: 142, width: 140, height: 140 }),
  () => webcam().extract({ left: 0, top: 120, width: 180, height: 180 }).modulate({ brightness: 0.7 }),
  () => webcam().extract({ left: 0, top: 110, width: 200, height: 220 }).modulate({ brightness: 1.2 }),
  () => webcam().extract({ left: 5, top: 130, width: 160, height: 160 }).resize(320, 320),
  () => webcam().extract({ left: 0, top: 100, width: 220, height: 230 }).rotate(8, { background: '#000000' }),
  () => webcam().extract({ left: 10, top: 135, width: 150, height: 150 }).flop(),
]

let folder: string
let embedder: HumanFaceEmbedder
const readings = new Map<string, FaceReading>()
const millis: number[] = []

async function file(name: string, image: Sharp | Buffer): Promise<Buffer> {
  const path = join(folder, name)
  await writeFile(path, Buffer.isBuffer(image) ? image : await image.jpeg({ quality: 90 }).toBuffer())
  return readFile(path)
}

async function read(name: string, image: Sharp | Buffer): Promise<FaceReading> {
  const known = readings.get(name)
  if (known) return known
  const bytes = await file(name, image)
  const started = performance.now()
  const reading = await embedder.embed(bytes)
  millis.push(performance.now() - started)
  readings.set(name, reading)
  return reading
}

const captures = () => Promise.all(CAPTURES.map((c, i) => read(`capture-${i}.jpg`, c())))
const embeddingOf = (r: FaceReading) => r.faces[0]!.embedding

async function refusal(p: Promise<unknown>): Promise<{ message: string; details: Record<string, unknown> }> {
  const e = await p.then(
    () => assert.fail('the image was read, not refused'),
    (x: unknown) => x,
  )
  assert.ok(isOnesellerError(e), `not an OnesellerError: ${String(e)}`)
  assert.equal(e.code, 'invalid_input')
  return { message: e.message, details: e.details }
}

/**
 * A PNG whose header declares `width` × `height` but whose data is a few bytes (as a crafted file would be): it
 * must be refused from the header, before anything tries to decode billions of pixels.
 */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, deflate, no filter, no interlace
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(body.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), body])))
    return Buffer.concat([length, Buffer.from(type), body, crc])
  }
  const emptyDeflate = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', emptyDeflate), chunk('IEND', Buffer.alloc(0))])
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'faces-'))
  embedder = new HumanFaceEmbedder()
})

after(async (context) => {
  await embedder.close()
  await rm(folder, { recursive: true, force: true })
  const later = millis.slice(1)
  const mean = later.reduce((s, v) => s + v, 0) / Math.max(1, later.length)
  // A hook at the top of the file runs with the file's test context, which can print a diagnostic.
  if ('diagnostic' in context)
    context.diagnostic(
      `face embedder: first image ${Math.round(millis[0] ?? 0)} ms (thread start, model load), ` +
        `then ${Math.round(mean)} ms per image over ${later.length} images`,
    )
})

describe('HumanFaceEmbedder', () => {
  it('reads one face with its embedding, box and scores', async () => {
    const r = await read('capture-0.jpg', CAPTURES[0]!())
    assert.equal(r.width, 140)
    assert.equal(r.height, 140)
    assert.equal(r.faces.length, 1)
    const f = r.faces[0]!
    assert.equal(f.embedding.length, 1024)
    assert.ok(f.score > 0.5 && f.score <= 1)
    assert.ok(f.box.width > 80 && f.box.x >= 0 && f.box.x + f.box.width <= r.width + 2)
    for (const s of [f.real, f.live]) assert.ok(s !== undefined && s >= 0 && s <= 1)
  })

  it('finds the same person in differently cropped and lit captures, and not in another person', async () => {
    const [a, b] = await captures()
    const other = await read('woman.jpg', tile(1))
    assert.ok(cosineSimilarity(embeddingOf(a!), embeddingOf(b!)) >= FRAMES_SAME_PERSON_MIN_COSINE)
    assert.ok(cosineSimilarity(embeddingOf(a!), embeddingOf(other)) < ID_PHOTO_MATCH_MIN_COSINE)
  })

  it('passes frames of one sitting against an ID photo of the same man taken elsewhere, and fails another face', async () => {
    const frames = (await captures()).slice(0, 3)
    const sameMan = await read('same-man-other-photo.jpg', tile(0))
    const verdict = matchFaces(sameMan, frames)
    assert.equal(verdict.passed, true, JSON.stringify(verdict.checks))
    const woman = matchFaces(await read('woman.jpg', tile(1)), frames)
    assert.equal(woman.passed, false)
    assert.equal(woman.checks.find((c) => c.kind === 'matches_id_photo')?.outcome, 'failed')
  })

  it('reads two faces in an image of two people, and names that frame', async () => {
    const two = await read('two.jpg', tiles().extract({ left: 8, top: 345, width: 307, height: 152 }))
    assert.equal(two.faces.length, 2)
    const [x, y] = two.faces.map((f) => f.box.x).sort((p, q) => p - q)
    assert.ok(y! - x! > 100, `boxes at ${x} and ${y} are not two faces side by side`)
    const verdict = matchFaces(await read('same-man-other-photo.jpg', tile(0)), [...(await captures()), two])
    assert.deepEqual(verdict.framesWithSeveralFaces, [7])
  })

  it('reads no face in a flat colour or in the library icon', async () => {
    const grey = sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } }).png()
    assert.equal((await read('grey.png', await grey.toBuffer())).faces.length, 0)
    const icon = await read('icon.png', await readFile(join(assets, 'icon.png')))
    assert.equal(icon.faces.length, 0)
    assert.equal(icon.width, 500)
  })

  it('applies EXIF orientation: the face is found and boxed in the image as displayed', async () => {
    // Stored turned a quarter to the left with orientation 6 ("turn right to display"), as phones store portraits.
    const stored = await CAPTURES[2]!().rotate(-90).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const r = await read('exif-6.jpg', stored)
    assert.deepEqual([r.width, r.height], [200, 220])
    assert.equal(r.faces.length, 1)
    const b = r.faces[0]!.box
    assert.ok(b.y + b.height <= 222 && b.x + b.width <= 202, JSON.stringify(b))
  })

  it('refuses a file that is not an image, naming the accepted formats', async () => {
    const r = await refusal(embedder.embed(await file('notes.txt', Buffer.from('name: Jane\n'))))
    assert.equal(r.details.reason, 'not_an_image')
    assert.match(r.message, /not an image: send a JPEG, PNG or WebP file/)
    assert.equal((await refusal(embedder.embed(new Uint8Array(0)))).details.reason, 'empty')
  })

  it('refuses an image format it does not read', async () => {
    const tiff = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#123456' } })
      .tiff()
      .toBuffer()
    const r = await refusal(embedder.embed(tiff))
    assert.deepEqual(r.details, { reason: 'unsupported_format', format: 'tiff' })
  })

  it('refuses an image whose header declares too many pixels, without decoding it', async () => {
    const r = await refusal(embedder.embed(pngHeader(100_000, 100_000)))
    assert.deepEqual(r.details, { reason: 'too_many_pixels', width: 100_000, height: 100_000, maxPixels: 40_000_000 })
    assert.match(r.message, /100000 × 100000 pixels, more than the 40000000 accepted/)
    // 48 megapixels: a size a camera could produce, still above the limit.
    assert.equal((await refusal(embedder.embed(pngHeader(8000, 6000)))).details.reason, 'too_many_pixels')
  })

  it('refuses a truncated image as undecodable', async () => {
    const whole = await CAPTURES[0]!().jpeg().toBuffer()
    const r = await refusal(embedder.embed(whole.subarray(0, whole.length >> 1)))
    assert.equal(r.details.reason, 'undecodable')
  })

  it('refuses a file over the byte limit before it reaches the thread', async () => {
    const r = await refusal(embedder.embed(new Uint8Array(15_000_001)))
    assert.deepEqual(r.details, { reason: 'too_many_bytes', bytes: 15_000_001, maxBytes: 15_000_000 })
  })

  it('takes its limits from its options', async () => {
    const small = new HumanFaceEmbedder({ limits: { maxPixels: 10_000, maxBytes: 50_000 } })
    try {
      const big = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer()
      assert.deepEqual((await refusal(small.embed(big))).details, {
        reason: 'too_many_pixels',
        width: 200,
        height: 100,
        maxPixels: 10_000,
      })
      assert.equal((await refusal(small.embed(new Uint8Array(50_001)))).details.reason, 'too_many_bytes')
    } finally {
      await small.close()
    }
    assert.throws(() => new HumanFaceEmbedder({ limits: { maxBytes: 0 } }), /maxBytes must be a positive integer/)
  })

  it('refuses to read once closed', async () => {
    const closing = new HumanFaceEmbedder()
    await closing.close()
    await assert.rejects(closing.embed(Buffer.from('x')), /closed/)
  })
})

describe('faces across accounts', () => {
  /** A verification record as a marketplace sends it, parsed as the engine parses it, to a linkage account. */
  function accountWithFace(id: string, embedding: ArrayLike<number>): LinkageAccount {
    const parsed = parseRecord({
      type: 'verification',
      account: id,
      at: '2025-03-01T10:00:00Z',
      kind: 'video',
      face: faceDescriptorForRecord(embedding),
    })
    assert.ok(parsed.ok, JSON.stringify(parsed))
    const face = (parsed.value.record as { face?: number[] }).face!
    const vector = normaliseFaceDescriptor(face).vector!
    return {
      id,
      status: 'active',
      controlChangedAt: null,
      keys: [{ kind: 'email', key: `${id}@example.com`, from: 0, until: null }],
      documentImages: [],
      listingImages: [],
      faces: [Float32Array.from(vector)],
    }
  }

  const background = Array.from({ length: 2000 }, (_, i) => ({
    id: `bg${i}`,
    status: 'active' as const,
    controlChangedAt: null,
    keys: [
      { kind: 'email' as const, key: `bg${i}@example.com`, from: 0, until: null },
      { kind: 'device' as const, key: `dev-bg${i}`, from: 0, until: null },
    ],
    documentImages: [],
    listingImages: [],
    faces: [],
  }))

  it('links two accounts whose videos show one face in alike captures, and not an account with another face', async () => {
    // Two sittings of three frames each (the captures taken alternately). Their means measure a cosine of about
    // 0.97, above the linkage's 0.9; the linkage finds such a pair as a candidate only when it shares one of
    // 8 bands of 24 hyperplane signs, which at 0.97 happens with probability ≈ 0.7. This pair shares 2 bands:
    // another split of the same captures (0–2 against 3–5) shares none, and would not be linked.
    const c = await captures()
    const sitting = (frames: FaceReading[]) => matchFaces(frames[0]!, frames).embedding!
    const first = sitting([c[0]!, c[2]!, c[4]!])
    const second = sitting([c[1]!, c[3]!, c[5]!])
    assert.ok(cosineSimilarity(first, second) >= SAME_FACE_MIN_COSINE)
    const woman = await read('woman.jpg', tile(1))
    const record = JSON.stringify(faceDescriptorForRecord(first))
    assert.ok(record.length < 6000, `a face descriptor takes ${record.length} characters`)

    const r = linkAccounts([
      ...background,
      accountWithFace('farm-a', first),
      accountWithFace('farm-b', second),
      accountWithFace('stranger', embeddingOf(woman)),
    ])
    const at = (id: string) => r.index.lookupAccount(id)
    const label = (id: string) => r.clustering.labels[at(id)]
    assert.equal(label('farm-a'), label('farm-b'))
    assert.notEqual(label('farm-a'), label('stranger'))
    assert.ok(r.pairs.some((p) => [p.a, p.b].sort().join() === [at('farm-a'), at('farm-b')].sort().join()))
    const evidence = r.explain(at('farm-a'), at('farm-b')).evidence
    assert.ok(
      evidence.some((e) => e.kind === 'face' && e.weight > 0),
      JSON.stringify(evidence),
    )
    assert.ok(!r.pairs.some((p) => p.a === at('stranger') || p.b === at('stranger')))
  })
})
