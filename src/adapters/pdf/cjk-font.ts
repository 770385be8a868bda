import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { create, type Font } from 'fontkit'
import { OnesellerError } from '../../core/errors.ts'

/**
 * Where Debian's CJK font packages put their fonts (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei,
 * fonts-arphic-uming, fonts-droid-fallback), best first. Looked at only when no font is set.
 */
export const DEBIAN_CJK_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
]

/** The setting that names the font, for messages (read by the configuration, passed in as `cjkFont`). */
export const CJK_FONT_SETTING = 'ONESELLER_CJK_FONT'

/** A font with CJK glyphs, ready for the PDF writer: the file's bytes and, in a collection, the face to use. */
export interface CjkFont {
  readonly path: string
  readonly bytes: Buffer
  /** PostScript name of the face inside a font collection (.ttc); undefined for a single font. */
  readonly face: string | undefined
  /** True when the face has a glyph for every character of the text (white space aside). */
  covers(text: string): boolean
}

// In a collection, the simplified-Chinese face when there is one (Noto CJK holds JP, KR, SC, TC and HK faces).
const SIMPLIFIED_CHINESE_FACE = /sc\b|sc-|cn|gb|hans/i
const WHITE_SPACE = /\s/u

function toCjkFont(path: string, bytes: Buffer): CjkFont {
  const opened = create(bytes)
  let font: Font
  let face: string | undefined
  if ('fonts' in opened) {
    const chosen = opened.fonts.find((f) => SIMPLIFIED_CHINESE_FACE.test(f.postscriptName)) ?? opened.fonts[0]
    if (chosen === undefined) throw new Error('empty font collection')
    font = chosen
    face = chosen.postscriptName
  } else {
    font = opened
    face = undefined
  }
  if (!font.hasGlyphForCodePoint(0x4e2d)) throw new Error('the font has no glyph for 中 (U+4E2D)')
  return {
    path,
    bytes,
    face,
    covers(text: string): boolean {
      for (const character of text) {
        if (WHITE_SPACE.test(character)) continue
        if (!font.hasGlyphForCodePoint(character.codePointAt(0) as number)) return false
      }
      return true
    },
  }
}

/**
 * The CJK font to print Chinese with: the font at `configured` when set (a missing or unusable file is an error
 * naming the setting: a font that was asked for never silently disappears), else the first file of `search` that
 * exists (an unusable one is an error naming it), else undefined (the caller prints what it can and says so).
 */
export async function loadCjkFont(
  configured: string | undefined,
  search: readonly string[] = DEBIAN_CJK_FONT_PATHS,
): Promise<CjkFont | undefined> {
  if (configured !== undefined && configured !== '') return await openCjkFont(configured, CJK_FONT_SETTING)
  const found = search.find((path) => existsSync(path))
  return found === undefined ? undefined : await openCjkFont(found, 'CJK font search')
}

async function openCjkFont(path: string, what: string): Promise<CjkFont> {
  try {
    return toCjkFont(path, await readFile(path))
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new OnesellerError(
      'invalid_input',
      `${what}: cannot use "${path}" as a CJK font (${reason}); set ${CJK_FONT_SETTING} to a TTF, OTF or TTC file with Chinese glyphs`,
      { cause, details: { setting: CJK_FONT_SETTING, path } },
    )
  }
}
