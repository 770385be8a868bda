// Times and numbers as people read them. Pure: the zone and the clock are arguments.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A date and time in a time zone, e.g. "3 Dec 2026, 14:05 (Europe/Berlin)". */
export function formatInZone(iso: string, zone: string, locale = 'en-GB'): string {
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  }).format(t)
  return `${text} (${zone})`
}

/** How far a time is from now, in the largest whole unit: "in 3 days", "5 hours ago". */
export function relativeTime(iso: string, now: number): string {
  const diff = Date.parse(iso) - now
  if (Number.isNaN(diff)) return iso
  const abs = Math.abs(diff)
  const [n, unit] =
    abs >= 2 * DAY
      ? [Math.floor(abs / DAY), 'days']
      : abs >= 2 * HOUR
        ? [Math.floor(abs / HOUR), 'hours']
        : abs >= 2 * MINUTE
          ? [Math.floor(abs / MINUTE), 'minutes']
          : [0, '']
  if (n === 0) return 'now'
  return diff > 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`
}

/** A short UTC date and time for reviewers, who compare times across sellers: "2026-12-03 13:05 UTC". */
export function formatUtc(iso: string | null): string {
  if (iso === null) return '—'
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  return `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** A snake_case code as words: "hold_payouts" → "hold payouts". */
export function words(code: string): string {
  return code.replaceAll('_', ' ')
}

/** A file size for people: "840 B", "12 kB", "3.4 MB" (decimal units, as the upload limits are stated). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`
  if (n < 1_000_000) return `${Math.round(n / 1000)} kB`
  return `${(n / 1_000_000).toFixed(1)} MB`
}
