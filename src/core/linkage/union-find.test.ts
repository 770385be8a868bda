import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KeyTable } from './key-table.ts'
import { UnionFind } from './union-find.ts'

describe('UnionFind', () => {
  it('joins sets and labels them densely in order of first appearance', () => {
    const uf = new UnionFind(6)
    uf.union(4, 5)
    uf.union(1, 4)
    assert.equal(uf.union(5, 1), -1)
    assert.equal(uf.sizeOf(5), 3)
    assert.deepEqual([...uf.labels()], [0, 1, 2, 3, 1, 1])
  })
})

describe('KeyTable', () => {
  it('gives each distinct key one dense id, across growth', () => {
    const t = new KeyTable(4)
    const ids = Array.from({ length: 10_000 }, (_, i) => t.intern(`email:user${i}@example.com`))
    assert.deepEqual(ids.slice(0, 3), [0, 1, 2])
    assert.equal(t.size, 10_000)
    assert.equal(t.intern('email:user42@example.com'), 42)
    assert.equal(t.lookup('email:user9999@example.com'), 9999)
    assert.equal(t.lookup('email:nobody@example.com'), -1)
  })

  it('tells apart keys that differ only slightly', () => {
    const t = new KeyTable()
    assert.notEqual(t.intern('ip:10.0.0.1'), t.intern('ip:10.0.0.2'))
    assert.notEqual(t.intern('ab'), t.intern('ba'))
  })
})
