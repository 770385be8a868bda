// The layout of one verification postcard: A6 landscape, message on the left, address on the right.

import type { CjkFont } from './cjk-font.ts'
import type { FontKey, TextRun } from './postcard-text.ts'

const PT_PER_MM = 72 / 25.4
const mm = (millimetres: number): number => millimetres * PT_PER_MM

/** A6 landscape (ISO 216, 148 × 105 mm): the postcard size most posts accept at the postcard rate. */
export const POSTCARD_PAGE_SIZE: readonly [number, number] = [mm(148), mm(105)]

/** The message side: heading, code, instructions; clear of the 8 mm edge mail houses ask for. */
const MESSAGE = { x: mm(8), y: mm(8), width: mm(60), bottom: mm(93) }
const DIVIDER_X = mm(73)
/**
 * The address window: the right half below the postage area (top right, 30 mm), where posts' sorting machines read
 * the address of a postcard, and where a C6 window envelope's window falls when the card is sent in one.
 */
const ADDRESS = { x: mm(78), y: mm(40), width: mm(62), height: mm(50) }
const REFERENCE = { x: mm(8), y: mm(97), width: mm(132) }
/** Largest first: an address block is printed at the largest of these sizes that fits the window. */
const ADDRESS_FONT_SIZES: readonly number[] = [10, 9, 8, 7]
const CODE_FONT_SIZE = 22
const CODE_CHARACTER_SPACING = 1.5
const HEADING_FONT_SIZE = 8
const INSTRUCTION_FONT_SIZE = 7
const REFERENCE_FONT_SIZE = 5.5

const FONT_NAMES: Readonly<Record<FontKey, string>> = { regular: 'Helvetica', bold: 'Helvetica-Bold', cjk: 'cjk' }

/** What one page shows, every text already given a font that can print it. */
export interface PostcardPage {
  readonly address: readonly TextRun[]
  readonly code: string
  readonly heading: TextRun
  readonly instructions: readonly TextRun[]
  readonly reference: TextRun
}

/** Registers the embedded CJK font under the name the layout uses. */
export function registerPostcardFonts(doc: PDFKit.PDFDocument, cjk: CjkFont | undefined): void {
  if (cjk !== undefined) doc.registerFont(FONT_NAMES.cjk, cjk.bytes, cjk.face as string)
}

function useFont(doc: PDFKit.PDFDocument, font: FontKey, size: number): void {
  doc.font(FONT_NAMES[font]).fontSize(size)
}

function heightOf(doc: PDFKit.PDFDocument, run: TextRun, size: number, width: number): number {
  useFont(doc, run.font, size)
  return doc.heightOfString(run.text, { width })
}

function lineHeightOf(doc: PDFKit.PDFDocument, run: TextRun, size: number): number {
  useFont(doc, run.font, size)
  return doc.currentLineHeight(true)
}

/**
 * Prints the address block in the window at the largest size that fits. When even the smallest does not fit, a
 * line that is too long is cut with an ellipsis so that every line below it (town, postal code, country: what
 * routes the card) still gets at least one printed line. Returns true when something was cut.
 */
function drawAddress(doc: PDFKit.PDFDocument, runs: readonly TextRun[]): boolean {
  const { x, y: top, width, height } = ADDRESS
  const size =
    ADDRESS_FONT_SIZES.find((s) => runs.reduce((sum, run) => sum + heightOf(doc, run, s, width), 0) <= height) ??
    (ADDRESS_FONT_SIZES.at(-1) as number)
  const lineHeights = runs.map((run) => lineHeightOf(doc, run, size))
  let below = lineHeights.reduce((a, b) => a + b, 0)
  let y = top
  let cut = false
  for (const [i, run] of runs.entries()) {
    below -= lineHeights[i] as number
    const room = top + height - y - below
    if (room < (lineHeights[i] as number)) return true
    const needed = heightOf(doc, run, size, width)
    if (needed > room) cut = true
    useFont(doc, run.font, size)
    doc.text(run.text, x, y, { width, height: room, ellipsis: true })
    y += Math.min(needed, room)
  }
  return cut
}

/** The code as large as the column allows (up to 22 pt), in Helvetica-Bold: its alphabet is plain ASCII. */
function drawCode(doc: PDFKit.PDFDocument, code: string, y: number): number {
  useFont(doc, 'bold', CODE_FONT_SIZE)
  const widthAtMax = doc.widthOfString(code, { characterSpacing: CODE_CHARACTER_SPACING })
  const size = Math.min(CODE_FONT_SIZE, (CODE_FONT_SIZE * (MESSAGE.width - 12)) / widthAtMax)
  const boxHeight = size * 1.8
  doc.roundedRect(MESSAGE.x, y, MESSAGE.width, boxHeight, 4).lineWidth(1).strokeColor('#000000').stroke()
  useFont(doc, 'bold', size)
  doc.text(code, MESSAGE.x, y + (boxHeight - doc.currentLineHeight()) / 2, {
    width: MESSAGE.width,
    align: 'center',
    characterSpacing: CODE_CHARACTER_SPACING * (size / CODE_FONT_SIZE),
    lineBreak: false,
    height: boxHeight,
  })
  return y + boxHeight
}

/** Draws one postcard on the current page. Returns true when the address block had to be cut to fit. */
export function drawPostcardPage(doc: PDFKit.PDFDocument, page: PostcardPage): boolean {
  doc.fillColor('#000000')
  useFont(doc, page.heading.font, HEADING_FONT_SIZE)
  doc.text(page.heading.text, MESSAGE.x, MESSAGE.y, { width: MESSAGE.width, height: mm(5), ellipsis: true })
  let y = drawCode(doc, page.code, MESSAGE.y + mm(5))
  y += mm(4)
  for (const run of page.instructions) {
    useFont(doc, run.font, INSTRUCTION_FONT_SIZE)
    const room = MESSAGE.bottom - y
    if (room < doc.currentLineHeight(true)) break
    const needed = doc.heightOfString(run.text, { width: MESSAGE.width })
    doc.text(run.text, MESSAGE.x, y, { width: MESSAGE.width, height: room, ellipsis: true })
    y += Math.min(needed, room) + mm(1.5)
  }
  doc.moveTo(DIVIDER_X, mm(8)).lineTo(DIVIDER_X, mm(93)).lineWidth(0.5).strokeColor('#999999').stroke()
  const cut = drawAddress(doc, page.address)
  doc.fillColor('#555555')
  useFont(doc, page.reference.font, REFERENCE_FONT_SIZE)
  doc.text(page.reference.text, REFERENCE.x, REFERENCE.y, {
    width: REFERENCE.width,
    height: mm(4),
    lineBreak: false,
    ellipsis: true,
  })
  return cut
}
