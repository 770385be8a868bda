import PDFDocument from 'pdfkit'
import { OnesellerError } from '../../core/errors.ts'
import { normalizeEnteredCode } from '../../core/verification/postcard-code.ts'
import { CJK_FONT_SETTING, type CjkFont, loadCjkFont } from './cjk-font.ts'
import { drawPostcardPage, POSTCARD_PAGE_SIZE, type PostcardPage, registerPostcardFonts } from './postcard-page.ts'
import { cleanText, fitText, isWinAnsi, type TextRun } from './postcard-text.ts'
import { formatExpiry, type PostcardLocale, postcardWording } from './postcard-wording.ts'

/** One postcard: the address block as the destination's post wants it (`formatAddressBlock`) and the code. */
export interface PostcardCard {
  readonly address: readonly string[]
  /** The code in its printed form `XXXX-XXXX`. */
  readonly code: string
  readonly locale: PostcardLocale
  /** The marketplace's name as the seller knows it: where to enter the code. */
  readonly marketplace: string
  /** Epoch milliseconds; printed in `timeZone`. */
  readonly expiresAt: number
  /** The seller's IANA time zone, e.g. `Asia/Shanghai`. */
  readonly timeZone: string
  /** A reference the mail house and support can quote; printed small at the bottom. Never personal data. */
  readonly reference: string
}

export interface PostcardBatchOptions {
  /** The batch's name: the PDF's title and the start of every card's reference line. */
  readonly title?: string
  /** A font file with CJK glyphs (TTF, OTF or TTC): the `ONESELLER_CJK_FONT` setting. */
  readonly cjkFont?: string
  /** Where to look for a CJK font when `cjkFont` is not set (default: Debian's locations); `[]` looks nowhere. */
  readonly cjkFontSearch?: readonly string[]
  /**
   * When the batch was made (epoch ms): the PDF's creation date. The PDF must carry one, and the same input must give
   * the same bytes, so without it the date is the Unix epoch (1970-01-01T00:00:00Z), never the wall clock.
   */
  readonly createdAt?: number
}

/** Something the batch printed differently from what was asked; `card` counts pages from 1. */
export interface PostcardBatchWarning {
  readonly kind: 'cjk_font_missing' | 'address_cut' | 'characters_replaced'
  readonly card: number
  readonly reference: string
  readonly message: string
}

/** The PDF, one card per page, and what was printed differently from what was asked. */
export type PostcardBatchPdf = Buffer & { readonly warnings: readonly PostcardBatchWarning[] }

const MAX_LABEL_LENGTH = 100 // a marketplace name or reference longer than this is not one
const DEFAULT_TITLE = 'Verification postcards'
const MAX_TIME = 8.64e15 // the largest epoch-milliseconds value a JavaScript Date holds

interface CardContext {
  readonly card: number
  readonly reference: string
  readonly warnings: PostcardBatchWarning[]
  readonly cjk: CjkFont | undefined
}

function cardError(ctx: { card: number; reference?: string }, field: string, message: string): OnesellerError {
  const which = ctx.reference ? `card ${ctx.card} (reference "${ctx.reference}")` : `card ${ctx.card}`
  return new OnesellerError('invalid_input', `${which}: ${field}: ${message}`, {
    details: { card: ctx.card, field },
  })
}

function label(value: unknown, ctx: { card: number; reference?: string }, field: string): string {
  const text = typeof value === 'string' ? cleanText(value) : ''
  if (text === '') throw cardError(ctx, field, 'must not be empty')
  if (text.length > MAX_LABEL_LENGTH) throw cardError(ctx, field, `must be at most ${MAX_LABEL_LENGTH} characters`)
  return text
}

/** The run for a text, with a warning when letters were replaced; an error naming the field when nothing prints it. */
function fit(text: string, ctx: CardContext, field: string, bold = false): TextRun {
  const { cjk } = ctx
  const fitted = fitText(text, cjk, bold)
  if (fitted === undefined) {
    throw cardError(
      ctx,
      field,
      cjk === undefined
        ? `needs a font for its script and no CJK font was found; set ${CJK_FONT_SETTING} to a TTF, OTF or TTC file (Debian: fonts-noto-cjk)`
        : `holds characters the CJK font "${cjk.path}" has no glyphs for`,
    )
  }
  if (fitted.replaced) {
    ctx.warnings.push({
      kind: 'characters_replaced',
      card: ctx.card,
      reference: ctx.reference,
      message: `${field}: letters no font has were printed as their base letters`,
    })
  }
  return fitted.run
}

function expiryText(card: PostcardCard, locale: PostcardLocale, ctx: CardContext): string {
  if (!Number.isFinite(card.expiresAt) || Math.abs(card.expiresAt) > MAX_TIME) {
    throw cardError(ctx, 'expiresAt', 'must be a time in epoch milliseconds')
  }
  try {
    return formatExpiry(card.expiresAt, card.timeZone, locale)
  } catch (cause) {
    if (!(cause instanceof RangeError)) throw cause
    throw cardError(ctx, 'timeZone', `"${card.timeZone}" is not an IANA time zone such as "Asia/Shanghai"`)
  }
}

