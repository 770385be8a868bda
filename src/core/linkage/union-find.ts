/**
 * Disjoint sets over 0..n-1 in typed arrays (union by size, path halving): clusters of millions of accounts
 * without an object per account. Mutable by design; callers own an instance for one clustering pass.
 */
export class UnionFind {
  private readonly parent: Int32Array
  private readonly size: Int32Array

  constructor(readonly count: number) {
    this.parent = new Int32Array(count)
    this.size = new Int32Array(count).fill(1)
    for (let i = 0; i < count; i++) this.parent[i] = i
  }

  find(x: number): number {
    const p = this.parent
    let i = x
    while (p[i] !== i) {
      const grand = p[p[i]!]!
      p[i] = grand
      i = grand
    }
    return i
  }

  /** Joins the sets of a and b; returns the new root, or -1 when they were already one set. */
  union(a: number, b: number): number {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return -1
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.size[ra]! += this.size[rb]!
    return ra
  }

  sizeOf(x: number): number {
    return this.size[this.find(x)]!
  }

  /** Dense cluster numbers 0..k-1 per element, numbered in order of first appearance. */
  labels(): Int32Array {
    const label = new Int32Array(this.count).fill(-1)
    const out = new Int32Array(this.count)
    let next = 0
    for (let i = 0; i < this.count; i++) {
      const r = this.find(i)
      if (label[r] === -1) label[r] = next++
      out[i] = label[r]!
    }
    return out
  }
}
