/**
 * Times in an index are whole days since 1970-01-01 (UTC), in 16 bits: an account used a key from its first day to its
 * last. Day 0 stands for that day and any before it; OPEN_END for a key still in use (and for any day after 2149); a
 * key with no time (a band) spans everything. Time is compared in days (two levels, within 30 days or further apart):
 * a 16-bit day halves what a pair of 32-bit minutes would take per account and key.
 */
export const OPEN_END = 0xffff
export const NO_START = 0

const MS_A_DAY = 86_400_000

/** Epoch milliseconds as an index keeps them: the day. */
export function toIndexDay(ms: number): number {
  return Math.max(NO_START, Math.min(OPEN_END - 1, Math.floor(ms / MS_A_DAY)))
}

/**
 * Days between two uses of one key, each a span [from, until] (index days) held at an offset of its array: 0 when the
 * spans meet or overlap.
 */
export function daysBetween(spansA: Uint16Array, atA: number, spansB: Uint16Array, atB: number): number {
  const from = Math.max(spansA[atA]!, spansB[atB]!)
  const until = Math.min(spansA[atA + 1]!, spansB[atB + 1]!)
  return Math.max(0, from - until)
}

/** Uses one pack sorts as numbers: a use's position beside its key id in one double (id · 2^21 + i). */
const MAX_ENTRIES = 2 ** 21

/**
 * The keys of one account with the span it used each one; packed in ascending key order, a key added more than once
 * merged into one span. Uses are collected as they come and sorted once (no map per key: an account with a thousand
 * listings adds thousands of band keys at every update).
 */
export class AccountKeyList {
  private readonly ids: number[] = []
  private readonly spans: number[] = []

  /** Adds a use of a key; a key added again widens its span. */
  add(id: number, from = NO_START, until = OPEN_END): void {
    this.ids.push(id)
    this.spans.push(from, until)
  }

  /** The ids of the keys of one kind, ascending, once each. */
  idsOf(kind: string, keys: { kind(id: number): string }): Int32Array {
    const sorted = Int32Array.from(this.ids.filter((id) => keys.kind(id) === kind)).sort()
    let n = 0
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!
    return sorted.subarray(0, n)
  }

  /** The keys ascending, once each, and their spans ([from, until] per key) in the same order. */
  pack(): { readonly ids: Int32Array; readonly spans: Uint16Array } {
    const count = this.ids.length
    const order = this.order()
    const ids = new Int32Array(count)
    const spans = new Uint16Array(count * 2)
    let n = 0
    for (let k = 0; k < count; k++) {
      const i = order[k]!
      const id = this.ids[i]!
      const from = this.spans[2 * i]!
      const until = this.spans[2 * i + 1]!
      if (n > 0 && ids[n - 1] === id) {
        spans[2 * n - 2] = Math.min(spans[2 * n - 2]!, from)
        spans[2 * n - 1] = Math.max(spans[2 * n - 1]!, until)
        continue
      }
      ids[n] = id
      spans[2 * n] = from
      spans[2 * n + 1] = until
      n++
    }
    return { ids: ids.slice(0, n), spans: spans.slice(0, 2 * n) }
  }

  /** Positions of the uses in ascending key order: sorted as numbers, or by comparison past MAX_ENTRIES uses. */
  private order(): ArrayLike<number> {
    const count = this.ids.length
    if (count >= MAX_ENTRIES) return this.ids.map((_, i) => i).sort((x, y) => this.ids[x]! - this.ids[y]! || x - y)
    const packed = new Float64Array(count)
    for (let i = 0; i < count; i++) packed[i] = this.ids[i]! * MAX_ENTRIES + i
    packed.sort()
    for (let i = 0; i < count; i++) packed[i] = packed[i]! % MAX_ENTRIES
    return packed
  }
}
