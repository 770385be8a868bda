import type { NoticeLocale } from './notice-facts.ts'

/** A moment as a wall clock in one time zone reads it. */
interface WallClock {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: string
  readonly minute: string
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it.
const FORMATTERS = new Map<string, Intl.DateTimeFormat>()

const CANONICAL = new Map<string, string | undefined>()
const MAX_REMEMBERED = 10_000

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    FORMATTERS.set(timeZone, f)
  }
  return f
}

/**
 * The IANA name of a time zone as the runtime spells it (`asia/shanghai` → `Asia/Shanghai`), or undefined when the
 * runtime does not know it. Aliases (`Asia/Calcutta`, `US/Eastern`) are known and kept.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim()
  if (trimmed === '') return undefined
  if (CANONICAL.has(trimmed)) return CANONICAL.get(trimmed)
  let canonical: string | undefined
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone
  } catch {
    // Intl answers an unknown zone with a RangeError: that is the answer to the question asked, not a failure.
    canonical = undefined
  }
  // Names come from account records: a few hundred zones, and a bounded number of misspellings remembered.
  if (canonical !== undefined || CANONICAL.size < MAX_REMEMBERED) CANONICAL.set(trimmed, canonical)
  return canonical
}

function wallClock(at: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: part('hour').padStart(2, '0'),
    minute: part('minute').padStart(2, '0'),
  }
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** Names Chinese readers know for the zones they are most likely in; the IANA name always follows. */
const ZONE_NAMES_ZH: Readonly<Record<string, string>> = {
  'Asia/Shanghai': '北京时间',
  'Asia/Chongqing': '北京时间',
  'Asia/Harbin': '北京时间',
  PRC: '北京时间',
  'Asia/Hong_Kong': '香港时间',
  'Asia/Macau': '澳门时间',
  'Asia/Taipei': '台北时间',
  'Asia/Singapore': '新加坡时间',
  'Asia/Kuala_Lumpur': '吉隆坡时间',
  'Asia/Tokyo': '东京时间',
  'Asia/Seoul': '首尔时间',
  'Europe/London': '伦敦时间',
  'Europe/Berlin': '柏林时间',
  'Europe/Paris': '巴黎时间',
  'America/New_York': '美国东部时间',
  'America/Chicago': '美国中部时间',
  'America/Denver': '美国山地时间',
  'America/Phoenix': '美国山地时间',
  'America/Los_Angeles': '美国太平洋时间',
  UTC: '协调世界时',
  'Etc/UTC': '协调世界时',
}

/**
 * A moment as a seller reads it, in their zone, with the zone named:
 * `10 December 2026, 17:00 (Asia/Shanghai)`, `2026年12月10日 17:00（北京时间/Asia/Shanghai）`.
 */
export function formatDateTime(at: number, timeZone: string, locale: NoticeLocale): string {
  const w = wallClock(at, timeZone)
  switch (locale) {
    case 'en':
      return `${w.day} ${MONTHS_EN[w.month - 1]} ${w.year}, ${w.hour}:${w.minute} (${timeZone})`
    case 'zh': {
      const name = ZONE_NAMES_ZH[timeZone]
      return `${w.year}年${w.month}月${w.day}日 ${w.hour}:${w.minute}（${name === undefined ? timeZone : `${name}/${timeZone}`}）`
    }
  }
}

/** The calendar day of a moment in the seller's zone, for subject lines: `10 December 2026`, `2026年12月10日`. */
export function formatDate(at: number, timeZone: string, locale: NoticeLocale): string {
  const w = wallClock(at, timeZone)
  switch (locale) {
    case 'en':
      return `${w.day} ${MONTHS_EN[w.month - 1]} ${w.year}`
    case 'zh':
      return `${w.year}年${w.month}月${w.day}日`
  }
}
