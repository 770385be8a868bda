const HALF_BITS = 24
const HALF_MASK = (1 << HALF_BITS) - 1
const ROUNDS = 4
const DIGITS = '0123456789abcdefghijklmnopqrstuv' // base 32: ten digits hold 48 bits, shifts instead of division

/**
 * Unique, opaque ids from a counter: a keyed Feistel permutation of 48 bits, written as ten base-32
 * digits (lowercase letters and digits).
 * Consecutive accounts of one operator get unrelated-looking ids, uniqueness needs no memory, and the
 * key comes from the seed, so nothing about the operator can be read off an id.
 */
export class OpaqueIds {
  private readonly keys: readonly number[]
  private counter: number

  /** `start`: the first counter value, so that disjoint ranges (one per generator stream) give disjoint ids. */
  constructor(
    private readonly prefix: string,
    key: number,
    start = 0,
  ) {
    this.counter = start
    const keys: number[] = []
    let k = key >>> 0
    for (let i = 0; i < ROUNDS; i++) {
      k = Math.imul(k ^ (k >>> 15), 0x2c1b3c6d) + 0x297a2d39
      keys.push(k >>> 0)
    }
    this.keys = keys
  }

  /** The next id; never repeats within 2^48 calls. */
  next(): string {
    const n = this.counter++
    let left = Math.floor(n / 2 ** HALF_BITS) & HALF_MASK
    let right = n & HALF_MASK
    for (const k of this.keys) {
      const f = roundFunction(right, k)
      const nextRight = (left ^ f) & HALF_MASK
      left = right
      right = nextRight
    }
    return this.prefix + toBase32(left) + toBase32(right)
  }
}

/** Five base-32 digits of a 24-bit half (the first digit carries 4 bits). */
function toBase32(half: number): string {
  return (
    (DIGITS[(half >>> 20) & 31] as string) +
    (DIGITS[(half >>> 15) & 31] as string) +
    (DIGITS[(half >>> 10) & 31] as string) +
    (DIGITS[(half >>> 5) & 31] as string) +
    (DIGITS[half & 31] as string)
  )
}

function roundFunction(x: number, key: number): number {
  let h = Math.imul(x ^ key, 0x45d9f3b)
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b)
  return (h ^ (h >>> 16)) >>> 0
}
