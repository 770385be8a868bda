import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatBytes, formatInZone, formatUtc, relativeTime, words } from './format.ts'

const NOW = Date.UTC(2026, 11, 1, 12)

describe('format', () => {
  it('writes a time in the zone asked, naming the zone', () => {
    const iso = '2026-12-03T23:30:00Z'
    assert.equal(formatInZone(iso, 'Europe/Berlin'), '4 Dec 2026, 00:30 (Europe/Berlin)')
    assert.equal(formatInZone(iso, 'America/New_York'), '3 Dec 2026, 18:30 (America/New_York)')
    assert.match(formatInZone(iso, 'Asia/Shanghai', 'zh-CN'), /2026年12月4日.*07:30 \(Asia\/Shanghai\)/)
  })

  it('says how far a time is in its largest whole unit, ahead or past', () => {
    assert.equal(relativeTime(new Date(NOW + 3 * 86_400_000 + 5_000).toISOString(), NOW), 'in 3 days')
    assert.equal(relativeTime(new Date(NOW - 5 * 3_600_000).toISOString(), NOW), '5 hours ago')
    assert.equal(relativeTime(new Date(NOW + 30_000).toISOString(), NOW), 'now')
  })

  it('writes UTC times for reviewers and codes as words', () => {
    assert.equal(formatUtc('2026-12-03T13:05:09.123Z'), '2026-12-03 13:05 UTC')
    assert.equal(formatUtc(null), '—')
    assert.equal(words('hold_payouts'), 'hold payouts')
  })

  it('writes a file size in decimal units', () => {
    assert.deepEqual([840, 12_400, 3_400_000].map(formatBytes), ['840 B', '12 kB', '3.4 MB'])
  })
})
