/**
 * The seqs of the records stored during a bulk load, by the first 8 bytes of their digest: what tells a repeat from a
 * new record while the log has no index on (account, digest). Open addressing in typed arrays, 12 bytes a slot, at
 * most half full: a million records take 24 to 48 MB, where a `Map` keyed by strings took several times as much.
 *
 * Eight bytes of a SHA-256 can still be shared by two different records, so a hit is only a candidate: the caller
 * checks the stored row ({@link DigestTable.candidates}).
 */
export class DigestTable {
  private his: Int32Array
  private los: Int32Array
  /** 0 for an empty slot: seqs start at 1. */
  private seqs: Int32Array
  private mask: number
  private count = 0

  constructor(initialSlots = 1 << 16) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, initialSlots)))
    this.his = new Int32Array(slots)
    this.los = new Int32Array(slots)
    this.seqs = new Int32Array(slots)
    this.mask = slots - 1
  }

  /** Records held. */
  get size(): number {
    return this.count
  }

  /** Notes that the record with this digest was stored under `seq` (a positive 32-bit integer). */
  add(digest: Uint8Array, seq: number): void {
    if ((this.count + 1) * 2 > this.seqs.length) this.grow()
    this.put(hiOf(digest), loOf(digest), seq)
    this.count += 1
  }

  /** The seqs of the records held whose digest starts with the same 8 bytes as `digest` (most often none). */
  candidates(digest: Uint8Array): readonly number[] {
    const hi = hiOf(digest)
    const lo = loOf(digest)
    // Allocated only on a hit: an import asks once per record, and finds a candidate once per repeat.
    let found: number[] | undefined
    for (let i = lo & this.mask; ; i = (i + 1) & this.mask) {
      const seq = this.seqs[i] as number
      if (seq === 0) return found ?? NO_SEQS
      if (this.los[i] === lo && this.his[i] === hi) {
        found ??= []
        found.push(seq)
      }
    }
  }

  private put(hi: number, lo: number, seq: number): void {
    let i = lo & this.mask
    while (this.seqs[i] !== 0) i = (i + 1) & this.mask
    this.his[i] = hi
    this.los[i] = lo
    this.seqs[i] = seq
  }

  private grow(): void {
    const { his, los, seqs } = this
    const slots = seqs.length * 2
    this.his = new Int32Array(slots)
    this.los = new Int32Array(slots)
    this.seqs = new Int32Array(slots)
    this.mask = slots - 1
    for (let i = 0; i < seqs.length; i++) {
      if (seqs[i] !== 0) this.put(his[i] as number, los[i] as number, seqs[i] as number)
    }
  }
}

const NO_SEQS: readonly number[] = Object.freeze([])

function hiOf(d: Uint8Array): number {
  return ((d[0] as number) << 24) | ((d[1] as number) << 16) | ((d[2] as number) << 8) | (d[3] as number)
}

function loOf(d: Uint8Array): number {
  return ((d[4] as number) << 24) | ((d[5] as number) << 16) | ((d[6] as number) << 8) | (d[7] as number)
}
