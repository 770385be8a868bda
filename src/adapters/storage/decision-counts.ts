// How `countDecisionsByRule` reads the counters of migration 11 on both engines: the whole UTC days of the range from
// `decision_counts`, the parts of days at its edges counted from `decisions`.
import { OnesellerError } from '../../core/errors.ts'
import { MS_PER_DAY } from '../../core/time.ts'

/** The UTC day of an instant as `decision_counts.day` holds it: days since 1970-01-01, negative before. */
export function dayOf(at: number): number {
  return Math.floor(at / MS_PER_DAY)
}

/** Part of a range that is not a whole UTC day: `[from, to)` in whole milliseconds, within days `firstDay`…`lastDay`. */
export interface PartialDays {
  readonly from: number
  readonly to: number
  readonly firstDay: number
  readonly lastDay: number
}

/** `[from, to)` as whole UTC days (`firstDay`…`lastDay`, read from the counters) and the parts left at its edges. */
export interface DecisionCountPlan {
  readonly days: { readonly firstDay: number; readonly lastDay: number } | undefined
  readonly partial: readonly PartialDays[]
}

/**
 * Splits `[from, to)` into the whole UTC days it covers and at most two parts of a day before and after them (the
 * daily caps ask for one whole day: no part). Throws `invalid_input` for a bound that is not a finite number.
 */
export function planDecisionCount(from: number, to: number): DecisionCountPlan {
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new OnesellerError(
      'invalid_input',
      `counting decisions: the range [${from}, ${to}) must have finite bounds (epoch milliseconds)`,
    )
  }
  if (!(from < to)) return { days: undefined, partial: [] }
  const firstWhole = Math.ceil(from / MS_PER_DAY)
  const afterWhole = Math.floor(to / MS_PER_DAY)
  if (firstWhole >= afterWhole) return { days: undefined, partial: [partOf(from, to)] }
  const partial: PartialDays[] = []
  if (from < firstWhole * MS_PER_DAY) partial.push(partOf(from, firstWhole * MS_PER_DAY))
  if (afterWhole * MS_PER_DAY < to) partial.push(partOf(afterWhole * MS_PER_DAY, to))
  return { days: { firstDay: firstWhole, lastDay: afterWhole - 1 }, partial }
}

function partOf(from: number, to: number): PartialDays {
  // Decision times are whole milliseconds: at >= from is at >= ceil(from), and at < to is at < ceil(to).
  const first = Math.ceil(from)
  const end = Math.ceil(to)
  return { from: first, to: end, firstDay: dayOf(first), lastDay: dayOf(end - 1) }
}

/** Adds per-rule counts into `into`; the result keeps only rules with at least one decision. */
export function addCounts(
  into: Map<string, number>,
  rows: readonly { readonly rule: string; readonly n: number | string }[],
): void {
  for (const r of rows) into.set(r.rule, (into.get(r.rule) ?? 0) + Number(r.n))
}

/** The counts without rules whose decisions were all taken off again (a counter back at zero). */
export function withoutZeros(counts: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  return new Map([...counts].filter(([, n]) => n > 0))
}
