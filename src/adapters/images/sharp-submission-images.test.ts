import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sharp, { type Sharp } from 'sharp'
import { isOnesellerError } from '../../core/errors.ts'
import { hammingDistance } from '../../core/identifiers/index.ts'
import { readExif, SharpSubmissionImages } from './sharp-submission-images.ts'

const reader = new SharpSubmissionImages()

/** A document-like picture: a card with a photo box and lines of "text". */
function card(): Sharp {
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
        <rect width="640" height="400" fill="#e8eef4"/><rect x="30" y="60" width="160" height="200" fill="#6a7f95"/>
        <rect x="230" y="80" width="360" height="24" fill="#203040"/><rect x="230" y="140" width="280" height="20" fill="#203040"/>
        <rect x="230" y="200" width="320" height="20" fill="#405060"/><circle cx="560" cy="330" r="40" fill="#b03030"/></svg>`,
    ),
  )
}

async function refusal(p: Promise<unknown>): Promise<Record<string, unknown>> {
  const e = await p.then(
    () => assert.fail('accepted'),
    (x: unknown) => x,
  )
  assert.ok(isOnesellerError(e) && e.code === 'invalid_input', String(e))
  return e.details
}

describe('SharpSubmissionImages', () => {
  it('reads the format, size, hash and camera metadata of a JPEG', async () => {
    const jpeg = await card()
      .jpeg()
      .withExif({
        IFD0: { Make: 'Apple', Model: 'iPhone 15', Software: '17.4.1', DateTime: '2026:01:05 10:00:00' },
        IFD2: { DateTimeOriginal: '2026:01:05 10:00:00' },
      })
      .toBuffer()
    const facts = await reader.inspect(jpeg)
    assert.deepEqual([facts.format, facts.mime, facts.width, facts.height], ['jpeg', 'image/jpeg', 640, 400])
    assert.match(facts.phash, /^[0-9a-f]{16}$/)
    assert.deepEqual(facts.exif, {
      capturedAt: '2026:01:05 10:00:00',
      modifiedAt: '2026:01:05 10:00:00',
      software: '17.4.1',
      make: 'Apple',
      model: 'iPhone 15',
    })
  })

  it('hashes the image as displayed: a copy stored turned with an orientation flag hashes alike', async () => {
    const upright = await reader.inspect(await card().png().toBuffer())
    const turned = await reader.inspect(await card().rotate(-90).jpeg().withMetadata({ orientation: 6 }).toBuffer())
    assert.deepEqual([turned.width, turned.height], [640, 400])
    assert.ok(hammingDistance(upright.phash, turned.phash) <= 6, `${upright.phash} ${turned.phash}`)
    assert.equal(upright.exif, null)
  })

  it('refuses what is not an image, another format, and an image over the limits', async () => {
    assert.equal((await refusal(reader.inspect(Buffer.from('%PDF-1.7 not an image')))).reason, 'not_an_image')
    const gif = await card().gif().toBuffer()
    assert.deepEqual(await refusal(reader.inspect(gif)), { reason: 'unsupported_format', format: 'gif' })
    const small = new SharpSubmissionImages({ maxPixels: 10_000 })
    assert.equal((await refusal(small.inspect(await card().png().toBuffer()))).reason, 'too_many_pixels')
    assert.equal((await refusal(reader.inspect(new Uint8Array(15_000_001)))).reason, 'too_many_bytes')
  })

  it('reads what it can of a damaged EXIF block and nothing of garbage', () => {
    assert.equal(readExif(Buffer.from('Exif\0\0garbage!')), null)
    // A big-endian block whose one entry points past the end: read as no text, not an error.
    const block = Buffer.from([
      ...Buffer.from('Exif\0\0MM'),
      0,
      42,
      0,
      0,
      0,
      8,
      0,
      1,
      0x01,
      0x31,
      0,
      2,
      0,
      0,
      0,
      40,
      0,
      0,
      0x7f,
      0xff,
    ])
    assert.deepEqual(readExif(block), {
      capturedAt: null,
      modifiedAt: null,
      software: null,
      make: null,
      model: null,
    })
  })
})
