import { hashKey } from './key-hash.ts'

const EMPTY = -1
const MAX_LOAD = 0.6

/**
 * Interns identifier keys as dense ids 0..n-1 in an open-addressing table of typed arrays (linear probing on
 * 64-bit hashes). Grows by doubling. Mutable: owned by one linkage index.
 */
export class KeyTable {
  private his: Uint32Array
  private los: Uint32Array
  private ids: Int32Array
  private mask: number
  private count = 0

  constructor(initialCapacity = 1 << 16) {
    let cap = 1
    while (cap < initialCapacity / MAX_LOAD) cap <<= 1
    this.his = new Uint32Array(cap)
    this.los = new Uint32Array(cap)
    this.ids = new Int32Array(cap).fill(EMPTY)
    this.mask = cap - 1
  }

  get size(): number {
    return this.count
  }

  /** The id of a key, assigning the next id when it is new. */
  intern(key: string): number {
    const { hi, lo } = hashKey(key)
    return this.internHash(hi, lo)
  }

  /** The id of a key, or -1 when the table has never seen it. */
  lookup(key: string): number {
    const { hi, lo } = hashKey(key)
    let slot = (hi ^ lo) & this.mask
    while (this.ids[slot] !== EMPTY) {
      if (this.his[slot] === hi && this.los[slot] === lo) return this.ids[slot]!
      slot = (slot + 1) & this.mask
    }
    return EMPTY
  }

  /** The id of a key given by its 64-bit hash (see hashNumbers), assigning the next id when it is new. */
  internHash(hi: number, lo: number): number {
    let slot = (hi ^ lo) & this.mask
    while (this.ids[slot] !== EMPTY) {
      if (this.his[slot] === hi && this.los[slot] === lo) return this.ids[slot]!
      slot = (slot + 1) & this.mask
    }
    const id = this.count++
    this.his[slot] = hi
    this.los[slot] = lo
    this.ids[slot] = id
    if (this.count > this.ids.length * MAX_LOAD) this.grow()
    return id
  }

  private grow(): void {
    const { his, los, ids } = this
    const cap = ids.length * 2
    this.his = new Uint32Array(cap)
    this.los = new Uint32Array(cap)
    this.ids = new Int32Array(cap).fill(EMPTY)
    this.mask = cap - 1
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!
      if (id === EMPTY) continue
      let slot = (his[i]! ^ los[i]!) & this.mask
      while (this.ids[slot] !== EMPTY) slot = (slot + 1) & this.mask
      this.his[slot] = his[i]!
      this.los[slot] = los[i]!
      this.ids[slot] = id
    }
  }

  /** Bytes held by the table's arrays. */
  byteSize(): number {
    return this.his.byteLength + this.los.byteLength + this.ids.byteLength
  }
}
