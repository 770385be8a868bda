import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { toInstant } from '../../core/time.ts'
import type { NewAuditRecord } from '../../ports/index.ts'
import { canonicalJson, chainAuditRecords, EMPTY_AUDIT_TAIL, hashAuditRecord, verifyAuditChain } from './audit-chain.ts'

const T0 = toInstant(Date.UTC(2026, 0, 1))
const entry = (i: number, detail: Record<string, unknown> = { i }): NewAuditRecord => ({
  at: toInstant(T0 + i),
  actor: 'alice',
  action: 'decision.record',
  subject: `a${i}`,
  detail,
})

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 0, y: 'é' }], c: null } }),
      '{"a":{"c":null,"d":[2,{"y":"é","z":0}]},"b":1}',
    )
  })

  it('leaves out undefined members and writes what JSON cannot hold as JSON.stringify does', () => {
    assert.equal(
      canonicalJson({ a: undefined, b: [undefined, Number.NaN], c: new Date(0) }),
      '{"b":[null,null],"c":"1970-01-01T00:00:00.000Z"}',
    )
  })

  it('gives the same text for a value read back from its own text (what a store hands back)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v)
        assert.equal(canonicalJson(JSON.parse(text)), text)
      }),
    )
  })
})

describe('the audit chain', () => {
  it('chains the first record to "" and each next one to the previous hash', () => {
    const [first, second] = chainAuditRecords(EMPTY_AUDIT_TAIL, [entry(1), entry(2)])
    const content = `{"action":"decision.record","actor":"alice","at":${T0 + 1},"detail":{"i":1},"seq":1,"subject":"a1"}`
    assert.equal(first?.hash, createHash('sha256').update(content).digest('hex'))
    assert.equal(first?.detailJson, '{"i":1}')
    assert.equal(second?.seq, 2)
    assert.equal(second?.hash, hashAuditRecord(first!.hash, second!))
  })

  it('hashes a detail the same whatever the order of its keys', () => {
    const [x] = chainAuditRecords(EMPTY_AUDIT_TAIL, [entry(1, { a: 1, b: 2 })])
    const [y] = chainAuditRecords(EMPTY_AUDIT_TAIL, [entry(1, { b: 2, a: 1 })])
    assert.equal(x?.hash, y?.hash)
  })

  it('verifies a chain, and a page of it from the record before', () => {
    const records = chainAuditRecords(EMPTY_AUDIT_TAIL, [entry(1), entry(2), entry(3), entry(4)])
    assert.deepEqual(verifyAuditChain(records), { ok: true, checked: 4 })
    assert.deepEqual(verifyAuditChain(records.slice(2), records[1]), { ok: true, checked: 2 })
    assert.deepEqual(verifyAuditChain([]), { ok: true, checked: 0 })
    const more = chainAuditRecords(records[3]!, [entry(5)])
    assert.deepEqual(verifyAuditChain([...records, ...more]), { ok: true, checked: 5 })
  })

  it('names the first record whose content was edited, even when its hash was recomputed', () => {
    const records = chainAuditRecords(EMPTY_AUDIT_TAIL, [entry(1), entry(2), entry(3)])
    const edited = records.map((r) => (r.seq === 2 ? { ...r, actor: 'mallory' } : r))
    assert.deepEqual(verifyAuditChain(edited), {
      ok: false,
      brokenAt: 2,
      reason: 'its hash does not match its content',
    })
    const rehashed = edited.map((r) => (r.seq === 2 ? { ...r, hash: hashAuditRecord(records[0]!.hash, r) } : r))
    assert.deepEqual(verifyAuditChain(rehashed), {
      ok: false,
      brokenAt: 3,
      reason: 'its hash does not match its content',
    })
  })

  it('names the record after one removed, and a record out of order', () => {
    const records = chainAuditRecords(EMPTY_AUDIT_TAIL, [entry(1), entry(2), entry(3)])
    assert.deepEqual(verifyAuditChain([records[0]!, records[2]!]), { ok: false, brokenAt: 3, reason: 'follows seq 1' })
    assert.deepEqual(verifyAuditChain([records[1]!, records[0]!]), { ok: false, brokenAt: 2, reason: 'follows seq 0' })
  })
})
