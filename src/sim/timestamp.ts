const DAY_MS = 86_400_000

/** First instant of the simulated world. */
export const WORLD_START = Date.UTC(2022, 0, 1)
/** Last registration instant. */
export const REGISTRATION_END = Date.UTC(2026, 5, 30)
/** End of the data: nothing happens at or after this instant. */
export const WORLD_END = Date.UTC(2026, 8, 30)

const DAYS: readonly string[] = Array.from({ length: Math.ceil((WORLD_END - WORLD_START) / DAY_MS) + 1 }, (_, i) =>
  new Date(WORLD_START + i * DAY_MS).toISOString().slice(0, 10),
)
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))

/**
 * RFC 3339 text (UTC, whole seconds) of an epoch-millisecond instant inside the simulated world.
 * Table-driven because it runs once per record (about 16 per account); `toISOString` is several times slower.
 */
export function formatTimestamp(ms: number): string {
  const clamped = Math.min(Math.max(ms, WORLD_START), WORLD_END - 1000)
  const offset = clamped - WORLD_START
  const day = Math.floor(offset / DAY_MS)
  let s = Math.floor((offset - day * DAY_MS) / 1000)
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  return `${DAYS[day]}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}Z`
}

/** `YYYY-MM-DD` of an epoch-millisecond instant after 1900 (civil-from-days, no `Date` object). */
export function formatDate(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`
}

/** Milliseconds in `n` days. */
export function days(n: number): number {
  return n * DAY_MS
}
