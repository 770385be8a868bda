/**
 * Texts as UTF-8 in one buffer, for handing to another thread by transfer: encoding costs a fraction of what the
 * structured clone of as many strings costs the sending thread.
 */
export interface EncodedTexts {
  readonly bytes: Uint8Array
  /** Where each text ends in `bytes`; text i starts where text i - 1 ends. */
  readonly ends: Int32Array
  /** Texts that UTF-8 cannot hold (an unpaired surrogate), by position: they travel as they are. */
  readonly irregular: ReadonlyMap<number, string>
}

// A byte-order mark in a text is part of it: keep it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

/** A UTF-16 code unit takes at most 3 bytes of UTF-8. */
const MAX_BYTES_PER_UNIT = 3

/** A line to encode: its text, or its UTF-8 as read (`utf8[start, end)`). */
export type LineContent = string | { readonly utf8: Buffer; readonly start: number; readonly end: number }

/**
 * Encodes texts into `spare` when it is large enough (a buffer that came back from the other thread). A line given
 * as UTF-8 is copied as it is: it was never decoded, and is not encoded again.
 */
export function encodeTexts(texts: readonly LineContent[], spare?: ArrayBuffer): EncodedTexts {
  let size = 0
  for (const t of texts) size += typeof t === 'string' ? t.length * MAX_BYTES_PER_UNIT : t.end - t.start
  const bytes = Buffer.from(spare !== undefined && spare.byteLength >= size ? spare : new ArrayBuffer(size))
  const ends = new Int32Array(texts.length)
  const irregular = new Map<number, string>()
  let end = 0
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i] as LineContent
    if (typeof t !== 'string') {
      bytes.set(t.utf8.subarray(t.start, t.end), end)
      end += t.end - t.start
    } else if (t.isWellFormed()) end += bytes.write(t, end)
    else irregular.set(i, t)
    ends[i] = end
  }
  return { bytes, ends, irregular }
}

/** Text `i` of those {@link encodeTexts} was given. */
export function decodeText(e: EncodedTexts, i: number): string {
  return e.irregular.get(i) ?? decoder.decode(bytesOf(e, i))
}

/** The UTF-8 of text `i`: empty for a text that travels as it is (see {@link EncodedTexts.irregular}). */
export function bytesOf(e: EncodedTexts, i: number): Uint8Array {
  return e.bytes.subarray(i === 0 ? 0 : e.ends[i - 1], e.ends[i])
}
