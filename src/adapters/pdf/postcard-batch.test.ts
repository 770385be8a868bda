import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { isOnesellerError } from '../../core/errors.ts'
import { formatAddressBlock } from '../../core/verification/postcard-address.ts'
import { DEBIAN_CJK_FONT_PATHS } from './cjk-font.ts'
import { type PostcardCard, renderPostcardBatch } from './postcard-batch.ts'

const HAS_POPPLER = spawnSync('pdftotext', ['-v']).error === undefined
const NO_POPPLER = HAS_POPPLER ? false : 'pdftotext is not installed (Debian: apt-get install poppler-utils)'
const CJK_FONT = DEBIAN_CJK_FONT_PATHS.find((p) => existsSync(p))
const NO_CJK =
  NO_POPPLER ||
  (CJK_FONT === undefined ? 'no CJK font in the Debian locations (apt-get install fonts-wqy-microhei)' : false)

const EXPIRES_AT = Date.UTC(2027, 0, 31, 16, 0) // 11:00 in New York, midnight on 1 February in Shanghai

const usCard: PostcardCard = {
  address: formatAddressBlock({
    name: 'Jane Doe',
    lines: ['123 Main St', 'Ste 400'],
    city: 'Springfield',
    region: 'IL',
    postalCode: '62701',
    country: 'US',
  }),
  code: 'ABCD-EFGH',
  locale: 'en',
  marketplace: 'Example Market',
  expiresAt: EXPIRES_AT,
  timeZone: 'America/New_York',
  reference: 'PC-2027-0001',
}
const deCard: PostcardCard = {
  address: formatAddressBlock({
    name: 'Erika Mustermann',
    company: 'Muster GmbH',
    lines: ['Hauptstraße 5'],
    city: 'Köln',
    postalCode: '50667',
    country: 'DE',
  }),
  code: '2345-6789',
  locale: 'en',
  marketplace: 'Example Market',
  expiresAt: EXPIRES_AT,
  timeZone: 'Europe/Berlin',
  reference: 'PC-2027-0002',
}
const cnCard: PostcardCard = {
  address: formatAddressBlock({
    name: '张伟',
    lines: ['建国路88号SOHO现代城A座1001室'],
    city: '朝阳区',
    region: '北京市',
    postalCode: '100022',
    country: 'CN',
  }),
  code: 'WXYZ-KMNP',
  locale: 'zh',
  marketplace: '示例商城',
  expiresAt: EXPIRES_AT,
  timeZone: 'Asia/Shanghai',
  reference: 'PC-2027-0003',
}

let folder = ''
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'postcard-batch-'))
})
after(async () => {
  await rm(folder, { recursive: true, force: true })
})

/** The text of each page, as poppler reads it back. */
async function pagesOf(pdf: Buffer): Promise<string[]> {
  const file = join(folder, `batch-${Math.random().toString(36).slice(2)}.pdf`)
  await writeFile(file, pdf)
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
  const pages = text.split('\f')
  if (pages.at(-1)?.trim() === '') pages.pop()
  return pages
}

/** What poppler says of the document: `Pages`, `Page size`, `CreationDate` (ISO), … */
async function infoOf(pdf: Buffer): Promise<Record<string, string>> {
  const file = join(folder, `batch-${Math.random().toString(36).slice(2)}.pdf`)
  await writeFile(file, pdf)
  const text = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' })
  return Object.fromEntries(
    text.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  )
}

const squeeze = (text: string) => text.replace(/\s+/g, '')

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
  } catch (e) {
    assert.ok(isOnesellerError(e), String(e))
    assert.equal(e.code, 'invalid_input')
    return e.message
  }
  assert.fail('expected the batch to be refused')
}

