import type { Bar } from './bars.ts'
import { formatCount } from './format.ts'

/**
 * Horizontal bars as a table (a screen reader reads the figures; the bars are drawn for the eye only), scaled to the
 * largest value.
 */
export function BarChart({
  title,
  bars,
  unit,
  titleShown = true,
}: {
  readonly title: string
  readonly bars: readonly Bar[]
  readonly unit?: string
  /** False when a heading next to the chart already says what it is: the title is then for screen readers only. */
  readonly titleShown?: boolean
}) {
  const max = Math.max(1, ...bars.map((b) => b.value))
  return (
    <table className="bars">
      <caption className={titleShown ? undefined : 'sr-only'}>{title}</caption>
      <tbody>
        {bars.map((b) => (
          <tr key={b.label}>
            <th scope="row">{b.label}</th>
            <td className="bar-cell">
              <span
                className={`bar ${b.tone ?? ''}`}
                style={{ width: `${(100 * b.value) / max}%` }}
                aria-hidden="true"
              />
            </td>
            <td className="num">
              {formatCount(b.value)}
              {unit === undefined ? '' : ` ${unit}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
