import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { hammingDistance } from '../../core/identifiers/index.ts'
import { phashFromImage } from './sharp-image-hasher.ts'

/** An SVG scene (gradient background and shapes) rendered by sharp; no image files are committed. */
function scene(shapes: string, size = 400): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 400 400">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#203060"/><stop offset="1" stop-color="#e0c080"/></linearGradient></defs>
      <rect width="400" height="400" fill="url(#g)"/>${shapes}</svg>`,
  )
}

const product = scene(
  '<circle cx="130" cy="140" r="70" fill="#ffffff"/><rect x="220" y="230" width="120" height="90" fill="#101010"/>',
)
const otherProduct = scene(
  '<rect x="40" y="250" width="320" height="60" fill="#ffffff"/><circle cx="300" cy="90" r="50" fill="#000000"/>',
)

describe('phashFromImage', () => {
  it('hashes a resized, re-encoded JPEG within a few bits of the original PNG', async () => {
    const png = await sharp(product).png().toBuffer()
    const jpeg = await sharp(product).resize(173, 173).jpeg({ quality: 55 }).toBuffer()
    const a = await phashFromImage(png)
    const b = await phashFromImage(jpeg)
    assert.match(a, /^[0-9a-f]{16}$/)
    assert.ok(hammingDistance(a, b) <= 6, `distance ${hammingDistance(a, b)}`)
  })

  it('hashes a different picture far away', async () => {
    const a = await phashFromImage(await sharp(product).png().toBuffer())
    const b = await phashFromImage(await sharp(otherProduct).png().toBuffer())
    assert.ok(hammingDistance(a, b) >= 16, `distance ${hammingDistance(a, b)}`)
  })

  it('rejects bytes that are not an image', async () => {
    await assert.rejects(phashFromImage(Buffer.from('not an image')))
  })
})