describe('renderPostcardBatch', () => {
  it('prints one page per card, each with its code, its address lines and its expiry in the seller’s zone', {
    skip: NO_CJK,
  }, async () => {
    const pdf = await renderPostcardBatch([usCard, deCard, cnCard], { title: 'Batch 7' })
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
    assert.deepEqual(pdf.warnings, [])
    const pages = await pagesOf(pdf)
    assert.equal(pages.length, 3)
    const info = await infoOf(pdf)
    assert.equal(info.Pages, '3')
    assert.equal(info['Page size'], '419.528 x 297.638 pts') // A6 landscape, 148 × 105 mm
    assert.equal(info.Title, 'Batch 7')
    for (const [i, card] of [usCard, deCard, cnCard].entries()) {
      const page = squeeze(pages[i] as string)
      assert.ok(page.includes(card.code), `page ${i + 1} shows ${card.code}`)
      for (const line of card.address) assert.ok(page.includes(squeeze(line)), `page ${i + 1} shows "${line}"`)
      assert.ok(page.includes(squeeze(`Batch 7 · ${card.reference} · ${i + 1}`)), `page ${i + 1} reference`)
      for (const other of [usCard, deCard, cnCard].filter((c) => c !== card)) assert.ok(!page.includes(other.code))
    }
    assert.ok(squeeze(pages[0] as string).includes(squeeze('31 January 2027 at 11:00 (America/New_York)')))
    assert.ok(squeeze(pages[0] as string).includes(squeeze('Never share this code')))
    assert.ok(squeeze(pages[2] as string).includes('2027年2月1日00:00（Asia/Shanghai）'))
    assert.ok(squeeze(pages[2] as string).includes('切勿向任何人透露此验证码'))
  })

  it('keeps a card with a 2,000-character address line on its own page, cut, with its last lines', {
    skip: NO_POPPLER,
  }, async () => {
    const long = { ...usCard, address: ['Jane Doe', `${'Very long street name '.repeat(91)}`, 'SPRINGFIELD IL 62701'] }
    assert.ok((long.address[1] as string).length >= 2000)
    const pdf = await renderPostcardBatch([long, deCard], { cjkFontSearch: [] })
    const pages = await pagesOf(pdf)
    assert.equal(pages.length, 2)
    assert.equal((await infoOf(pdf)).Pages, '2')
    assert.ok(squeeze(pages[0] as string).includes('SPRINGFIELDIL62701'))
    assert.ok(squeeze(pages[0] as string).includes(usCard.code))
    assert.ok(squeeze(pages[1] as string).includes(deCard.code))
    assert.ok(!(pages[1] as string).includes('Very long'))
    assert.deepEqual(
      pdf.warnings.map((w) => [w.kind, w.card, w.reference]),
      [['address_cut', 1, usCard.reference]],
    )
  })

  it('refuses an empty batch', async () => {
    assert.match(await refusal(() => renderPostcardBatch([])), /^cards: a postcard batch needs at least one card/)
  })

  it('gives the same bytes for the same input, and writes the creation date it is given or the epoch', {
    skip: NO_POPPLER,
  }, async () => {
    const first = await renderPostcardBatch([usCard, deCard, cnCard], { createdAt: Date.UTC(2027, 0, 2) })
    const second = await renderPostcardBatch([usCard, deCard, cnCard], { createdAt: Date.UTC(2027, 0, 2) })
    assert.ok(first.equals(second))
    const undated = await renderPostcardBatch([usCard])
    assert.ok(undated.equals(await renderPostcardBatch([usCard])))
    assert.equal((await infoOf(undated)).CreationDate, '1970-01-01T00:00:00Z')
    assert.equal((await infoOf(first)).CreationDate, '2027-01-02T00:00:00Z')
    const other = await renderPostcardBatch([usCard, deCard, cnCard], { createdAt: Date.UTC(2027, 0, 3) })
    assert.ok(!first.equals(other))
  })

  it('prints a Chinese card in English with a warning when no CJK font is found, never with missing glyphs', {
    skip: NO_POPPLER,
  }, async () => {
    const latinAddressed = {
      ...cnCard,
      marketplace: 'Example Market',
      address: ['Zhang Wei', '88 Jianguo Road', 'Beijing 100022', 'CHINA'],
    }
    const pdf = await renderPostcardBatch([latinAddressed], { cjkFontSearch: [] })
    assert.deepEqual(
      pdf.warnings.map((w) => [w.kind, w.card]),
      [['cjk_font_missing', 1]],
    )
    assert.match(pdf.warnings[0]?.message ?? '', /ONESELLER_CJK_FONT/)
    const [page] = await pagesOf(pdf)
    assert.ok(squeeze(page as string).includes(squeeze('1 February 2027 at 00:00 (Asia/Shanghai)')))
    assert.ok(squeeze(page as string).includes('88JianguoRoad'))
    assert.doesNotMatch(page as string, /\p{Script=Han}/u)
    const message = await refusal(() => renderPostcardBatch([usCard, cnCard], { cjkFontSearch: [] }))
    assert.match(message, /^card 2 \(reference "PC-2027-0003"\): marketplace: needs a font .* ONESELLER_CJK_FONT/)
    const chineseAddress = { ...cnCard, marketplace: 'Example Market' }
    assert.match(
      await refusal(() => renderPostcardBatch([chineseAddress], { cjkFontSearch: [] })),
      /^card 1 \(reference "PC-2027-0003"\): address line 2: needs a font/,
    )
  })

  it('prints Latin letters the built-in font lacks as their base letters when no CJK font is found', {
    skip: NO_POPPLER,
  }, async () => {
    const polish = { ...usCard, address: ['Paweł Łukasz', 'ul. Piotrkowska 1', '90-001 Łódź', 'POLAND'] }
    const pdf = await renderPostcardBatch([polish], { cjkFontSearch: [] })
    const [page] = await pagesOf(pdf)
    assert.ok(squeeze(page as string).includes('90-001Lodz'))
    assert.ok(squeeze(page as string).includes('PawelLukasz'))
    assert.deepEqual(
      pdf.warnings.map((w) => [w.kind, w.message]),
      [
        ['characters_replaced', 'address line 1: letters no font has were printed as their base letters'],
        ['characters_replaced', 'address line 3: letters no font has were printed as their base letters'],
      ],
    )
  })

  it('prints those letters as they are with a CJK font, which has them', { skip: NO_CJK }, async () => {
    const polish = { ...usCard, address: ['Paweł Łukasz', '90-001 Łódź', 'POLAND'] }
    const pdf = await renderPostcardBatch([polish], { cjkFont: CJK_FONT as string })
    assert.deepEqual(pdf.warnings, [])
    assert.ok(squeeze((await pagesOf(pdf))[0] as string).includes('90-001Łódź'))
  })

  it('refuses a configured font it cannot use, naming the setting', async () => {
    const message = await refusal(() => renderPostcardBatch([usCard], { cjkFont: join(tmpdir(), 'no-such-font.ttc') }))
    assert.match(message, /^ONESELLER_CJK_FONT: cannot use ".*no-such-font\.ttc" as a CJK font/)
  })

  it('refuses a malformed card, naming the card and the field but never the code', async () => {
    const bad = async (card: Partial<PostcardCard>) =>
      await refusal(() => renderPostcardBatch([usCard, { ...usCard, ...card }], { cjkFontSearch: [] }))
    const code = await bad({ code: 'ABCD-EFG0' })
    assert.equal(code, 'card 2 (reference "PC-2027-0001"): code: is not a postcard code in its printed form XXXX-XXXX')
    assert.match(await bad({ code: 'abcd-efgh' }), /code: is not a postcard code/)
    assert.match(await bad({ timeZone: 'Mars/Olympus' }), /^card 2 .*: timeZone: "Mars\/Olympus" is not an IANA/)
    assert.match(await bad({ expiresAt: Number.NaN }), /^card 2 .*: expiresAt:/)
    assert.match(await bad({ address: [' ', ''] }), /^card 2 .*: address: has no lines/)
    assert.match(await bad({ reference: '' }), /^card 2: reference: must not be empty/)
    assert.match(await bad({ marketplace: 'x'.repeat(101) }), /^card 2 .*: marketplace: must be at most 100/)
    assert.match(await bad({ locale: 'fr' as 'en' }), /^card 2 .*: locale: must be "en" or "zh"/)
  })
})
