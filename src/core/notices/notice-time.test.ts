import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonicalTimeZone, formatDate, formatDateTime } from './notice-time.ts'

const DEADLINE = Date.parse('2026-12-10T09:00:00Z')

describe('formatDateTime', () => {
  it('shows a moment on the seller’s wall clock, naming the zone', () => {
    assert.equal(formatDateTime(DEADLINE, 'Asia/Shanghai', 'en'), '10 December 2026, 17:00 (Asia/Shanghai)')
    assert.equal(formatDateTime(DEADLINE, 'America/New_York', 'en'), '10 December 2026, 04:00 (America/New_York)')
    assert.equal(formatDateTime(DEADLINE, 'UTC', 'en'), '10 December 2026, 09:00 (UTC)')
    assert.equal(formatDateTime(DEADLINE, 'Asia/Shanghai', 'zh'), '2026年12月10日 17:00（北京时间/Asia/Shanghai）')
    assert.equal(formatDateTime(DEADLINE, 'Asia/Kolkata', 'zh'), '2026年12月10日 14:30（Asia/Kolkata）')
  })
  it('writes midnight as 00:00 and follows summer time', () => {
    assert.equal(
      formatDateTime(Date.parse('2026-12-10T05:00:00Z'), 'America/New_York', 'en'),
      '10 December 2026, 00:00 (America/New_York)',
    )
    assert.equal(
      formatDateTime(Date.parse('2026-07-01T09:00:00Z'), 'Europe/Berlin', 'en'),
      '1 July 2026, 11:00 (Europe/Berlin)',
    )
    assert.equal(
      formatDateTime(Date.parse('2026-01-01T09:00:00Z'), 'Europe/Berlin', 'en'),
      '1 January 2026, 10:00 (Europe/Berlin)',
    )
  })
})

describe('formatDate', () => {
  it('gives the day in the seller’s zone', () => {
    const lateUtc = Date.parse('2026-12-10T23:30:00Z')
    assert.equal(formatDate(lateUtc, 'UTC', 'en'), '10 December 2026')
    assert.equal(formatDate(lateUtc, 'Asia/Shanghai', 'en'), '11 December 2026')
    assert.equal(formatDate(lateUtc, 'Asia/Shanghai', 'zh'), '2026年12月11日')
  })
})

describe('canonicalTimeZone', () => {
  it('spells a known zone as the runtime does and knows no other', () => {
    assert.equal(canonicalTimeZone('asia/shanghai'), 'Asia/Shanghai')
    assert.equal(canonicalTimeZone('Etc/UTC'), 'UTC')
    assert.equal(canonicalTimeZone('Mars/Olympus'), undefined)
    assert.equal(canonicalTimeZone(' '), undefined)
  })
})
