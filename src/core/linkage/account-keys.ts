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

/** The keys of one account with the span it used each one, merged by key; packed in ascending key order. */
export class AccountKeyList {
  private readonly ids: number[] = []
  private readonly spans: number[] = []
  private readonly at = new Map<number, number>()

  /** Adds a use of a key; a key added again widens its span. */
  add(id: number, from = NO_START, until = OPEN_END): void {
    const i = this.at.get(id)
    if (i === undefined) {
      this.at.set(id, this.ids.length)
      this.ids.push(id)
      this.spans.push(from, until)
      return
    }
    this.spans[2 * i] = Math.min(this.spans[2 * i]!, from)
    this.spans[2 * i + 1] = Math.max(this.spans[2 * i + 1]!, until)
  }

  /** The ids of the keys of one kind, ascending. */
  idsOf(kind: string, keys: { kind(id: number): string }): Int32Array {
    return Int32Array.from(this.ids.filter((id) => keys.kind(id) === kind)).sort()
  }

  has(id: number): boolean {
    return this.at.has(id)
  }

  get size(): number {
    return this.ids.length
  }

  /** The keys ascending, and their spans ([from, until] per key) in the same order. */
  pack(): { readonly ids: Int32Array; readonly spans: Uint16Array } {
    const order = this.ids.map((_, i) => i).sort((x, y) => this.ids[x]! - this.ids[y]!)
    const ids = new Int32Array(order.length)
    const spans = new Uint16Array(order.length * 2)
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!
      ids[k] = this.ids[i]!
      spans[2 * k] = this.spans[2 * i]!
      spans[2 * k + 1] = this.spans[2 * i + 1]!
    }
    return { ids, spans }
  }
}
