import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseRecordLine } from './parse-record.ts'

const account = {
  type: 'account',
  account: 'a1',
  at: '2024-01-02T03:04:05Z',
  marketplace: 'US',
  kind: 'business',
  channel: { type: 'partner', ref: 'p-9' },
  email: 'Foo@Bar.com',
  business: {
    name: 'Acme LLC',
    country: 'US',
    registrationNumber: '',
    address: { lines: ['1 Main St'], country: 'US' },
  },
}

function issuesOf(value: unknown): string[] {
  const r = parseRecordLine(typeof value === 'string' ? value : JSON.stringify(value))
  return r.ok ? [] : r.error.map((i) => `${i.field}: ${i.message}`)
}

describe('parseRecordLine', () => {
  it('accepts a valid account record and reads its timestamp as an instant', () => {
    const r = parseRecordLine(JSON.stringify(account))
    assert.ok(r.ok)
    assert.equal(r.value.at, Date.UTC(2024, 0, 2, 3, 4, 5))
    assert.equal(r.value.record.type, 'account')
  })

  it('treats empty strings and nulls as absent, so an empty optional field is not an error', () => {
    const r = parseRecordLine(JSON.stringify({ ...account, phone: '', card: null }))
    assert.ok(r.ok)
    assert.ok(r.value.record.type === 'account')
    assert.equal('phone' in r.value.record, false)
    assert.equal(r.value.record.business?.registrationNumber, undefined)
  })

  it('reads the locale and time zone extension, and names a malformed one', () => {
    const r = parseRecordLine(JSON.stringify({ ...account, locale: 'zh-CN', timeZone: 'Asia/Shanghai' }))
    assert.ok(r.ok && r.value.record.type === 'account')
    assert.deepEqual([r.value.record.locale, r.value.record.timeZone], ['zh-CN', 'Asia/Shanghai'])
    assert.deepEqual(issuesOf({ ...account, locale: 'not a tag!', timeZone: 'Mars/Olympus' }), [
      'locale: must be a BCP 47 language tag such as "zh-CN" or "en"',
      'timeZone: must be an IANA time zone such as "Asia/Shanghai"',
    ])
    const update = { type: 'update', account: 'a1', at: '2024-01-03T00:00:00Z', set: { timeZone: 'Europe/Berlin' } }
    assert.deepEqual(issuesOf(update), [])
  })

  it('keeps unknown fields in the stored body but not in the typed record', () => {
    const r = parseRecordLine(JSON.stringify({ ...account, loyaltyTier: 'gold' }))
    assert.ok(r.ok)
    assert.match(r.value.body, /loyaltyTier/)
    assert.equal('loyaltyTier' in r.value.record, false)
  })

  it('names the field and the reason for wrong types, missing fields and bad enums', () => {
    assert.deepEqual(
      issuesOf({ type: 'session', account: 7, at: '2024-01-01T00:00:00Z', ip: '1.1.1.1', device: 'd' }),
      ['account: expected string, got number 7'],
    )
    assert.deepEqual(issuesOf({ type: 'session', account: 'a', at: '2024-01-01T00:00:00Z', device: 'd' }), [
      'ip: is required',
    ])
    assert.deepEqual(issuesOf({ ...account, kind: 'corp' }), [
      'kind: must be one of "individual", "business"; got "corp"',
    ])
    assert.deepEqual(issuesOf({ ...account, business: { ...account.business, country: 'usa' } }), [
      'business.country: must be an ISO 3166-1 alpha-2 country code in capitals, e.g. "GB"',
    ])
  })

  it('rejects timestamps that are not RFC 3339 or not on the calendar', () => {
    for (const at of [
      '2024-02-30T00:00:00Z',
      '2024-01-01T25:00:00Z',
      '2024-01-01T00:00:00',
      '2024-01-01',
      'yesterday',
    ]) {
      assert.deepEqual(
        issuesOf({ ...account, at }),
        ['at: must be an RFC 3339 timestamp such as 2026-01-31T09:30:00Z'],
        at,
      )
    }
    assert.deepEqual(issuesOf({ ...account, at: '2024-02-29T23:59:59.123+05:30' }), [])
  })

  it('rejects what is not a JSON object, with the line as the field', () => {
    assert.deepEqual(issuesOf('[1,2]'), ['(line): must be a JSON object'])
    assert.deepEqual(issuesOf('42'), ['(line): must be a JSON object'])
    assert.match(issuesOf('{"type":"acc')[0] ?? '', /^\(line\): not valid JSON/)
  })

  it('rejects a missing or unknown record type, listing the known ones', () => {
    assert.deepEqual(issuesOf({ account: 'a', at: '2024-01-01T00:00:00Z' }), [
      'type: is required: one of account, session, update, listing, verification, status',
    ])
    assert.match(issuesOf({ type: 'refund', account: 'a' })[0] ?? '', /^type: unknown record type "refund"/)
  })

  it('rejects strings that are not valid Unicode, naming the field', () => {
    const line = JSON.stringify({ ...account, business: { name: 'x', country: 'US' } }).replace('"x"', '"\\ud800x"')
    assert.deepEqual(issuesOf(line), ['business.name: contains an unpaired surrogate (not valid Unicode)'])
  })

  it('keeps names in any script exactly as typed', () => {
    const name = '王小明 محمد 👩‍👩‍👧 Zoë Ångström e\u0301'
    const r = parseRecordLine(JSON.stringify({ ...account, business: { name, country: 'CN' } }))
    assert.ok(r.ok && r.value.record.type === 'account')
    assert.equal(r.value.record.business?.name, name)
  })

  it('reads a null or empty field in an update as "cleared"', () => {
    const r = parseRecordLine(
      JSON.stringify({ type: 'update', account: 'a', at: '2024-01-01T00:00:00Z', set: { card: null, email: '' } }),
    )
    assert.ok(r.ok && r.value.record.type === 'update')
    assert.deepEqual(r.value.record.set, { card: null, email: null })
  })

  it('rejects an update that sets nothing', () => {
    assert.deepEqual(issuesOf({ type: 'update', account: 'a', at: '2024-01-01T00:00:00Z', set: {} }), [
      'set: must set at least one of the account fields',
    ])
  })

  it('bounds huge values', () => {
    assert.match(issuesOf({ ...account, email: `${'x'.repeat(400)}@a.com` })[0] ?? '', /^email: .*320/)
    const listing = { type: 'listing', account: 'a', at: '2024-01-01T00:00:00Z', id: 'l', title: 't', price: 1e300 }
    assert.match(issuesOf(listing)[0] ?? '', /^price: /)
  })
})