/** Checks one card and gives every text a font that prints it. */
function preparePage(card: PostcardCard, ctx: CardContext, title: string): PostcardPage {
  const { cjk } = ctx
  const printed = normalizeEnteredCode(typeof card.code === 'string' ? card.code : '')
  if (!printed.ok || printed.value !== card.code) {
    throw cardError(ctx, 'code', 'is not a postcard code in its printed form XXXX-XXXX')
  }
  if (card.locale !== 'en' && card.locale !== 'zh') throw cardError(ctx, 'locale', 'must be "en" or "zh"')
  const marketplace = label(card.marketplace, ctx, 'marketplace')
  fit(marketplace, ctx, 'marketplace') // named on its own: the instructions quote it
  let locale = card.locale
  if (locale === 'zh' && cjk === undefined) {
    locale = 'en'
    ctx.warnings.push({
      kind: 'cjk_font_missing',
      card: ctx.card,
      reference: ctx.reference,
      message: `printed in English: no CJK font was found for the Chinese instructions; set ${CJK_FONT_SETTING}`,
    })
  }
  const wording = postcardWording(locale, marketplace, expiryText(card, locale, ctx))
  const lines = (Array.isArray(card.address) ? card.address : []).map((l) => cleanText(String(l))).filter(Boolean)
  if (lines.length === 0) throw cardError(ctx, 'address', 'has no lines')
  return {
    address: lines.map((line, i) => fit(line, ctx, `address line ${i + 1}`)),
    code: card.code,
    heading: fit(wording.heading, ctx, 'heading', true),
    instructions: wording.instructions.map((text) => fit(text, ctx, 'instructions')),
    reference: fit([title, ctx.reference, String(ctx.card)].filter(Boolean).join(' · '), ctx, 'reference'),
  }
}

function needsCjk(cards: readonly PostcardCard[]): boolean {
  return cards.some(
    (c) => c.locale === 'zh' || !isWinAnsi(cleanText(`${c.marketplace} ${c.reference} ${(c.address ?? []).join(' ')}`)),
  )
}

async function writePdf(
  pages: readonly PostcardPage[],
  cjk: CjkFont | undefined,
  meta: { readonly title: string; readonly createdAt: number },
): Promise<{ bytes: Buffer; cut: number[] }> {
  const doc = new PDFDocument({
    size: [...POSTCARD_PAGE_SIZE],
    margin: 0,
    autoFirstPage: false,
    // The writer puts the title into XML metadata unescaped; the reference lines keep the title as given.
    info: { Title: meta.title.replace(/[<>&]/g, ' '), Creator: 'oneseller', CreationDate: new Date(meta.createdAt) },
  })
  const chunks: Buffer[] = []
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  registerPostcardFonts(doc, cjk)
  const cut: number[] = []
  for (const [i, page] of pages.entries()) {
    doc.addPage({ size: [...POSTCARD_PAGE_SIZE], margin: 0 })
    if (drawPostcardPage(doc, page)) cut.push(i + 1)
  }
  doc.end()
  return { bytes: await ended, cut }
}

/**
 * A print batch for the mail house: one A6 landscape postcard per page, the address block in the window, the code
 * large in a box, instructions in the card's language (where to enter the code, its expiry in the seller's time zone,
 * that it works once, never to share it) and a small reference line (`title · reference · page`).
 *
 * Chinese needs a font with CJK glyphs: `cjkFont`, else the first found of `cjkFontSearch`. Without one, Chinese
 * instructions are printed in English (warning `cjk_font_missing`) and an address line in a CJK script is an
 * `invalid_input` error naming the card: a card is never printed with missing glyphs. Latin letters no font has are
 * printed as their base letters (`characters_replaced`); an address block too long for the window is cut with an
 * ellipsis, keeping its last lines (`address_cut`).
 *
 * The same cards and options give the same bytes. Throws `invalid_input` for an empty batch or a card with a
 * malformed field (naming the card and the field, never the code).
 */
export async function renderPostcardBatch(
  cards: readonly PostcardCard[],
  opts: PostcardBatchOptions = {},
): Promise<PostcardBatchPdf> {
  if (cards.length === 0) {
    throw new OnesellerError('invalid_input', 'cards: a postcard batch needs at least one card', {
      details: { field: 'cards' },
    })
  }
  const title = opts.title === undefined ? DEFAULT_TITLE : cleanText(opts.title)
  const cjk =
    opts.cjkFont !== undefined || needsCjk(cards) ? await loadCjkFont(opts.cjkFont, opts.cjkFontSearch) : undefined
  const warnings: PostcardBatchWarning[] = []
  const references = cards.map((card, i) => label(card.reference, { card: i + 1 }, 'reference'))
  const pages = cards.map((card, i) =>
    preparePage(card, { card: i + 1, reference: references[i] as string, warnings, cjk }, title),
  )
  const createdAt = opts.createdAt ?? 0
  if (!Number.isFinite(createdAt) || Math.abs(createdAt) > MAX_TIME) {
    throw new OnesellerError('invalid_input', 'createdAt: must be a time in epoch milliseconds', {
      details: { field: 'createdAt' },
    })
  }
  const { bytes, cut } = await writePdf(pages, cjk, { title, createdAt })
  for (const card of cut) {
    warnings.push({
      kind: 'address_cut',
      card,
      reference: references[card - 1] as string,
      message: 'the address block did not fit the window at 7 pt and was cut with an ellipsis',
    })
  }
  return Object.assign(bytes, { warnings })
}
