import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { DigestTable } from './digest-table.ts'

const digestOf = (text: string) => createHash('sha256').update(text).digest().subarray(0, 16)

describe('DigestTable', () => {
  it('finds the seq of every digest added, through its growth, and nothing for the others', () => {
    const table = new DigestTable(16)
    for (let i = 1; i <= 5_000; i++) table.add(digestOf(`record ${i}`), i)
    assert.equal(table.size, 5_000)
    for (let i = 1; i <= 5_000; i++) assert.deepEqual(table.candidates(digestOf(`record ${i}`)), [i])
    for (let i = 5_001; i <= 6_000; i++) assert.deepEqual(table.candidates(digestOf(`record ${i}`)), [])
  })

  it('gives every record whose digest starts with the same 8 bytes, for the caller to tell apart', () => {
    const table = new DigestTable()
    const a = Uint8Array.from({ length: 16 }, (_, i) => i)
    const b = Uint8Array.from({ length: 16 }, (_, i) => (i < 8 ? i : 255 - i))
    table.add(a, 7)
    table.add(b, 9)
    assert.deepEqual(table.candidates(a), [7, 9])
    assert.deepEqual(table.candidates(b), [7, 9])
  })
})
